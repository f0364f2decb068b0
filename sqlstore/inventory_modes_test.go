package sqlstore_test

import (
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

// TestInventoryModes: a partial upload keeps the parts it does not
// describe, a snapshot retires the source's hosts it does not name, and a
// retired host leaves every count.
func TestInventoryModes(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		org := f.orgs[0].ID
		win := rollcall.ProductVersion{Product: "windows", Version: "6.1.7601"}
		lodash := rollcall.ProductVersion{Product: "pkg:npm/lodash", Version: "4.17.20"}
		kb1, kb2 := rollcall.ProductVersion{Product: "kb", Version: "KB1"}, rollcall.ProductVersion{Product: "kb", Version: "KB2"}
		_, err := db.SaveInventory(ctx, org, "osquery", rollcall.ModeReplace, []*rollcall.InventoryHost{
			{Name: "WS-1", OSName: "Microsoft Windows 7", Items: []rollcall.ProductVersion{win, kb1, lodash}},
			{Name: "WS-2", Items: []rollcall.ProductVersion{win}},
			{Name: "WS-3", Items: []rollcall.ProductVersion{win}},
		}, t0)
		must(t, err)
		_, _, err = db.ReplaceInventory(ctx, org, "csv", []*rollcall.InventoryHost{{Name: "WS-9", Items: []rollcall.ProductVersion{win}}}, t0)
		must(t, err)

		// Only patches came: the software and the OS stay.
		partial := &rollcall.InventoryHost{Name: "ws-1", Parts: []string{rollcall.PartUpdates}, Items: []rollcall.ProductVersion{kb2}}
		_, err = db.SaveInventory(ctx, org, "osquery", rollcall.ModePartial, []*rollcall.InventoryHost{partial}, t0.Add(time.Hour))
		must(t, err)
		got, err := db.InventoryHostsByID(ctx, []int64{partial.ID})
		must(t, err)
		if len(got) != 1 || len(got[0].Items) != 3 || !containsAll(got[0].Items, []rollcall.ProductVersion{win, kb2, lodash}) || got[0].OSName != "Microsoft Windows 7" {
			t.Fatalf("after a partial upload of patches: %+v, want windows, KB2 and lodash on Microsoft Windows 7", got)
		}
		if len(partial.Items) != 3 {
			t.Errorf("the partial host's items were not completed for the matcher: %v", partial.Items)
		}

		// A snapshot naming WS-1 and WS-2 retires WS-3 (but not csv's WS-9).
		saved, err := db.SaveInventory(ctx, org, "osquery", rollcall.ModeSnapshot, []*rollcall.InventoryHost{
			{Name: "WS-1", Items: []rollcall.ProductVersion{win}}, {Name: "WS-2", Items: []rollcall.ProductVersion{win}},
		}, t0.Add(2*time.Hour))
		must(t, err)
		list, total, err := db.ListInventoryHosts(ctx, org, 10, 0)
		must(t, err)
		if len(saved.Retired) != 1 || total != 3 || list[0].Name != "WS-1" || list[1].Name != "WS-2" || list[2].Name != "WS-9" {
			t.Fatalf("after the snapshot: retired %v, hosts %+v; want WS-3 retired and WS-1, WS-2, WS-9 left", saved.Retired, list)
		}

		// Retiring by id: another organisation's id is not found; the
		// host leaves the summary and the ages, and following sees it go.
		before, err := db.LatestInventoryChange(ctx)
		must(t, err)
		if err := db.RetireInventoryHost(ctx, f.orgs[1].ID, list[2].ID, t0); rollcall.ErrorCode(err) != rollcall.ENOTFOUND {
			t.Errorf("retiring another organisation's host: %v, want ENOTFOUND", err)
		}
		must(t, db.RetireInventoryHost(ctx, org, list[2].ID, t0.Add(3*time.Hour)))
		if err := db.RetireInventoryHost(ctx, org, list[2].ID, t0); rollcall.ErrorCode(err) != rollcall.ENOTFOUND {
			t.Errorf("retiring twice: %v, want ENOTFOUND", err)
		}
		sum, err := db.InventorySummary(ctx, org)
		must(t, err)
		ages, err := db.InventoryAges(ctx)
		must(t, err)
		if sum.Hosts != 2 || len(sum.Sources) != 1 || len(ages) != 1 || ages[0].Hosts != 2 {
			t.Errorf("after retiring WS-9: summary %+v, ages %+v; want 2 hosts from osquery", sum, ages)
		}
		changes, err := db.InventoryChanges(ctx, before, 10)
		must(t, err)
		if len(changes) != 1 || changes[0].HostID != list[2].ID {
			t.Errorf("changes after retiring: %+v, want the one retired host", changes)
		}
	})
}
