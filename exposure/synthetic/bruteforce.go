package synthetic

import (
	"slices"

	"rollcall/exposure"
)

// flatEstate is the brute-force reference's view of the estate: every row
// of every host as an id into a dictionary of its own (four bytes a row).
// It is built by generating the estate a second time and shares nothing
// with the Matcher, so a host missing from a bitmap, or a dictionary entry
// wrong in the Matcher, shows up as a mismatch.
type flatEstate struct {
	items   []exposure.Item // the dictionary: each distinct item once
	offsets []uint64        // host h's rows are ids[offsets[h]:offsets[h+1]]
	ids     []uint32
	org     []uint32
	orgs    uint32 // one more than the largest organisation id
}

// flatten regenerates e and records each row as an id of its own
// dictionary.
func flatten(e *Estate, workers int) *flatEstate {
	f := &flatEstate{offsets: make([]uint64, 1, e.Hosts+1), org: make([]uint32, 0, e.Hosts)}
	dict := map[exposure.Item]uint32{}
	e.Generate(workers, 1024, func(hosts []exposure.Host) {
		for _, h := range hosts {
			for _, it := range h.Items {
				id, ok := dict[it]
				if !ok {
					id = uint32(len(f.items))
					dict[it] = id
					f.items = append(f.items, it)
				}
				f.ids = append(f.ids, id)
			}
			f.offsets = append(f.offsets, uint64(len(f.ids)))
			f.org = append(f.org, h.Org)
			f.orgs = max(f.orgs, h.Org+1)
		}
	})
	return f
}

// bruteForce matches a by reading every row of every host: each distinct
// item is judged once by the advisory's predicate (or found among its
// fixing updates), then every host's rows are scanned for the marks.
func (f *flatEstate) bruteForce(a *exposure.Advisory) exposure.Exposure {
	const (
		affected = 1 << iota
		unknown
		fixing
	)
	mark := make([]uint8, len(f.items))
	for id, it := range f.items {
		if it.Product == a.Product {
			v := exposure.Affected
			if a.Affected != nil {
				v = a.Affected(it.Version)
			}
			switch v {
			case exposure.Affected:
				mark[id] = affected
			case exposure.Unknown:
				mark[id] = unknown
			}
		} else if it.Product == exposure.KBProduct && slices.Contains(a.FixedBy, it.Version) {
			mark[id] = fixing
		}
	}

	counts := make([]uint32, 2*f.orgs)
	var e exposure.Exposure
	for h := range f.org {
		var seen uint8
		for _, id := range f.ids[f.offsets[h]:f.offsets[h+1]] {
			seen |= mark[id]
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
	for org := uint32(0); org < f.orgs; org++ {
		if c := counts[2*org : 2*org+2]; c[0] != 0 || c[1] != 0 {
			e.ByOrg = append(e.ByOrg, exposure.OrgExposure{Org: org, Exposed: c[0], Unknown: c[1]})
		}
	}
	return e
}

// sameExposure reports whether two answers agree host for host.
func sameExposure(a, b exposure.Exposure) bool {
	return a.Exposed == b.Exposed && a.Unknown == b.Unknown && slices.Equal(a.ByOrg, b.ByOrg)
}
