package synthetic

import (
	"math/rand/v2"
	"strings"

	"rollcall/exposure"
)

// Advisories makes random advisories over an Estate's catalogue for the
// benchmark. Half name a core product (installed on most hosts, the costly
// case), half a tail product drawn by popularity. Each says "affected before
// version k" or, one time in three, "affected from j before k", over the
// product's version order; vendor builds are Unknown.
type Advisories struct {
	e    *Estate
	r    *rand.Rand
	zipf *rand.Zipf
}

// NewAdvisories returns a generator of advisories over e, from seed.
func NewAdvisories(e *Estate, seed uint64) *Advisories {
	r := rand.New(rand.NewPCG(seed, 0x616476))
	return &Advisories{e: e, r: r, zipf: rand.NewZipf(r, 1.1, 1, uint64(len(e.tail)-1))}
}

// Next makes the next advisory.
func (g *Advisories) Next() *exposure.Advisory {
	var ci int
	switch u := g.r.Float64(); {
	case u < 0.35:
		ci = g.e.winCore[g.r.IntN(len(g.e.winCore))]
	case u < 0.5:
		ci = g.e.debCore[g.r.IntN(len(g.e.debCore))]
	default:
		ci = g.e.tail[g.zipf.Uint64()]
	}
	p := &g.e.catalog[ci]
	order := make(map[string]int, len(p.versions))
	for i, v := range p.versions {
		order[v] = i
	}
	hi := 1 + g.r.IntN(len(p.versions))
	lo := 0
	if g.r.IntN(3) == 0 {
		lo = g.r.IntN(hi)
	}
	return &exposure.Advisory{Product: p.key, Affected: func(v string) exposure.Verdict {
		i, ok := order[v]
		switch {
		case !ok || strings.HasSuffix(v, "(vendor build)"):
			return exposure.Unknown
		case i >= lo && i < hi:
			return exposure.Affected
		}
		return exposure.NotAffected
	}}
}
