package synthetic

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"rollcall/exposure"
)

// BenchOptions sizes the benchmark. Zero fields take the national defaults.
type BenchOptions struct {
	Orgs         int    // default 20,000
	Hosts        int    // default 2,000,000
	ItemsPerHost int    // default 150
	Seed         uint64 // the estate and the advisories derive from it
	Alerts       int    // advisories timed one by one; default 101
	Bruteforce   int    // advisories also run through the reference scan; default 10, negative for none
	Rematch      int    // advisories in the re-match-everything run; default 5,000
	Workers      int    // generator and re-match goroutines; default GOMAXPROCS
}

// Result is what Bench measured. The JSON names are the stable interface of
// `rollcall bench exposure`.
type Result struct {
	Orgs            int    `json:"orgs"`
	Hosts           int    `json:"hosts"`
	Rows            uint64 `json:"rows"`
	Products        int    `json:"products"`
	ProductVersions int    `json:"product_versions"`

	// IngestRowsPerS is rows over the time spent inside AddHosts; the
	// generator's time is excluded. GenerateIngestS is the wall time of
	// generating and ingesting together.
	IngestRowsPerS  float64 `json:"ingest_rows_per_s"`
	GenerateIngestS float64 `json:"generate_ingest_s"`
	OptimizeS       float64 `json:"optimize_s"`
	// MatcherBytes is the growth of HeapInuse (after GC) from before
	// ingest to after; BitmapBytes the bitmaps' own serialised size.
	MatcherBytes uint64 `json:"matcher_bytes"`
	BitmapBytes  uint64 `json:"bitmap_bytes"`

	// One alert's exposure, warm (predicate verdicts cached, as after the
	// first match), including the per-organisation counts.
	AlertMedianMS float64 `json:"alert_median_ms"`
	AlertP90MS    float64 `json:"alert_p90_ms"`
	AlertMaxMS    float64 `json:"alert_max_ms"`
	// The first match of each alert, predicate evaluated per version.
	AlertColdMedianMS float64 `json:"alert_cold_median_ms"`
	MeanExposedHosts  float64 `json:"mean_exposed_hosts"`

	// The reference: a scan of every row of every host (see bruteForce).
	BruteforceAlerts   int     `json:"bruteforce_alerts"`
	BruteforceMedianMS float64 `json:"bruteforce_median_ms"`
	Mismatches         int     `json:"mismatches"`

	RematchAdvisories int     `json:"rematch_advisories"`
	RematchAllS       float64 `json:"rematch_all_s"`

	// ReplaceMS is the median time of ReplaceHosts for a batch of 1,000
	// hosts (a large upload), during which queries wait; AlertDuringReplaceMaxMS
	// is the slowest alert matched meanwhile in a loop.
	ReplaceMS               float64 `json:"replace_1000_hosts_ms"`
	AlertDuringReplaceMaxMS float64 `json:"alert_during_replace_max_ms"`
}

