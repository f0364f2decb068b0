package exposure

import "github.com/RoaringBitmap/roaring/v2"

// Exposure is the outcome of matching one Advisory against the estate.
type Exposure struct {
	// Exposed counts hosts with an affected version and no fixing update.
	Exposed uint64
	// Unknown counts hosts whose installed version could not be compared
	// (and that are neither exposed through another version nor fixed).
	Unknown uint64
	// ByOrg has one entry per organisation with an exposed or unknown
	// host, in increasing org order.
	ByOrg []OrgExposure
}

// OrgExposure is one organisation's share of an Exposure.
type OrgExposure struct {
	Org     uint32
	Exposed uint32
	Unknown uint32
}

// Match returns how many hosts, in all and per organisation, a is exposing.
func (m *Matcher) Match(a *Advisory) Exposure {
	m.mu.RLock()
	defer m.mu.RUnlock()
	exposed, unknown := m.resolve(a)
	return m.x.countByOrg(exposed, unknown)
}

// ExposedHosts returns the ids of org's hosts exposed by a, in increasing
// order; unknown hosts are not included.
func (m *Matcher) ExposedHosts(a *Advisory, org uint32) []uint32 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	exposed, _ := m.resolve(a)
	return m.x.ofOrg(exposed, org)
}

// MatchAny is Match for several advisories read as one: a host is exposed
// when any of them exposes it, and unknown when none does and any cannot
// tell. An alert naming several products or Windows builds is matched so.
func (m *Matcher) MatchAny(as []*Advisory) Exposure {
	m.mu.RLock()
	defer m.mu.RUnlock()
	exposed, unknown := m.resolveAny(as)
	return m.x.countByOrg(exposed, unknown)
}

// OrgHosts returns the ids of org's hosts exposed by any of as, and of
// those whose exposure cannot be told, each in increasing order.
func (m *Matcher) OrgHosts(as []*Advisory, org uint32) (exposed, unknown []uint32) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, u := m.resolveAny(as)
	return m.x.ofOrg(e, org), m.x.ofOrg(u, org)
}

// ofOrg lists the hosts of b that belong to org.
func (x *index) ofOrg(b *roaring.Bitmap, org uint32) []uint32 {
	var out []uint32
	buf := make([]uint32, 1024)
	it := b.ManyIterator()
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, h := range buf[:n] {
			if x.hostOrg[h] == org {
				out = append(out, h)
			}
		}
	}
	return out
}

// resolveAny ORs the advisories' bitmaps; a host exposed by one and
// unknown by another is exposed.
func (m *Matcher) resolveAny(as []*Advisory) (exposed, unknown *roaring.Bitmap) {
	if len(as) == 1 {
		return m.resolve(as[0])
	}
	exposed, unknown = roaring.New(), roaring.New()
	for _, a := range as {
		e, u := m.resolve(a)
		exposed.Or(e)
		unknown.Or(u)
	}
	unknown.AndNot(exposed)
	return exposed, unknown
}

// resolve computes the bitmaps of exposed hosts and of unknown hosts. Caller
// holds the read lock.
func (m *Matcher) resolve(a *Advisory) (exposed, unknown *roaring.Bitmap) {
	x := m.x
	pid, ok := x.productIDs[a.Product]
	if !ok {
		return roaring.New(), roaring.New()
	}
	p := &x.products[pid]
	var hit, unk []*roaring.Bitmap
	for ord, v := range a.verdictsFor(x, p) {
		switch v {
		case Affected:
			hit = append(hit, x.bitmaps[p.pvs[ord]])
		case Unknown:
			unk = append(unk, x.bitmaps[p.pvs[ord]])
		}
	}
	exposed = roaring.FastOr(hit...)
	unknown = roaring.FastOr(unk...)
	if len(unk) > 0 {
		// A host both on an affected version and on an unparseable one
		// is exposed; report it once.
		unknown.AndNot(exposed)
	}
	if fixed := x.fixedBy(a.FixedBy); fixed != nil {
		exposed.AndNot(fixed)
		unknown.AndNot(fixed)
	}
	if a.NeedsUpdates && !exposed.IsEmpty() {
		noUpdates := roaring.AndNot(exposed, x.withUpdates())
		exposed.AndNot(noUpdates)
		unknown.Or(noUpdates)
	}
	return exposed, unknown
}

// withUpdates returns the hosts whose snapshot names any installed update,
// built on the first query after a write. Callers hold the read lock and
// must not change it.
func (x *index) withUpdates() *roaring.Bitmap {
	if b := x.updated.Load(); b != nil {
		return b
	}
	x.updatedMu.Lock()
	defer x.updatedMu.Unlock()
	if b := x.updated.Load(); b != nil {
		return b
	}
	var all []*roaring.Bitmap
	if pid, ok := x.productIDs[KBProduct]; ok {
		for _, pv := range x.products[pid].pvs {
			all = append(all, x.bitmaps[pv])
		}
	}
	b := roaring.FastOr(all...)
	x.updated.Store(b)
	return b
}

// fixedBy returns the hosts that have any of the updates kbs installed, or
// nil when none has.
func (x *index) fixedBy(kbs []string) *roaring.Bitmap {
	if len(kbs) == 0 {
		return nil
	}
	var with []*roaring.Bitmap
	for _, kb := range kbs {
		if pv, ok := x.lookup(KBItem(kb)); ok {
			with = append(with, x.bitmaps[pv])
		}
	}
	if len(with) == 0 {
		return nil
	}
	return roaring.FastOr(with...)
}

// HostsByOrg is OrgHosts for every organisation want accepts at once, in
// one pass over the result: the hosts exposed by any of as, and those
// whose exposure cannot be told, grouped by organisation.
func (m *Matcher) HostsByOrg(as []*Advisory, want func(org uint32) bool) (exposed, unknown map[uint32][]uint32) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, u := m.resolveAny(as)
	group := func(b *roaring.Bitmap) map[uint32][]uint32 {
		out := map[uint32][]uint32{}
		buf := make([]uint32, 1024)
		it := b.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			for _, h := range buf[:n] {
				if org := m.x.hostOrg[h]; want(org) {
					out[org] = append(out[org], h)
				}
			}
		}
		return out
	}
	return group(e), group(u)
}
