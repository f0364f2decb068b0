package sqlstore_test

import (
	"testing"
	"time"

	"rollcall"
)

func TestReplaceInventory(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			f := newFixture(t, db)
			org := f.orgs[0].ID
			win7 := []rollcall.ProductVersion{{Product: "windows", Version: "6.1.7601"}, {Product: "kb", Version: "KB4012212"}, {Product: "pkg:npm/lodash", Version: "4.17.20"}}
			first := []*rollcall.InventoryHost{
				{Name: "WS-001", OSName: "Microsoft Windows 7 Professional", OSVersion: "6.1", OSBuild: "7601", Items: win7},
				{Name: "WS-002", Items: []rollcall.ProductVersion{{Product: "windows", Version: "10.0.14393.953"}, {Product: "pkg:npm/lodash", Version: "4.17.20"}}},
			}
			hosts, rows, err := db.ReplaceInventory(ctx, org, "csv", first, t0)
			must(t, err)
			if hosts != 2 || rows != 5 {
				t.Fatalf("saved %d hosts, %d rows; want 2 and 5", hosts, rows)
			}
			// The same host from another source is another host; a new upload
			// from csv replaces WS-001 whole and leaves WS-002.
			_, _, err = db.ReplaceInventory(ctx, org, "osquery", []*rollcall.InventoryHost{{Name: "WS-001", Items: win7[:1]}}, t0)
			must(t, err)
			later := t0.Add(time.Hour)
			_, _, err = db.ReplaceInventory(ctx, org, "csv", []*rollcall.InventoryHost{
				{Name: "WS-001", OSName: "Microsoft Windows 7 Professional", Items: []rollcall.ProductVersion{{Product: "windows", Version: "6.1.7601"}, {Product: "kb", Version: "KB4012215"}}},
			}, later)
			must(t, err)
			list, total, err := db.ListInventoryHosts(ctx, org, 10, 0)
			must(t, err)
			if total != 3 {
				t.Fatalf("%d hosts, want 3 (WS-001 from csv and osquery, WS-002)", total)
			}
			byKey := map[string]rollcall.InventoryHost{}
			for _, h := range list {
				byKey[h.Source+"/"+h.Name] = h
			}
			wantItems := []rollcall.ProductVersion{{Product: "windows", Version: "6.1.7601"}, {Product: "kb", Version: "KB4012215"}}
			gotItems := byKey["csv/WS-001"].Items
			if len(gotItems) != 2 || !containsAll(gotItems, wantItems) || !byKey["csv/WS-001"].CollectedAt.Equal(later) {
				t.Errorf("csv/WS-001 after replace: %+v, want exactly %v collected at %v", byKey["csv/WS-001"], wantItems, later)
			}
			if ws2 := byKey["csv/WS-002"].Items; len(ws2) != 2 || !containsAll(ws2, []rollcall.ProductVersion{{Product: "pkg:npm/lodash", Version: "4.17.20"}, {Product: "windows", Version: "10.0.14393.953"}}) {
				t.Errorf("csv/WS-002 changed: %+v", byKey["csv/WS-002"].Items)
			}
			sum, err := db.InventorySummary(ctx, org)
			must(t, err)
			if sum.Hosts != 3 || sum.Rows != 5 || !sum.Oldest.Equal(t0) || !sum.Latest.Equal(later) || len(sum.Sources) != 2 {
				t.Errorf("summary %+v", sum)
			}
			if sum, _ := db.InventorySummary(ctx, f.orgs[1].ID); sum.Hosts != 0 || !sum.Latest.IsZero() {
				t.Errorf("an organisation with no inventory: %+v", sum)
			}
			// A scan sees every host with its rows, in id order.
			seen := map[string]int{}
			names := map[int64]rollcall.ProductVersion{}
			must(t, db.ScanInventory(ctx, func(id int64, pv rollcall.ProductVersion) error {
				if _, again := names[id]; again {
					t.Errorf("product-version %d named twice", id)
				}
				names[id] = pv
				return nil
			}, func(h *rollcall.InventoryHost, ids []int64) error {
				seen[h.Source+"/"+h.Name] = len(ids)
				for _, id := range ids {
					if _, ok := names[id]; !ok {
						t.Errorf("host %s uses product-version %d before it is named", h.Name, id)
					}
				}
				if h.Source == "csv" && h.Name == "WS-001" && !containsAll([]rollcall.ProductVersion{names[ids[0]], names[ids[1]]}, []rollcall.ProductVersion{{Product: "windows", Version: "6.1.7601"}, {Product: "kb", Version: "KB4012215"}}) {
					t.Errorf("csv/WS-001 scanned as %v", ids)
				}
				if h.OrgID != org {
					t.Errorf("scanned host %s of organisation %d, want %d", h.Name, h.OrgID, org)
				}
				return nil
			}))
			if len(seen) != 3 || seen["csv/WS-001"] != 2 || seen["osquery/WS-001"] != 1 || seen["csv/WS-002"] != 2 {
				t.Errorf("scan saw %v", seen)
			}
			// An unknown organisation refuses the whole upload.
			_, _, err = db.ReplaceInventory(ctx, 999999, "csv", []*rollcall.InventoryHost{{Name: "X", Items: win7}}, t0)
			wantCode(t, err, rollcall.EINVALID)
		})
	}
}

func containsAll(got, want []rollcall.ProductVersion) bool {
	set := map[rollcall.ProductVersion]bool{}
	for _, pv := range got {
		set[pv] = true
	}
	for _, pv := range want {
		if !set[pv] {
			return false
		}
	}
	return true
}
