package sqlstore_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

// TestConcurrentAnswers answers from many goroutines at once, several of
// them on the same response: no write may fail (no SQLITE_BUSY, no
// deadlock), and no change may be lost.
func TestConcurrentAnswers(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		r := rollcall.Region{Code: "N", Name: "North"}
		must(t, db.CreateRegion(ctx, &r))
		var orgs []*rollcall.Organisation
		for i := range 50 {
			orgs = append(orgs, &rollcall.Organisation{Code: fmt.Sprintf("C%03d", i), Name: "Org", Type: rollcall.OrgGPPractice, RegionID: r.ID})
		}
		_, _, err := db.ImportOrganisations(ctx, orgs, t0)
		must(t, err)
		a, _ := publish(t, db, rollcall.Target{All: true}, t0)

		const perOrg = 4
		var wg sync.WaitGroup
		errs := make(chan error, len(orgs)*perOrg+1)
		for _, o := range orgs {
			for range perOrg {
				wg.Go(func() {
					errs <- db.UpdateResponses(ctx, a.ID, []int64{o.ID}, t0.Add(time.Hour), func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
						r.Reason += "x"
						return &rollcall.ResponseEvent{Kind: rollcall.EventAnswered}, nil
					})
				})
			}
		}
		// A reader runs alongside the writers.
		wg.Go(func() {
			_, _, err := db.ListResponses(ctx, rollcall.ResponseFilter{AlertID: a.ID, Scope: rollcall.Scope{All: true}})
			errs <- err
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		for _, o := range orgs {
			r, err := db.FindResponse(ctx, a.ID, o.ID)
			must(t, err)
			events, err := db.ListResponseEvents(ctx, a.ID, o.ID)
			must(t, err)
			if r.Version != 1+perOrg || r.Reason != "xxxx" || len(events) != perOrg {
				t.Fatalf("org %s: got version %d reason %q and %d events, want %d, %q and %d",
					o.Code, r.Version, r.Reason, len(events), 1+perOrg, "xxxx", perOrg)
			}
		}
	})
}

// TestOpenSQLiteURI opens SQLite by a file: URI as well as by a path.
func TestOpenSQLiteURI(t *testing.T) {
	db, err := sqlstore.Open(ctx, "file:"+filepath.Join(t.TempDir(), "uri.db")+"?cache=private")
	must(t, err)
	defer db.Close()
	must(t, db.Migrate(ctx))
	must(t, db.CreateRegion(ctx, &rollcall.Region{Code: "N", Name: "North"}))
	if regions, err := db.ListRegions(ctx); err != nil || len(regions) != 1 {
		t.Fatalf("got %v, %v; want the one region", regions, err)
	}
}

// TestPanicInUpdateRollsBack checks that a panic in the function given to
// UpdateResponses undoes the transaction and frees the writer for the
// next one.
func TestPanicInUpdateRollsBack(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		a, _ := publish(t, db, rollcall.Target{All: true}, t0)
		func() {
			defer func() { recover() }()
			db.UpdateResponses(ctx, a.ID, f.orgIDs(), t0, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
				panic("boom")
			})
		}()
		must(t, db.UpdateResponses(ctx, a.ID, f.orgIDs()[:1], t0, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
			return &rollcall.ResponseEvent{Kind: rollcall.EventAcknowledged}, nil
		}))
		if r, _ := db.FindResponse(ctx, a.ID, f.orgs[0].ID); r.Version != 2 {
			t.Fatalf("got version %d, want 2", r.Version)
		}
	})
}
