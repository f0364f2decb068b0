package sqlstore_test

import (
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

func TestWithdrawAlert(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			f := newFixture(t, db)
			a, n := publish(t, db, rollcall.Target{All: true}, t0)
			if n != len(f.orgs) {
				t.Fatalf("published to %d, want %d", n, len(f.orgs))
			}
			at := t0.Add(time.Hour)
			withdrawn := *a
			withdrawn.Status, withdrawn.Revision = rollcall.AlertWithdrawn, 2
			rev := &rollcall.AlertRevision{Revision: 2, Alert: withdrawn, ChangeNote: "Sent to the wrong list.", CreatedAt: at,
				Changes: []rollcall.FieldChange{{Field: "Status", Before: "Published", After: "Withdrawn"}}}
			must(t, db.WithdrawAlert(ctx, a.ID, rev, at))

			got, err := db.FindAlertByID(ctx, a.ID)
			must(t, err)
			if got.Status != rollcall.AlertWithdrawn || got.Revision != 2 {
				t.Errorf("alert after withdrawal: status %s revision %d, want withdrawn 2", got.Status, got.Revision)
			}
			revs, err := db.ListAlertRevisions(ctx, a.ID)
			must(t, err)
			if len(revs) != 2 || revs[1].ChangeNote != "Sent to the wrong list." || revs[1].Alert.Status != rollcall.AlertWithdrawn {
				t.Errorf("revisions = %+v, want the withdrawal kept as revision 2", revs)
			}
			// The responses stay, as history, but leave every open list.
			rows, total, err := db.ListResponses(ctx, rollcall.ResponseFilter{AlertID: a.ID, Scope: rollcall.Scope{All: true}, Now: at, Limit: 10})
			must(t, err)
			if total != len(f.orgs) {
				t.Errorf("responses kept: %d, want %d", total, len(f.orgs))
			}
			if !rows[0].AlertWithdrawnAt.Equal(at) {
				t.Errorf("row's AlertWithdrawnAt = %v, want %v", rows[0].AlertWithdrawnAt, at)
			}
			_, open, err := db.ListResponses(ctx, rollcall.ResponseFilter{Scope: rollcall.Scope{All: true}, Open: true, OnlyPublished: true, Now: at, Limit: 10})
			must(t, err)
			if open != 0 {
				t.Errorf("%d responses to the withdrawn alert are still open in inboxes, want 0", open)
			}
			out, _, err := db.ListOutbox(ctx, 10, 0)
			must(t, err)
			if last := out[len(out)-1]; last.Kind != rollcall.OutboxAlertWithdrawn || last.AlertID != a.ID {
				t.Errorf("last outbox event %+v, want the withdrawal", last)
			}
			// Twice is a conflict, and changes nothing.
			rev3 := *rev
			rev3.Revision = 3
			wantCode(t, db.WithdrawAlert(ctx, a.ID, &rev3, at), rollcall.ECONFLICT)
			wantCode(t, db.WithdrawAlert(ctx, 999999, &rev3, at), rollcall.ENOTFOUND)
		})
	}
}

// A response write that reaches the store after the alert was withdrawn —
// the service read it while it was still published — is refused inside the
// write transaction and changes nothing: a withdrawn roll call is history.
func TestUpdateResponsesRefusesWithdrawnAlert(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		a, _ := publish(t, db, rollcall.Target{All: true}, t0)
		org := f.orgs[0].ID
		read, err := db.FindAlertByID(ctx, a.ID)
		must(t, err)
		if read.Status != rollcall.AlertPublished {
			t.Fatalf("status %s, want published before the withdrawal", read.Status)
		}
		at := t0.Add(time.Hour)
		withdrawn := *a
		withdrawn.Status, withdrawn.Revision = rollcall.AlertWithdrawn, 2
		must(t, db.WithdrawAlert(ctx, a.ID, &rollcall.AlertRevision{Revision: 2, Alert: withdrawn, ChangeNote: "Wrong list.", CreatedAt: at}, at))

		before, err := db.FindResponse(ctx, a.ID, org)
		must(t, err)
		called := false
		err = db.UpdateResponses(ctx, a.ID, []int64{org}, at.Add(time.Minute), func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
			called = true
			r.Reason = "changed after the withdrawal"
			return &rollcall.ResponseEvent{Kind: rollcall.EventAnswered, Summary: "late"}, nil
		})
		wantCode(t, err, rollcall.ECONFLICT)
		if called {
			t.Errorf("fn was called for a withdrawn alert, want it refused before any response is read")
		}
		after, err := db.FindResponse(ctx, a.ID, org)
		must(t, err)
		if after.Version != before.Version || after.Reason != before.Reason {
			t.Errorf("got version %d reason %q, want the response unchanged at %d %q", after.Version, after.Reason, before.Version, before.Reason)
		}
		// An alert that does not exist is not found, as before.
		wantCode(t, db.UpdateResponses(ctx, 999999, []int64{org}, at, func(*rollcall.Response) (*rollcall.ResponseEvent, error) { return nil, nil }), rollcall.ENOTFOUND)
	})
}
