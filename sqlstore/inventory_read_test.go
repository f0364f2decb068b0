package sqlstore_test

import (
	"testing"
	"time"

	"rollcall"
)

func TestInventoryReads(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			f := newFixture(t, db)
			a, b := f.orgs[0].ID, f.orgs[1].ID
			win := []rollcall.ProductVersion{{Product: "windows", Version: "6.1.7601"}}
			hostsAt := func(org int64, at time.Time, names ...string) []*rollcall.InventoryHost {
				var hs []*rollcall.InventoryHost
				for _, n := range names {
					hs = append(hs, &rollcall.InventoryHost{Name: n, Items: win})
				}
				_, _, err := db.ReplaceInventory(ctx, org, "csv", hs, at)
				must(t, err)
				return hs
			}
			old := hostsAt(a, t0, "A-1", "A-2")
			later := t0.Add(time.Hour)
			fresh := hostsAt(b, later, "B-1", "B-2", "B-3")
			hostsAt(a, later, "A-3")

			got, err := db.InventoryHostsByID(ctx, []int64{fresh[1].ID, old[0].ID, 999999})
			must(t, err)
			if len(got) != 2 || got[0].Name != "A-1" || got[1].Name != "B-2" || len(got[1].Items) != 1 || got[1].Items[0] != win[0] {
				t.Errorf("by id: %+v, want A-1 and B-2 with their row", got)
			}
			ages, err := db.InventoryAges(ctx)
			must(t, err)
			if len(ages) != 2 || ages[0].OrgID != a || ages[0].Hosts != 3 || !ages[0].Oldest.Equal(t0) || !ages[0].Latest.Equal(later) ||
				ages[1].Hosts != 3 || !ages[1].Oldest.Equal(later) {
				t.Errorf("ages: %+v", ages)
			}
			// Following reads the changes in commit order, two at a time,
			// whatever the snapshots' own times.
			hostsAt(b, t0.Add(-48*time.Hour), "B-0")
			var seen []int64
			after := int64(0)
			for {
				page, err := db.InventoryChanges(ctx, after, 2)
				must(t, err)
				for _, ch := range page {
					seen = append(seen, ch.HostID)
					after = ch.ID
				}
				if len(page) < 2 {
					break
				}
			}
			if len(seen) != 7 || seen[0] != old[0].ID || seen[2] != fresh[0].ID || seen[6] <= fresh[2].ID {
				t.Errorf("changes name hosts %v, want A-1, A-2, B-1, B-2, B-3, A-3, B-0", seen)
			}
			if latest, err := db.LatestInventoryChange(ctx); err != nil || latest != after {
				t.Errorf("latest change %d (%v), want %d", latest, err, after)
			}
		})
	}
}

func TestAlertAffectedRoundTrip(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			newFixture(t, db)
			a := &rollcall.Alert{Title: "t", Severity: rollcall.SeverityHigh, Summary: "s", CreatedAt: t0,
				Target: rollcall.Target{Exposed: true, Resolved: []int64{1}},
				Affected: rollcall.Affected{
					Software: []rollcall.AffectedSoftware{{Product: "pkg:npm/lodash", Vers: "vers:npm/<4.17.21"}},
					Windows:  []rollcall.AffectedWindows{{Name: "Windows 10 1607", Build: "10.0.14393", FixedRevision: 953, FixedBy: []string{"KB4013429"}}},
				}}
			must(t, db.CreateAlert(ctx, a))
			got, err := db.FindAlertByID(ctx, a.ID)
			must(t, err)
			if got.Affected.String() != a.Affected.String() || !got.Target.Exposed || len(got.Target.Resolved) != 1 {
				t.Errorf("read back %+v / %+v", got.Affected, got.Target)
			}
		})
	}
}

func TestResponseClaims(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			f := newFixture(t, db)
			a, _ := publish(t, db, rollcall.Target{All: true}, t0)
			must(t, db.UpdateResponses(ctx, a.ID, []int64{f.orgs[0].ID}, t0, answer(rollcall.Answer{Applicability: rollcall.Applicable, Action: rollcall.ActionPatched}, t0)))
			claims, err := db.ResponseClaims(ctx, a.ID, rollcall.Scope{All: true})
			must(t, err)
			if len(claims) != 4 || claims[0].OrgID != f.orgs[0].ID || claims[0].Claim() != rollcall.ClaimPatched ||
				claims[0].RegionID != f.north.ID || claims[1].Claim() != rollcall.ClaimNone {
				t.Errorf("claims %+v", claims)
			}
			south, err := db.ResponseClaims(ctx, a.ID, rollcall.Scope{RegionIDs: []int64{f.south.ID}})
			must(t, err)
			if len(south) != 2 || south[0].RegionID != f.south.ID {
				t.Errorf("south claims %+v", south)
			}
			if none, _ := db.ResponseClaims(ctx, a.ID, rollcall.Scope{}); len(none) != 0 {
				t.Errorf("the empty scope sees %+v", none)
			}
		})
	}
}

func TestAlertsNamingCVE(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			newFixture(t, db)
			a, _ := publish(t, db, rollcall.Target{All: true}, t0) // names CVE-2017-0144
			got, err := db.AlertsNamingCVE(ctx, "CVE-2017-0144")
			must(t, err)
			if len(got) != 1 || got[0] != a.ID {
				t.Errorf("alerts naming CVE-2017-0144: %v", got)
			}
			for _, cve := range []string{"CVE-2017-014", "CVE-2017-01445", "%"} {
				if got, _ := db.AlertsNamingCVE(ctx, cve); len(got) != 0 {
					t.Errorf("alerts naming %q: %v", cve, got)
				}
			}
		})
	}
}
