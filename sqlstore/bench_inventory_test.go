package sqlstore_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"rollcall"
	"rollcall/exposure"
	"rollcall/exposure/synthetic"
)

// BenchmarkPersistEstate saves a synthetic estate's inventory (exposure's
// generator, 150 items a host) through ReplaceInventory, one upload per
// organisation's share of each batch of hosts, as organisations send them.
// One op is the whole estate. The size is 20,000 hosts unless
// ROLLCALL_BENCH_PERSIST_HOSTS says otherwise (the target is
// 2,000,000 hosts in 15 minutes or less on SQLite).
func BenchmarkPersistEstate(b *testing.B) {
	hosts := 20000
	if s := os.Getenv("ROLLCALL_BENCH_PERSIST_HOSTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < benchOrgs {
			b.Fatalf("ROLLCALL_BENCH_PERSIST_HOSTS=%q: want a number of at least %d", s, benchOrgs)
		}
		hosts = n
	}
	for _, e := range engines(b) {
		b.Run(e.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db, orgIDs := benchDirectory(b, e)
				estate := synthetic.NewEstate(benchOrgs, hosts, 150, 1)
				b.StartTimer()
				start := time.Now()
				var rows, saved int
				var failed error
				estate.Generate(1, 10000, func(batch []exposure.Host) {
					if failed != nil {
						return
					}
					byOrg := map[uint32][]*rollcall.InventoryHost{}
					var order []uint32
					for _, h := range batch {
						ih := &rollcall.InventoryHost{Name: fmt.Sprintf("H%07d", h.ID), Items: make([]rollcall.ProductVersion, len(h.Items))}
						for i, it := range h.Items {
							ih.Items[i] = rollcall.ProductVersion{Product: it.Product, Version: it.Version}
						}
						if _, ok := byOrg[h.Org]; !ok {
							order = append(order, h.Org)
						}
						byOrg[h.Org] = append(byOrg[h.Org], ih)
					}
					for _, org := range order {
						n, r, err := db.ReplaceInventory(ctx, orgIDs[org], "csv", byOrg[org], t0)
						if err != nil {
							failed = err
							return
						}
						saved, rows = saved+n, rows+r
					}
				})
				if failed != nil {
					b.Fatal(failed)
				}
				took := time.Since(start)
				b.ReportMetric(float64(rows)/took.Seconds(), "rows/s")
				b.ReportMetric(float64(saved), "hosts")
				b.ReportMetric(float64(rows), "rows")
			}
		})
	}
}
