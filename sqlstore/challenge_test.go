package sqlstore_test

import (
	"sync"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

// answerFor closes an organisation's response with the answer.
func answerFor(t *testing.T, db *sqlstore.DB, alertID, orgID int64, a rollcall.Answer, at time.Time) {
	t.Helper()
	must(t, db.UpdateResponses(ctx, alertID, []int64{orgID}, at, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
		if err := r.Apply(a, at); err != nil {
			return nil, err
		}
		return &rollcall.ResponseEvent{Kind: rollcall.EventAnswered, Summary: "Answered"}, nil
	}))
}

func TestChallengeResponse(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			f := newFixture(t, db)
			a, _ := publish(t, db, rollcall.Target{All: true}, t0)
			org := f.orgs[0].ID
			answerFor(t, db, a.ID, org, rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "WSUS"}, t0.Add(time.Hour))
			before, err := db.FindResponse(ctx, a.ID, org)
			must(t, err)

			at := t0.Add(2 * time.Hour)
			due := t0.Add(10 * rollcall.Day)
			challenge := func() *rollcall.Challenge {
				return &rollcall.Challenge{AlertID: a.ID, OrgID: org, By: rollcall.ChallengerCentre, ActorName: "Ana Analyst",
					Note: "WS-001 is still exposed.", RemediateDue: due, At: at}
			}
			c := challenge()
			recorded, err := db.ChallengeResponse(ctx, c, at)
			must(t, err)
			if !recorded || c.ID == 0 || c.Claim != rollcall.ClaimPatched {
				t.Fatalf("challenge: recorded %v, %+v; want recorded with an id and the claim patched", recorded, c)
			}
			r, err := db.FindResponse(ctx, a.ID, org)
			must(t, err)
			if r.Phase.Closed() || !r.ClosedAt.IsZero() || r.Action != "" || r.Version != before.Version+1 || !r.RemediateDue.Equal(due) {
				t.Errorf("response after the challenge %+v: want open, no action, version %d, due %v", r, before.Version+1, due)
			}
			events, err := db.ListResponseEvents(ctx, a.ID, org)
			must(t, err)
			last := events[len(events)-1]
			if last.Kind != rollcall.EventChallenged || last.ActorName != "Ana Analyst" || last.Summary != c.Summary() {
				t.Errorf("last event %+v, want the challenge by Ana Analyst", last)
			}
			standing, err := db.StandingChallenges(ctx, a.ID, []int64{org})
			must(t, err)
			if len(standing) != 1 || standing[0].Note != c.Note || standing[0].Claim != rollcall.ClaimPatched || !standing[0].RemediateDue.Equal(due) {
				t.Errorf("standing challenges %+v, want the one made", standing)
			}
			outbox, _, err := db.ListOutbox(ctx, 0, 0)
			must(t, err)
			if last := outbox[len(outbox)-1]; last.Kind != rollcall.OutboxChallenged || last.OrgID != org || last.AlertID != a.ID {
				t.Errorf("last outbox event %+v, want the challenge, for the organisation to be told", last)
			}
			claims, err := db.ResponseClaims(ctx, a.ID, rollcall.Scope{OrgIDs: []int64{org}})
			must(t, err)
			if len(claims) != 1 || claims[0].Claim() != rollcall.ClaimNone {
				t.Errorf("claims after the challenge %+v, want none standing", claims)
			}

			// The same challenge again (a retry) records nothing.
			recorded, err = db.ChallengeResponse(ctx, challenge(), at.Add(time.Minute))
			must(t, err)
			again, err := db.ListResponseEvents(ctx, a.ID, org)
			must(t, err)
			r2, err := db.FindResponse(ctx, a.ID, org)
			must(t, err)
			outboxAgain, _, err := db.ListOutbox(ctx, 0, 0)
			must(t, err)
			if recorded || len(again) != len(events) || r2.Version != r.Version || len(outboxAgain) != len(outbox) {
				t.Errorf("a repeat: recorded %v, %d events (want %d), version %d (want %d)", recorded, len(again), len(events), r2.Version, r.Version)
			}
			// Another challenge of an answer already open is a conflict.
			other := challenge()
			other.Note = "Something else."
			_, err = db.ChallengeResponse(ctx, other, at)
			wantCode(t, err, rollcall.ECONFLICT)

			// Answered and closed again, the challenge no longer stands.
			answerFor(t, db, a.ID, org, rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "WS-001 patched too"}, at.Add(time.Hour))
			standing, err = db.StandingChallenges(ctx, 0, []int64{org})
			must(t, err)
			if len(standing) != 0 {
				t.Errorf("standing after a new closed answer: %+v, want none", standing)
			}

			// Not sent the alert: not found. Withdrawn: conflict, and nothing written.
			none := challenge()
			none.OrgID = 999999
			_, err = db.ChallengeResponse(ctx, none, at)
			wantCode(t, err, rollcall.ENOTFOUND)
			withdrawn := *a
			withdrawn.Status, withdrawn.Revision = rollcall.AlertWithdrawn, 2
			must(t, db.WithdrawAlert(ctx, a.ID, &rollcall.AlertRevision{Revision: 2, Alert: withdrawn, ChangeNote: "Wrong list.", CreatedAt: at}, at))
			_, err = db.ChallengeResponse(ctx, challenge(), at.Add(2*time.Hour))
			wantCode(t, err, rollcall.ECONFLICT)
			if r3, err := db.FindResponse(ctx, a.ID, org); err != nil || !r3.Phase.Closed() {
				t.Errorf("challenging a withdrawn alert's answer changed it: %+v, %v", r3, err)
			}
		})
	}
}

// TestConcurrentChallenges sends the same challenge from many goroutines
// at once, as retries racing each other would: one is recorded, the rest
// find it standing, and the answer is reopened once.
func TestConcurrentChallenges(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		a, _ := publish(t, db, rollcall.Target{All: true}, t0)
		org := f.orgs[0].ID
		answerFor(t, db, a.ID, org, rollcall.Answer{Action: rollcall.ActionPatched}, t0.Add(time.Hour))
		before, err := db.ListResponseEvents(ctx, a.ID, org)
		must(t, err)

		const n = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		recorded := 0
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				c := &rollcall.Challenge{AlertID: a.ID, OrgID: org, By: rollcall.ChallengerRegion, ActorName: "Cora North", Note: "Still exposed."}
				ok, err := db.ChallengeResponse(ctx, c, t0.Add(2*time.Hour))
				if ok {
					mu.Lock()
					recorded++
					mu.Unlock()
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		events, err := db.ListResponseEvents(ctx, a.ID, org)
		must(t, err)
		r, err := db.FindResponse(ctx, a.ID, org)
		must(t, err)
		if recorded != 1 || len(events) != len(before)+1 || r.Version != 3 {
			t.Errorf("%d recorded, %d events (want %d), version %d (want 3)", recorded, len(events), len(before)+1, r.Version)
		}
	})
}
