package exposure

import (
	"slices"
	"testing"
)

// referenceMatch is the simplest possible matcher: every item of every host,
// compared as strings, the predicate called per row.
func referenceMatch(hosts []Host, a *Advisory) Exposure {
	perOrg := map[uint32]*OrgExposure{}
	var e Exposure
	for _, h := range hosts {
		affected, unknown, fixed := false, false, false
		for _, it := range h.Items {
			if it.Product == KBProduct && slices.Contains(a.FixedBy, it.Version) {
				fixed = true
			}
			if it.Product != a.Product {
				continue
			}
			v := Affected
			if a.Affected != nil {
				v = a.Affected(it.Version)
			}
			affected = affected || v == Affected
			unknown = unknown || v == Unknown
		}
		if fixed || (!affected && !unknown) {
			continue
		}
		if perOrg[h.Org] == nil {
			perOrg[h.Org] = &OrgExposure{Org: h.Org}
		}
		if affected {
			e.Exposed++
			perOrg[h.Org].Exposed++
		} else {
			e.Unknown++
			perOrg[h.Org].Unknown++
		}
	}
	for _, o := range perOrg {
		e.ByOrg = append(e.ByOrg, *o)
	}
	slices.SortFunc(e.ByOrg, func(a, b OrgExposure) int { return int(a.Org) - int(b.Org) })
	return e
}

// sameExposure reports whether two answers agree host for host.
func sameExposure(a, b Exposure) bool {
	return a.Exposed == b.Exposed && a.Unknown == b.Unknown && slices.Equal(a.ByOrg, b.ByOrg)
}

// TestUnknownAndPerOrg pins the counting rules on a hand-made estate.
func TestUnknownAndPerOrg(t *testing.T) {
	const app = "cpe:example:app"
	m := NewMatcher()
	m.AddHosts([]Host{
		{ID: 0, Org: 0, Items: []Item{{app, "1.0"}}},
		{ID: 1, Org: 0, Items: []Item{{app, "custom-build"}}},
		{ID: 2, Org: 1, Items: []Item{{app, "2.0"}}},
		{ID: 3, Org: 1, Items: []Item{{app, "1.0"}, {app, "custom-build"}}},
		{ID: 4, Org: 2, Items: []Item{{app, "custom-build"}, KBItem("KB1")}},
		{ID: 5, Org: 2, Items: []Item{{"cpe:example:other", "1.0"}}},
		{ID: 6, Org: 3, Items: []Item{{app, "1.0"}, KBItem("kb1")}},
	})
	pred := func(v string) Verdict {
		switch v {
		case "1.0":
			return Affected
		case "2.0":
			return NotAffected
		}
		return Unknown
	}
	calls := 0
	counted := func(v string) Verdict { calls++; return pred(v) }
	tests := []struct {
		name string
		adv  *Advisory
		want Exposure
	}{
		{"unknown kept apart, affected wins on a host with both", &Advisory{Product: app, Affected: pred},
			Exposure{Exposed: 3, Unknown: 2, ByOrg: []OrgExposure{{0, 1, 1}, {1, 1, 0}, {2, 0, 1}, {3, 1, 0}}}},
		{"fixing KB removes exposed and unknown hosts", &Advisory{Product: app, Affected: pred, FixedBy: []string{"KB1"}},
			Exposure{Exposed: 2, Unknown: 1, ByOrg: []OrgExposure{{0, 1, 1}, {1, 1, 0}}}},
		{"nil predicate: every version", &Advisory{Product: app},
			Exposure{Exposed: 6, ByOrg: []OrgExposure{{0, 2, 0}, {1, 2, 0}, {2, 1, 0}, {3, 1, 0}}}},
		{"product nobody has", &Advisory{Product: "cpe:example:none", Affected: pred}, Exposure{}},
		{"predicate once per version", &Advisory{Product: app, Affected: counted},
			Exposure{Exposed: 3, Unknown: 2, ByOrg: []OrgExposure{{0, 1, 1}, {1, 1, 0}, {2, 0, 1}, {3, 1, 0}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 3 {
				if got := m.Match(tc.adv); !sameExposure(got, tc.want) {
					t.Fatalf("got %+v, want %+v", got, tc.want)
				}
			}
		})
	}
	if calls != 3 {
		t.Errorf("predicate called %d times for 3 distinct versions over 3 matches, want 3", calls)
	}
	m.AddHost(7, 3, []Item{{app, "0.9"}})
	if got := m.Match(tests[4].adv); got.Unknown != 3 || calls != 4 {
		t.Errorf("after a new version: got %d unknown and %d predicate calls, want 3 and 4", got.Unknown, calls)
	}
}

func TestMatchAnyAndHostsByOrg(t *testing.T) {
	m := NewMatcher()
	m.AddHosts([]Host{
		{ID: 0, Org: 1, Items: []Item{{"pkg:npm/a", "1.0.0"}}},
		{ID: 1, Org: 1, Items: []Item{{"pkg:npm/b", "2.0.0"}, {"pkg:npm/a", "banana"}}},
		{ID: 2, Org: 2, Items: []Item{{"pkg:npm/a", "banana"}}},
		{ID: 3, Org: 2, Items: []Item{{"pkg:npm/b", "9.0.0"}}},
	})
	below := func(limit string) Predicate {
		return func(v string) Verdict {
			switch {
			case v == "banana":
				return Unknown
			case v < limit:
				return Affected
			}
			return NotAffected
		}
	}
	a := &Advisory{Product: "pkg:npm/a", Affected: below("2")}
	b := &Advisory{Product: "pkg:npm/b", Affected: below("3")}
	// Host 1 is unknown for a but exposed by b: exposed once.
	e := m.MatchAny([]*Advisory{a, b})
	if e.Exposed != 2 || e.Unknown != 1 || len(e.ByOrg) != 2 || e.ByOrg[0] != (OrgExposure{Org: 1, Exposed: 2}) || e.ByOrg[1] != (OrgExposure{Org: 2, Unknown: 1}) {
		t.Errorf("MatchAny = %+v", e)
	}
	exp, unk := m.OrgHosts([]*Advisory{a, b}, 1)
	if len(exp) != 2 || len(unk) != 0 {
		t.Errorf("OrgHosts(1) = %v, %v", exp, unk)
	}
	byExp, byUnk := m.HostsByOrg([]*Advisory{a, b}, func(org uint32) bool { return org == 2 })
	if len(byExp) != 0 || len(byUnk[2]) != 1 || byUnk[2][0] != 2 {
		t.Errorf("HostsByOrg = %v, %v", byExp, byUnk)
	}
}
