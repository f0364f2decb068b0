package exposure_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"rollcall/exposure"
	"rollcall/exposure/synthetic"
)

// The matcher against the row-by-row reference on generated estates. These
// are external tests: the generator lives in exposure/synthetic, which
// imports exposure.

// TestMatchAgreesWithReference is a property test: for many random
// advisories, some with fixing KBs, the matcher's counts, per-organisation
// counts and host lists equal those of a row-by-row string comparison.
func TestMatchAgreesWithReference(t *testing.T) {
	e := synthetic.NewEstate(40, 4000, 50, 11)
	hosts := e.All()
	m := exposure.NewMatcher()
	m.AddHosts(hosts)
	m.Optimize()
	gen := synthetic.NewAdvisories(e, 3)
	r := rand.New(rand.NewPCG(5, 5))
	kbs := []string{"KB4012212", "KB4012215", "KB4015549", e.OtherKBs()[0], e.OtherKBs()[1], "KB9999999"}
	nonEmpty := 0
	for i := 0; i < 300; i++ {
		a := gen.Next()
		if i%4 == 0 {
			a.FixedBy = []string{kbs[r.IntN(len(kbs))], kbs[r.IntN(len(kbs))]}
		}
		if i%10 == 0 {
			a.Affected = nil // every version
		}
		want := exposure.ReferenceMatch(hosts, a)
		got := m.Match(a)
		if !exposure.SameExposure(got, want) {
			t.Fatalf("advisory %d on %s: got %d exposed %d unknown (%d orgs), want %d, %d (%d orgs)",
				i, a.Product, got.Exposed, got.Unknown, len(got.ByOrg), want.Exposed, want.Unknown, len(want.ByOrg))
		}
		if want.Exposed > 0 {
			nonEmpty++
			org := want.ByOrg[0].Org
			var wantHosts []uint32
			for _, h := range hosts {
				if h.Org == org && exposure.ReferenceMatch([]exposure.Host{h}, a).Exposed == 1 {
					wantHosts = append(wantHosts, h.ID)
				}
			}
			if got := m.ExposedHosts(a, org); !slices.Equal(got, wantHosts) {
				t.Fatalf("advisory %d, org %d: got hosts %v, want %v", i, org, got, wantHosts)
			}
		}
	}
	if nonEmpty < 50 {
		t.Errorf("only %d of 300 advisories exposed any host; the property is barely exercised", nonEmpty)
	}
}

// TestMS17010OnGeneratedEstate checks the generator puts hosts on both sides
// of MS17-010 and that the matcher agrees with the row-by-row reference.
func TestMS17010OnGeneratedEstate(t *testing.T) {
	a := exposure.MS17010(t)
	e := synthetic.NewEstate(20, 3000, 30, 1)
	hosts := e.All()
	m := exposure.NewMatcher()
	m.AddHosts(hosts)
	got, want := m.Match(a), exposure.ReferenceMatch(hosts, a)
	if !exposure.SameExposure(got, want) {
		t.Fatalf("got %d exposed, %d unknown, want %d, %d", got.Exposed, got.Unknown, want.Exposed, want.Unknown)
	}
	if got.Exposed == 0 {
		t.Error("no generated host is exposed to MS17-010")
	}
}
