package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

// TestHostNameCase saves a host twice with its name in different cases:
// it is one host, as osquery input already treats it, named as last sent.
func TestHostNameCase(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		org := f.orgs[0].ID
		_, _, err := db.ReplaceInventory(ctx, org, "osquery", []*rollcall.InventoryHost{{Name: "WS-001", Items: []rollcall.ProductVersion{{Product: "kb", Version: "KB1"}}}}, t0)
		must(t, err)
		_, _, err = db.ReplaceInventory(ctx, org, "osquery", []*rollcall.InventoryHost{{Name: "ws-001", Items: []rollcall.ProductVersion{{Product: "kb", Version: "KB2"}}}}, t0.Add(time.Hour))
		must(t, err)
		list, total, err := db.ListInventoryHosts(ctx, org, 10, 0)
		must(t, err)
		if total != 1 || list[0].Name != "ws-001" || len(list[0].Items) != 1 || list[0].Items[0].Version != "KB2" {
			t.Fatalf("got %d hosts %+v, want the one host ws-001 with KB2", total, list)
		}
	})
}

// TestMigrateMergesHostCase puts one host in twice under names differing
// only in case, as older versions saved it, and migrates: the newest copy
// stays, the other goes, and the key then keeps it one.
func TestMigrateMergesHostCase(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db, err := sqlstore.Open(ctx, e.dsn(t))
			must(t, err)
			t.Cleanup(func() { db.Close() })
			must(t, db.MigrateTo(context.Background(), 10))
			must(t, db.Exec(ctx, `INSERT INTO regions (code, name) VALUES ('N', 'North')`))
			must(t, db.Exec(ctx, `INSERT INTO organisations (code, name, type, region_id, flags, created_at)
				VALUES ('A1', 'Org', 'gp_practice', (SELECT id FROM regions), '[]', 0)`))
			for _, h := range []struct {
				name string
				at   int64
			}{{"WS-001", 1000}, {"ws-001", 3000}, {"Ws-001", 2000}, {"WS-002", 1000}} {
				must(t, db.Exec(ctx, `INSERT INTO inventory_hosts (org_id, source, name, items, item_count, collected_at)
					VALUES ((SELECT id FROM organisations), 'csv', ?, ?, 0, ?)`, h.name, []byte{}, h.at))
			}
			must(t, db.Migrate(ctx))
			org, err := db.FindOrganisationByCode(ctx, "A1")
			must(t, err)
			list, total, err := db.ListInventoryHosts(ctx, org.ID, 10, 0)
			must(t, err)
			if total != 2 || list[0].Name != "WS-002" || list[1].Name != "ws-001" {
				t.Fatalf("after migrating: %d hosts %+v, want WS-002 and ws-001 (the newest)", total, list)
			}
			_, _, err = db.ReplaceInventory(ctx, org.ID, "csv", []*rollcall.InventoryHost{{Name: "WS-001"}}, t0)
			must(t, err)
			if _, total, _ := db.ListInventoryHosts(ctx, org.ID, 10, 0); total != 2 {
				t.Errorf("%d hosts after saving WS-001 again, want 2", total)
			}
		})
	}
}
