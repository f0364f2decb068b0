package exposure

import "sync"

// Verdict is a Predicate's answer for one installed version.
type Verdict uint8

// The zero Verdict is Unknown, so a predicate that forgets a case fails
// towards "we cannot tell", never towards "safe".
const (
	// Unknown: the version could not be parsed or compared. Hosts with it
	// are counted as unknown, never as not exposed.
	Unknown Verdict = iota
	// Affected: the version is in an affected range.
	Affected
	// NotAffected: the version was compared and is outside every range.
	NotAffected
)

// String names the verdict for messages and tests.
func (v Verdict) String() string {
	switch v {
	case Affected:
		return "affected"
	case NotAffected:
		return "not affected"
	default:
		return "unknown"
	}
}

// Predicate decides whether one installed version of the advisory's product
// is affected. It is called once per distinct version in the estate, not
// once per host, so it may be slow; it must be deterministic.
type Predicate func(version string) Verdict

// Advisory is what the Matcher matches: one product, a predicate over its
// versions, and optionally the updates that fix it whatever the version
// (Windows KBs, including later cumulative updates that contain the fix).
//
// An Advisory caches its predicate's verdict per product-version of the
// Matcher it was last matched against, so re-matching after new inventory
// only evaluates versions never seen before. Use it through a pointer.
type Advisory struct {
	// Product is the product key, as in Item.Product.
	Product string
	// Affected says which versions are affected; nil means all are.
	Affected Predicate
	// FixedBy lists updates (KBProduct versions, "KB4012215"): a host with
	// any of them installed is not exposed, nor unknown.
	FixedBy []string
	// NeedsUpdates says the fix is told only by installed updates (a
	// Windows build serviced by monthly rollups): a host whose snapshot
	// carries no update at all — an inventory that does not collect them —
	// cannot be told, rather than exposed.
	NeedsUpdates bool

	mu       sync.Mutex
	owner    *index    // the index the cache belongs to
	verdicts []Verdict // by version ordinal within Product
}

// verdictsFor returns the advisory's verdict for each version ordinal of p,
// evaluating the predicate only for ordinals not yet cached. The caller holds
// at least the Matcher's read lock, which keeps p's versions from growing.
func (a *Advisory) verdictsFor(x *index, p *product) []Verdict {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.owner != x {
		a.owner, a.verdicts = x, nil
	}
	for i := len(a.verdicts); i < len(p.versions); i++ {
		v := Affected
		if a.Affected != nil {
			v = a.Affected(p.versions[i])
		}
		a.verdicts = append(a.verdicts, v)
	}
	return a.verdicts
}
