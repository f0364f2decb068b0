package service_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"rollcall"
	"rollcall/exposure"
	"rollcall/exposure/synthetic"
	"rollcall/service"
	"rollcall/sqlstore"
)

// BenchmarkRestart measures how long after a restart exposure answers
// again: a synthetic estate (exposure's generator) is saved on SQLite,
// then a fresh connection and service load the matcher from it. One op is
// the load. 20,000 hosts unless ROLLCALL_BENCH_RESTART_HOSTS says more
// (the nation is 2,000,000).
func BenchmarkRestart(b *testing.B) {
	hosts, orgs := 20000, 2000
	if s := os.Getenv("ROLLCALL_BENCH_RESTART_HOSTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 20000 {
			b.Fatalf("ROLLCALL_BENCH_RESTART_HOSTS=%q: want a number of at least 20000", s)
		}
		hosts, orgs = n, 20000
	}
	path := filepath.Join(b.TempDir(), "rollcall.db")
	db, _ := saveEstate(b, path, orgs, hosts, 150)
	db.Close()
	for b.Loop() {
		start := time.Now()
		fresh, err := sqlstore.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		svc := service.New(fresh, rollcall.SystemClock{}, rollcall.DefaultPolicy(), nil)
		load, err := svc.LoadExposure(ctx)
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		fresh.Close()
		b.ReportMetric(took.Seconds(), "s-to-answer")
		b.ReportMetric(float64(load.Hosts), "hosts")
		b.ReportMetric(float64(load.Rows), "rows")
	}
}

// saveEstate creates a database at path with orgs organisations in one
// region and the generator's estate of hosts, items rows each, saved
// through the store as uploads would be. It returns the open database and
// the organisations.
func saveEstate(b *testing.B, path string, orgs, hosts, items int) (*sqlstore.DB, []*rollcall.Organisation) {
	b.Helper()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	region := &rollcall.Region{Code: "R", Name: "Region"}
	if err := db.CreateRegion(ctx, region); err != nil {
		b.Fatal(err)
	}
	os_ := make([]*rollcall.Organisation, orgs)
	for i := range os_ {
		os_[i] = &rollcall.Organisation{Code: fmt.Sprintf("B%05d", i), Name: fmt.Sprintf("Organisation %05d", i), Type: rollcall.OrgGPPractice, RegionID: region.ID}
	}
	if _, _, err := db.ImportOrganisations(ctx, os_, time.Now()); err != nil {
		b.Fatal(err)
	}
	var failed error
	synthetic.NewEstate(orgs, hosts, items, 1).Generate(1, 10000, func(batch []exposure.Host) {
		byOrg := map[uint32][]*rollcall.InventoryHost{}
		for _, h := range batch {
			ih := &rollcall.InventoryHost{Name: fmt.Sprintf("H%07d", h.ID), Items: make([]rollcall.ProductVersion, len(h.Items))}
			for i, it := range h.Items {
				ih.Items[i] = rollcall.ProductVersion{Product: it.Product, Version: it.Version}
			}
			byOrg[h.Org] = append(byOrg[h.Org], ih)
		}
		for org, list := range byOrg {
			if _, _, err := db.ReplaceInventory(ctx, os_[org].ID, "csv", list, time.Now()); err != nil && failed == nil {
				failed = err
			}
		}
	})
	if failed != nil {
		b.Fatal(failed)
	}
	return db, os_
}
