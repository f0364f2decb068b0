package synthetic

import (
	"testing"

	"rollcall/exposure"
)

// BenchmarkIngest measures AddHosts alone over pre-generated batches of a
// 20,000-host estate; it reports rows a second.
func BenchmarkIngest(b *testing.B) {
	e := NewEstate(200, 20000, 150, 1)
	hosts := e.All()
	rows := 0
	for _, h := range hosts {
		rows += len(h.Items)
	}
	b.ResetTimer()
	for b.Loop() {
		m := exposure.NewMatcher()
		for i := 0; i < len(hosts); i += 1024 {
			m.AddHosts(hosts[i:min(i+1024, len(hosts))])
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAlert measures one warm alert on a 100,000-host estate, cycling
// through advisories drawn as the benchmark draws them.
func BenchmarkAlert(b *testing.B) {
	e := NewEstate(1000, 100000, 150, 1)
	m := exposure.NewMatcher()
	e.Generate(2, 1024, m.AddHosts)
	m.Optimize()
	gen := NewAdvisories(e, 1)
	advs := make([]*exposure.Advisory, 64)
	for i := range advs {
		advs[i] = gen.Next()
		m.Match(advs[i])
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m.Match(advs[i%len(advs)])
		i++
	}
}
