package sqlstore_test

import (
	"testing"
	"time"

	"rollcall"
)

func TestSources(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			a := &rollcall.Source{Name: "KEV", Kind: rollcall.SourceKEV, Location: "https://example.test/kev.json", Enabled: true, Every: time.Hour}
			b := &rollcall.Source{Name: "OSV", Kind: rollcall.SourceOSV, Location: "/srv/osv", Enabled: false, Every: 6 * time.Hour}
			must(t, db.CreateSource(ctx, a, t0))
			must(t, db.CreateSource(ctx, b, t0))
			wantCode(t, db.CreateSource(ctx, &rollcall.Source{Name: "again", Kind: rollcall.SourceKEV, Location: a.Location, Every: time.Hour}, t0), rollcall.EINVALID)
			// Only the enabled source is due, and only one caller claims it.
			first, err := db.ClaimDueSources(ctx, t0, time.Minute)
			must(t, err)
			second, err := db.ClaimDueSources(ctx, t0, time.Minute)
			must(t, err)
			if len(first) != 1 || first[0].ID != a.ID || !first[0].NextRunAt.Equal(t0.Add(time.Hour)) || len(second) != 0 {
				t.Fatalf("claims: %+v then %+v", first, second)
			}
			vals := map[string]rollcall.Validators{a.Location: {ETag: `"v1"`}}
			for i, status := range []string{rollcall.RunOK, rollcall.RunUnchanged} {
				must(t, db.SaveSourceRun(ctx, &rollcall.SourceRun{SourceID: a.ID, StartedAt: t0, FinishedAt: t0.Add(time.Second),
					Status: status, Documents: 1 - i, Added: 10 * (1 - i), Errors: []string{"one refused"}}, vals))
			}
			got, err := db.FindSource(ctx, a.ID)
			must(t, err)
			if got.LastRun == nil || got.LastRun.Status != rollcall.RunUnchanged || got.Every != time.Hour || !got.Enabled || len(got.LastRun.Errors) != 1 {
				t.Errorf("source %+v, last run %+v", got, got.LastRun)
			}
			v, err := db.SourceValidators(ctx, a.ID)
			must(t, err)
			if v[a.Location].ETag != `"v1"` {
				t.Errorf("validators %v", v)
			}
			must(t, db.RunSourceNow(ctx, b.ID, t0))
			b.Enabled = true
			must(t, db.UpdateSource(ctx, b))
			due, err := db.ClaimDueSources(ctx, t0, time.Minute)
			must(t, err)
			if len(due) != 1 || due[0].ID != b.ID {
				t.Errorf("after enabling and running now: %+v", due)
			}
			list, err := db.ListSources(ctx)
			must(t, err)
			if len(list) != 2 || list[0].Name != "KEV" || list[1].LastRun != nil {
				t.Errorf("list %+v", list)
			}
			// A slow run keeps its source for the lease, then is scheduled
			// a schedule after it finished.
			c := &rollcall.Source{Name: "CSAF", Kind: rollcall.SourceCSAF, Location: "https://example.test/pm.json", Enabled: true, Every: 5 * time.Minute}
			must(t, db.CreateSource(ctx, c, t0))
			claimed, err := db.ClaimDueSources(ctx, t0, time.Hour)
			must(t, err)
			if len(claimed) != 1 || claimed[0].ID != c.ID || !claimed[0].NextRunAt.Equal(t0.Add(time.Hour)) {
				t.Fatalf("claimed %+v", claimed)
			}
			if again, _ := db.ClaimDueSources(ctx, t0.Add(10*time.Minute), time.Hour); len(again) != 0 {
				t.Errorf("claimed again while running: %+v", again)
			}
			must(t, db.ScheduleSource(ctx, c.ID, claimed[0].NextRunAt, t0.Add(6*time.Minute)))
			if again, _ := db.ClaimDueSources(ctx, t0.Add(10*time.Minute), time.Hour); len(again) != 1 {
				t.Errorf("not due after its run was scheduled: %+v", again)
			}
			wantCode(t, db.SaveSourceRun(ctx, &rollcall.SourceRun{SourceID: 999, StartedAt: t0, FinishedAt: t0, Status: rollcall.RunOK}, nil), rollcall.ENOTFOUND)
		})
	}
}
