package sqlstore_test

import (
	"fmt"
	"testing"

	"rollcall"
	"rollcall/sqlstore"
)

// A read transaction sees one moment: a region created by another
// connection while it runs is in neither of its counts, so a page and its
// total, or a count and its percentile, cannot disagree.
func TestReadTransactionHoldsOneSnapshot(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		for i := range 2 {
			if err := db.CreateRegion(ctx, &rollcall.Region{Code: fmt.Sprintf("R%d", i), Name: fmt.Sprintf("Region %d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		first, second, err := db.CountInReadTx(ctx, `SELECT COUNT(*) FROM regions`, func() {
			if err := db.CreateRegion(ctx, &rollcall.Region{Code: "RX", Name: "Region created meanwhile"}); err != nil {
				t.Error(err)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if first != 2 || second != first {
			t.Errorf("counts in one read transaction = %d then %d, want 2 both times", first, second)
		}
	})
}
