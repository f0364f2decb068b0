package synthetic

import (
	"testing"

	"rollcall/exposure"
)

// A Matcher loaded from encoded rows answers as one fed the same items.
func TestLoaderMatchesAddHosts(t *testing.T) {
	e := NewEstate(50, 20000, 20, 7) // more hosts than a Loader gathers before it flushes
	direct := exposure.NewMatcher()
	l := exposure.NewLoader()
	ids := map[exposure.Item]int64{}
	var buf []exposure.Item
	for h := uint32(0); h < 20000; h++ {
		org, items := e.HostItems(h, buf)
		direct.AddHost(h, org, items)
		var rows []int64
		for _, it := range items {
			id, ok := ids[it]
			if !ok {
				id = int64(len(ids)) * 3 // sparse, as database ids can be
				ids[it] = id
				if err := l.Name(id, it); err != nil {
					t.Fatal(err)
				}
			}
			rows = append(rows, id)
		}
		if err := l.Add(h, org, rows); err != nil {
			t.Fatal(err)
		}
	}
	loaded := l.Matcher()
	gen := NewAdvisories(e, 3)
	for i := 0; i < 50; i++ {
		a := gen.Next()
		if got, want := loaded.Match(a), direct.Match(&exposure.Advisory{Product: a.Product, Affected: a.Affected}); !sameExposure(got, want) {
			t.Fatalf("advisory %d on %s: loaded %+v, added %+v", i, a.Product, got, want)
		}
	}
	if loaded.Stats().Hosts != 20000 {
		t.Errorf("stats %+v", loaded.Stats())
	}
	if err := exposure.NewLoader().Add(1, 1, []int64{5}); err == nil {
		t.Error("a host with an id never named was taken")
	}
	if err := exposure.NewLoader().Name(-1, exposure.Item{Product: "p", Version: "1"}); err == nil {
		t.Error("a negative id was taken")
	}
}
