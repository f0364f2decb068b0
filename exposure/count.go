package exposure

import (
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// orgRuns describes hostOrg as runs of consecutive host ids with the same
// organisation: run i covers hosts [start[i], start[i+1]) and belongs to
// org[i] (noOrg for ids without a snapshot). Organisations usually number
// their hosts together, so the national estate has about one run per
// organisation, and counting a result per organisation costs a binary search
// per run touched instead of a table lookup per host.
type orgRuns struct {
	start []uint32 // len(org)+1; the last is len(hostOrg)
	org   []uint32
}

func buildOrgRuns(hostOrg []uint32) *orgRuns {
	r := &orgRuns{}
	for h, o := range hostOrg {
		if h == 0 || o != hostOrg[h-1] {
			r.start = append(r.start, uint32(h))
			r.org = append(r.org, o)
		}
	}
	r.start = append(r.start, uint32(len(hostOrg)))
	return r
}

// runs returns the current runs, building them on the first query after a
// write. Callers hold the Matcher's read lock; writers reset x.orgRuns under
// the write lock.
func (x *index) runs() *orgRuns {
	if r := x.orgRuns.Load(); r != nil {
		return r
	}
	x.orgRunsMu.Lock()
	defer x.orgRunsMu.Unlock()
	if r := x.orgRuns.Load(); r != nil {
		return r
	}
	r := buildOrgRuns(x.hostOrg)
	x.orgRuns.Store(r)
	return r
}

// scratch is one query's counters and iteration buffer, pooled because a
// re-match of thousands of advisories would otherwise allocate 160 KB of
// counters per advisory for the garbage collector.
type scratch struct {
	counts []uint32
	buf    []uint32
}

var scratchPool = sync.Pool{New: func() any { return &scratch{buf: make([]uint32, 4096)} }}

// countByOrg counts both bitmaps per organisation into dense counters, then
// keeps the organisations with any.
func (x *index) countByOrg(exposed, unknown *roaring.Bitmap) Exposure {
	e := Exposure{Exposed: exposed.GetCardinality(), Unknown: unknown.GetCardinality()}
	if e.Exposed == 0 && e.Unknown == 0 {
		return e
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	n := 2 * int(x.orgCount) // in int: 2*orgCount overflows uint32 past 2^31
	if cap(s.counts) < n {
		s.counts = make([]uint32, n)
	}
	counts := s.counts[:n] // exposed, unknown interleaved
	clear(counts)
	runs := x.runs()
	// With few runs, count a run's hosts by binary search; with hosts
	// interleaved across organisations, look each one up.
	byRun := len(runs.org) <= len(x.hostOrg)/16
	for k, b := range []*roaring.Bitmap{exposed, unknown} {
		it := b.ManyIterator()
		for n := it.NextMany(s.buf); n > 0; n = it.NextMany(s.buf) {
			if byRun {
				countRuns(runs, s.buf[:n], counts, uint32(k))
				continue
			}
			for _, h := range s.buf[:n] {
				counts[2*x.hostOrg[h]+uint32(k)]++
			}
		}
	}
	for org := uint32(0); org < x.orgCount; org++ {
		if c := counts[2*org : 2*org+2]; c[0] != 0 || c[1] != 0 {
			e.ByOrg = append(e.ByOrg, OrgExposure{Org: org, Exposed: c[0], Unknown: c[1]})
		}
	}
	return e
}

// countRuns adds the sorted hosts to their organisations' counters at
// offset k, one binary search per run they fall in.
func countRuns(runs *orgRuns, hosts []uint32, counts []uint32, k uint32) {
	r := 0
	for i := 0; i < len(hosts); {
		h := hosts[i]
		// The run containing h: the last start <= h, searched from r.
		lo, hi := r, len(runs.org)
		for lo+1 < hi {
			mid := int(uint(lo+hi) >> 1)
			if runs.start[mid] <= h {
				lo = mid
			} else {
				hi = mid
			}
		}
		r = lo
		end := runs.start[r+1]
		// The first host at or past the run's end.
		a, b := i+1, len(hosts)
		for a < b {
			mid := int(uint(a+b) >> 1)
			if hosts[mid] < end {
				a = mid + 1
			} else {
				b = mid
			}
		}
		counts[2*runs.org[r]+k] += uint32(a - i)
		i = a
	}
}
