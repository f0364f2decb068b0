package sqlstore_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"rollcall"
)

// TestConcurrentInventoryUploads sends uploads at once whose new
// product-versions overlap but come in opposite orders: on PostgreSQL,
// upserting them in file order lets two transactions each hold a row the
// other waits for (a deadlock, 40P01). No upload may fail.
func TestConcurrentInventoryUploads(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			f := newFixture(t, db)
			org := f.orgs[0].ID
			for round := range 10 {
				var items []rollcall.ProductVersion
				for i := range 300 {
					items = append(items, rollcall.ProductVersion{Product: fmt.Sprintf("pkg:npm/p%d", i), Version: fmt.Sprintf("%d.0", round)})
				}
				reversed := slices.Clone(items)
				slices.Reverse(reversed)
				var wg sync.WaitGroup
				errs := make(chan error, 4)
				for w := range 4 {
					list := items
					if w%2 == 1 {
						list = reversed
					}
					wg.Go(func() {
						_, _, err := db.ReplaceInventory(ctx, org, "csv", []*rollcall.InventoryHost{{Name: fmt.Sprintf("H%d-%d", round, w), Items: list}}, t0)
						errs <- err
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatalf("round %d: %v", round, err)
					}
				}
			}
			_, total, err := db.ListInventoryHosts(ctx, org, 1, 0)
			must(t, err)
			if total != 40 {
				t.Errorf("%d hosts saved, want 40", total)
			}
		})
	}
}
