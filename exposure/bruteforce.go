package exposure

import "slices"

// flatEstate is the brute-force reference's view of the estate: every row of
// every host as a product-version id, in one flat array (four bytes a row).
// It is built by generating the estate a second time, not from the bitmaps,
// so a host missing from a bitmap would show up as a mismatch. It shares the
// Matcher's dictionary (string to id), which is plain map lookup.
type flatEstate struct {
	offsets []uint64 // host h's rows are pvs[offsets[h]:offsets[h+1]]
	pvs     []uint32
	org     []uint32
}

// flatten regenerates e and records each row's product-version id.
func flatten(e *Estate, m *Matcher, workers int) *flatEstate {
	f := &flatEstate{offsets: make([]uint64, 1, e.Hosts+1), org: make([]uint32, 0, e.Hosts)}
	m.mu.RLock()
	defer m.mu.RUnlock()
	e.Generate(workers, 1024, func(hosts []Host) {
		for _, h := range hosts {
			for _, it := range h.Items {
				pv, _ := m.x.lookup(it)
				f.pvs = append(f.pvs, pv)
			}
			f.offsets = append(f.offsets, uint64(len(f.pvs)))
			f.org = append(f.org, h.Org)
		}
	})
	return f
}

// bruteForce matches a by visiting every row of every host. It calls a's
// predicate itself rather than reading a's cache.
func (f *flatEstate) bruteForce(m *Matcher, a *Advisory) Exposure {
	const (
		affected = 1 << iota
		unknown
		fixing
	)
	m.mu.RLock()
	x := m.x
	mark := make([]uint8, len(x.bitmaps))
	if pid, ok := x.productIDs[a.Product]; ok {
		p := &x.products[pid]
		for ord, v := range p.versions {
			switch verdict := a.Affected; {
			case verdict == nil || verdict(v) == Affected:
				mark[p.pvs[ord]] = affected
			case verdict(v) == Unknown:
				mark[p.pvs[ord]] = unknown
			}
		}
	}
	for _, kb := range a.FixedBy {
		if pv, ok := x.lookup(KBItem(kb)); ok {
			mark[pv] |= fixing
		}
	}
	orgs := x.orgCount
	m.mu.RUnlock()

	counts := make([]uint32, 2*orgs)
	var e Exposure
	for h := range f.org {
		var seen uint8
		for _, pv := range f.pvs[f.offsets[h]:f.offsets[h+1]] {
			seen |= mark[pv]
		}
		switch {
		case seen&fixing != 0:
		case seen&affected != 0:
			e.Exposed++
			counts[2*f.org[h]]++
		case seen&unknown != 0:
			e.Unknown++
			counts[2*f.org[h]+1]++
		}
	}
	for org := uint32(0); org < orgs; org++ {
		if c := counts[2*org : 2*org+2]; c[0] != 0 || c[1] != 0 {
			e.ByOrg = append(e.ByOrg, OrgExposure{Org: org, Exposed: c[0], Unknown: c[1]})
		}
	}
	return e
}

func sameExposure(a, b Exposure) bool {
	return a.Exposed == b.Exposed && a.Unknown == b.Unknown && slices.Equal(a.ByOrg, b.ByOrg)
}