// Bench generates the estate, ingests it into a Matcher and measures the
// matcher against the targets of issue 3. It prints nothing.
func Bench(opts BenchOptions) Result {
	opts = benchDefaults(opts)
	var res Result
	base := heapInuse()

	e := NewEstate(opts.Orgs, opts.Hosts, opts.ItemsPerHost, opts.Seed)
	m := exposure.NewMatcher()
	var inAdd time.Duration
	start := time.Now()
	e.Generate(opts.Workers, 1024, func(hosts []exposure.Host) {
		t := time.Now()
		m.AddHosts(hosts)
		inAdd += time.Since(t)
		for i := range hosts {
			res.Rows += uint64(len(hosts[i].Items))
		}
	})
	res.GenerateIngestS = time.Since(start).Seconds()
	res.IngestRowsPerS = float64(res.Rows) / inAdd.Seconds()
	t := time.Now()
	m.Optimize()
	res.OptimizeS = time.Since(t).Seconds()
	res.MatcherBytes = heapInuse() - base
	st := m.Stats()
	res.Orgs, res.Hosts = opts.Orgs, int(st.Hosts)
	res.Products, res.ProductVersions, res.BitmapBytes = st.Products, st.ProductVersions, st.BitmapBytes

	gen := NewAdvisories(e, opts.Seed)
	alerts := make([]*exposure.Advisory, opts.Alerts)
	cold := make([]time.Duration, len(alerts))
	warm := make([]time.Duration, len(alerts))
	exposures := make([]exposure.Exposure, len(alerts))
	var exposedSum uint64
	for i := range alerts {
		alerts[i] = gen.Next()
		t := time.Now()
		exposures[i] = m.Match(alerts[i])
		cold[i] = time.Since(t)
		exposedSum += exposures[i].Exposed
	}
	for i, a := range alerts {
		t := time.Now()
		m.Match(a)
		warm[i] = time.Since(t)
	}
	res.AlertMedianMS, res.AlertP90MS = ms(quantile(warm, 0.5)), ms(quantile(warm, 0.9))
	res.AlertMaxMS = ms(quantile(warm, 1))
	res.AlertColdMedianMS = ms(quantile(cold, 0.5))
	res.MeanExposedHosts = float64(exposedSum) / float64(len(alerts))

	res.RematchAdvisories = opts.Rematch
	res.RematchAllS = rematchAll(m, gen, opts.Rematch, opts.Workers).Seconds()

	if opts.Bruteforce > 0 {
		n := min(opts.Bruteforce, len(alerts))
		flat := flatten(e, opts.Workers)
		times := make([]time.Duration, n)
		for i := 0; i < n; i++ {
			t := time.Now()
			ref := flat.bruteForce(alerts[i])
			times[i] = time.Since(t)
			if !sameExposure(ref, exposures[i]) {
				res.Mismatches++
			}
		}
		res.BruteforceAlerts = n
		res.BruteforceMedianMS = ms(quantile(times, 0.5))
	}

	replace, readerMax := measureReplace(e, m, alerts[0])
	res.ReplaceMS, res.AlertDuringReplaceMaxMS = ms(replace), ms(readerMax)
	runtime.KeepAlive(e)
	return res
}

func benchDefaults(o BenchOptions) BenchOptions {
	if o.Alerts <= 0 {
		o.Alerts = 101
	}
	if o.Bruteforce == 0 {
		o.Bruteforce = 10
	}
	if o.Rematch <= 0 {
		o.Rematch = 5000
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// rematchAll matches n fresh advisories (cold caches, as after a restart or
// a bulk import) on workers goroutines and returns the wall time.
func rematchAll(m *exposure.Matcher, gen *Advisories, n, workers int) time.Duration {
	advs := make([]*exposure.Advisory, n)
	for i := range advs {
		advs[i] = gen.Next()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				m.Match(advs[i])
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// measureReplace replaces hosts 0–999 with the items of hosts 1–1000 five
// times, alternating with their own items, and returns the median time. A
// reader matches a in a loop meanwhile; its slowest match is returned too.
func measureReplace(e *Estate, m *exposure.Matcher, a *exposure.Advisory) (median, readerMax time.Duration) {
	n := min(1000, e.Hosts-1)
	if n <= 0 {
		return 0, 0
	}
	snap := func(shift int) []exposure.Host {
		hosts := make([]exposure.Host, n)
		for i := range hosts {
			org, items := e.HostItems(uint32(i+shift), nil)
			hosts[i] = exposure.Host{ID: uint32(i), Org: org, Items: items}
		}
		return hosts
	}
	other, own := snap(1), snap(0)
	var stop atomic.Bool
	done := make(chan time.Duration)
	go func() {
		var slowest time.Duration
		for !stop.Load() {
			t := time.Now()
			m.Match(a)
			slowest = max(slowest, time.Since(t))
		}
		done <- slowest
	}()
	times := make([]time.Duration, 5)
	for i := range times {
		t := time.Now()
		m.ReplaceHosts(other)
		times[i] = time.Since(t)
		m.ReplaceHosts(own)
	}
	stop.Store(true)
	return quantile(times, 0.5), <-done
}

func heapInuse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
