package synthetic

import (
	"fmt"
	"math/rand/v2"
	"sync"

	"rollcall/exposure"
)

// osFamily says which core of products and which updates a host gets.
type osFamily uint8

const (
	famWindows osFamily = iota
	famDeb
	famRPM
)

// osChoice is one line of the operating-system mix.
type osChoice struct {
	percent float64
	family  osFamily
	product string
	build   string // version, or build without revision for Windows 10/11
	revs    []int  // update build revisions, oldest first (Windows 10/11)
	kbs     []kbChoice
}

// kbChoice is one patch state of pre-Windows-10 hosts: the MS17-010-era
// updates installed, with its share of hosts.
type kbChoice struct {
	percent float64
	kbs     []string
}

var (
	// The MS17-010 states of Windows 7 / Server 2008 R2: unpatched (only
	// the January 2017 rollup), security-only, March rollup, later rollups.
	win7KBs = []kbChoice{{12, []string{"KB3212646"}}, {20, []string{"KB4012212"}},
		{15, []string{"KB4012215"}}, {28, []string{"KB4015549"}}, {25, []string{"KB4019264"}}}
	win81KBs = []kbChoice{{15, nil}, {20, []string{"KB4012213"}}, {20, []string{"KB4012216"}},
		{45, []string{"KB4015550"}}}
	oldKBs = []kbChoice{{50, nil}, {50, []string{"KB4012598"}}}

	osMix = []osChoice{
		{44, famWindows, exposure.WindowsProduct, "10.0.19045", synthRevs(3803), nil},
		{8, famWindows, exposure.WindowsProduct, "10.0.19044", synthRevs(3086), nil},
		{6, famWindows, exposure.WindowsProduct, "10.0.17763", synthRevs(5329), nil},
		{4, famWindows, exposure.WindowsProduct, "10.0.14393",
			[]int{447, 693, 953, 1066, 1198, 1358, 1884, 2273, 3025, 4651, 5921, 6897, 7428}, nil},
		{0.5, famWindows, exposure.WindowsProduct, "10.0.10240", []int{16683, 17319, 17394, 18158, 19387, 20402}, nil},
		{0.2, famWindows, exposure.WindowsProduct, "10.0.10586", []int{545, 839, 1106, 1540}, nil},
		{12, famWindows, exposure.WindowsProduct, "10.0.22631", synthRevs(4317), nil},
		{6, famWindows, exposure.WindowsProduct, "10.0.26100", synthRevs(2605), nil},
		{3, famWindows, exposure.WindowsProduct, "10.0.20348", synthRevs(2849), nil},
		{2, famWindows, exposure.WindowsProduct, "6.3.9600", nil, win81KBs},
		{5, famWindows, exposure.WindowsProduct, "6.1.7601", nil, win7KBs},
		{0.3, famWindows, exposure.WindowsProduct, "6.0.6002", nil, oldKBs},
		{0.5, famWindows, exposure.WindowsProduct, "5.1.2600", nil, oldKBs},
		{3, famDeb, "ubuntu", "22.04", nil, nil},
		{2, famDeb, "ubuntu", "20.04", nil, nil},
		{3.5, famRPM, "rhel", "9.4", nil, nil},
	}
	osMixTotal = func() float64 {
		t := 0.0
		for _, o := range osMix {
			t += o.percent
		}
		return t
	}()
)

// synthRevs returns twelve increasing update revisions ending at last.
func synthRevs(last int) []int {
	revs := make([]int, 12)
	for i := range revs {
		revs[i] = last - (11-i)*97
	}
	return revs
}

// cumulativeKB names the cumulative update that brings a Windows 10/11 build
// to a revision. The real KB is used where an advisory in the tests needs it.
func cumulativeKB(build string, rev int) string {
	if build == "10.0.14393" && rev == 953 {
		return "KB4013429"
	}
	h := 0
	for _, c := range build {
		h = h*31 + int(c)
	}
	return fmt.Sprintf("KB5%06d", (h*131+rev)%1000000)
}

// hostGen generates hosts; one per worker, reused from host to host.
type hostGen struct {
	e    *Estate
	pcg  *rand.PCG
	r    *rand.Rand
	zipf *rand.Zipf
}

func (e *Estate) newHostGen() *hostGen {
	g := &hostGen{e: e, pcg: rand.NewPCG(0, 0)}
	g.r = rand.New(g.pcg)
	g.zipf = rand.NewZipf(g.r, 1.1, 1, uint64(len(e.tail)-1))
	return g
}

