package service_test

import (
	"strings"
	"testing"
	"time"

	"rollcall"
	"rollcall/inventory"
	"rollcall/service"
)

// TestFollowInventoryLateCommit has a replica whose clock is a day behind
// save an upload after another replica saved a later one: following by
// snapshot time would never read it again, following by commit order does.
func TestFollowInventoryLateCommit(t *testing.T) {
	f, a := exposureWorld(t)
	follower := service.New(f.Store, f.Clock, rollcall.DefaultPolicy(), nil)
	if _, err := follower.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	f.Clock.Advance(time.Hour)
	upload := func(s *service.Service, org, csv string) {
		t.Helper()
		if _, err := s.ImportInventory(ctx, f.Actor("analyst"), f.Orgs[org].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	win7 := "host,os_name,os_version,os_build,updates\n%s,Microsoft Windows 7 Professional,6.1,7601,KB3212646\n"
	upload(f.Svc, "NGP1", strings.ReplaceAll(win7, "%s", "GP-1"))
	if n, err := follower.FollowInventory(ctx); err != nil || n != 1 {
		t.Fatalf("following applied %d (%v), want 1", n, err)
	}
	behind := service.New(f.Store, rollcall.NewFixedClock(f.Clock.Now().Add(-24*time.Hour)), rollcall.DefaultPolicy(), nil)
	upload(behind, "NGP1", strings.ReplaceAll(win7, "%s", "GP-2"))
	if n, err := follower.FollowInventory(ctx); err != nil || n != 1 {
		t.Fatalf("following after the late commit applied %d (%v), want 1", n, err)
	}
	e, err := follower.AlertExposure(ctx, f.Actor("analyst"), a.ID)
	if err != nil || e.Exposed != 5 {
		t.Errorf("follower: %d exposed (%v), want 5 with GP-1 and GP-2", e.Exposed, err)
	}
}
