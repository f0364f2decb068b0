package exposure

import (
	"math/rand/v2"
	"strings"
)

// advisoryGen makes random advisories over an Estate's catalogue for the
// benchmark. Half name a core product (installed on most hosts, the costly
// case), half a tail product drawn by popularity. Each says "affected before
// version k" or, one time in three, "affected from j before k", over the
// product's version order; vendor builds are Unknown.
type advisoryGen struct {
	e    *Estate
	r    *rand.Rand
	zipf *rand.Zipf
}

func newAdvisoryGen(e *Estate, seed uint64) *advisoryGen {
	r := rand.New(rand.NewPCG(seed, 0x616476))
	return &advisoryGen{e: e, r: r, zipf: rand.NewZipf(r, 1.1, 1, uint64(len(e.tail)-1))}
}

func (g *advisoryGen) next() *Advisory {
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
	return &Advisory{Product: p.key, Affected: func(v string) Verdict {
		i, ok := order[v]
		switch {
		case !ok || strings.HasSuffix(v, "(vendor build)"):
			return Unknown
		case i >= lo && i < hi:
			return Affected
		}
		return NotAffected
	}}
}