// HostItems appends host id's items to buf and returns them with its
// organisation. It depends only on the estate and id.
func (e *Estate) HostItems(id uint32, buf []exposure.Item) (org uint32, items []exposure.Item) {
	return e.OrgOf(id), e.newHostGen().items(id, buf)
}

// pick returns a version index: the latest with probability 0.55, each older
// one geometrically less likely.
func (g *hostGen) pick(n int) int {
	k := 0
	for k < n && g.r.Float64() >= 0.55 {
		k++
	}
	if k >= n {
		k = g.r.IntN(n)
	}
	return n - 1 - k
}

func (g *hostGen) items(id uint32, buf []exposure.Item) []exposure.Item {
	e := g.e
	g.pcg.Seed(e.Seed, uint64(id))
	u := g.r.Float64() * osMixTotal
	osc := &osMix[len(osMix)-1]
	for i := range osMix {
		if u < osMix[i].percent {
			osc = &osMix[i]
			break
		}
		u -= osMix[i].percent
	}
	start := len(buf)
	core := e.winCore
	switch osc.family {
	case famDeb:
		core = e.debCore
	case famRPM:
		core = e.rpmCore
	}
	if osc.revs != nil {
		rev := osc.revs[g.pick(len(osc.revs))]
		buf = append(buf, exposure.Item{Product: exposure.WindowsProduct, Version: fmt.Sprintf("%s.%d", osc.build, rev)},
			exposure.Item{Product: exposure.KBProduct, Version: cumulativeKB(osc.build, rev)})
	} else {
		buf = append(buf, exposure.Item{Product: osc.product, Version: osc.build})
	}
	if osc.kbs != nil {
		u := g.r.Float64() * 100
		for _, c := range osc.kbs {
			if u < c.percent {
				for _, kb := range c.kbs {
					buf = append(buf, exposure.Item{Product: exposure.KBProduct, Version: kb})
				}
				break
			}
			u -= c.percent
		}
	}
	if osc.family == famWindows {
		for n := 5 + g.r.IntN(6); n > 0; n-- {
			buf = append(buf, exposure.Item{Product: exposure.KBProduct, Version: e.otherKBs[g.r.IntN(len(e.otherKBs))]})
		}
	}
	for i, ci := range core {
		if g.r.Float64() < 0.98-0.6*float64(i)/float64(len(core)) {
			p := &e.catalog[ci]
			buf = append(buf, exposure.Item{Product: p.key, Version: p.versions[g.pick(len(p.versions))]})
		}
	}
	for len(buf)-start < e.ItemsPerHost {
		p := &e.catalog[e.tail[g.zipf.Uint64()]]
		buf = append(buf, exposure.Item{Product: p.key, Version: p.versions[g.pick(len(p.versions))]})
	}
	return buf
}

// Generate streams the estate's hosts, in increasing id order, to ingest in
// batches of up to batchSize hosts; workers goroutines generate ahead of it.
// A batch and its items are reused after ingest returns, so ingest must not
// keep them.
func (e *Estate) Generate(workers, batchSize int, ingest func([]exposure.Host)) {
	if workers < 1 {
		workers = 1
	}
	if batchSize < 1 {
		batchSize = 1024
	}
	nBatches := (e.Hosts + batchSize - 1) / batchSize
	type batch struct {
		hosts []exposure.Host
		items []exposure.Item
	}
	// Worker w makes batches w, w+workers, …; the consumer takes them
	// round-robin, so hosts arrive in id order. Two buffers per worker let
	// it run one batch ahead.
	ready := make([]chan *batch, workers)
	free := make([]chan *batch, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		ready[w], free[w] = make(chan *batch, 2), make(chan *batch, 2)
		free[w] <- &batch{}
		free[w] <- &batch{}
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			g := e.newHostGen()
			for b := w; b < nBatches; b += workers {
				bt := <-free[w]
				bt.hosts, bt.items = bt.hosts[:0], bt.items[:0]
				lo, hi := b*batchSize, min((b+1)*batchSize, e.Hosts)
				org := e.OrgOf(uint32(lo))
				for id := lo; id < hi; id++ {
					for e.orgFirst[org+1] <= uint32(id) {
						org++
					}
					n := len(bt.items)
					bt.items = g.items(uint32(id), bt.items)
					bt.hosts = append(bt.hosts, exposure.Host{ID: uint32(id), Org: org, Items: bt.items[n:len(bt.items):len(bt.items)]})
				}
				ready[w] <- bt
			}
		}(w)
	}
	for b := 0; b < nBatches; b++ {
		bt := <-ready[b%workers]
		ingest(bt.hosts)
		free[b%workers] <- bt
	}
	wg.Wait()
}
