package sqlstore_test

import (
	"reflect"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

func TestSetEscalation(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		raa, rbb := f.orgs[0].ID, f.orgs[1].ID
		a, _ := publish(t, db, rollcall.Target{All: true}, t0)
		now := t0.Add(50 * time.Hour)
		must(t, db.SetEscalation(ctx, []rollcall.EscalationChange{
			{AlertID: a.ID, OrgID: raa, From: rollcall.EscalationNone, To: rollcall.EscalationSecurityLead},
			{AlertID: a.ID, OrgID: rbb, From: rollcall.EscalationNone, To: rollcall.EscalationCoordinator},
		}, now))

		r, err := db.FindResponse(ctx, a.ID, raa)
		must(t, err)
		if r.EscalationLevel != rollcall.EscalationSecurityLead || r.Version != 1 {
			t.Fatalf("got level %d version %d, want level 1 and the version unchanged", r.EscalationLevel, r.Version)
		}
		events, err := db.ListResponseEvents(ctx, a.ID, raa)
		must(t, err)
		want := rollcall.ResponseEvent{ID: events[0].ID, AlertID: a.ID, OrgID: raa, Kind: rollcall.EventEscalated,
			ActorName: "Rollcall", Summary: "Escalated to the data-security lead", At: now}
		if len(events) != 1 || !reflect.DeepEqual(events[0], want) {
			t.Fatalf("got events %+v, want %+v", events, want)
		}
		out, _, err := db.ListOutbox(ctx, 10, 0)
		must(t, err)
		if len(out) != 3 || out[1].Kind != rollcall.OutboxEscalated || out[1].OrgID != raa || out[1].Level != rollcall.EscalationSecurityLead ||
			out[2].OrgID != rbb || out[2].Level != rollcall.EscalationCoordinator || !out[2].CreatedAt.Equal(now) {
			t.Fatalf("got outbox %+v, want the publication then the two escalations", out)
		}

		// A change another replica already made is skipped, not repeated.
		must(t, db.SetEscalation(ctx, []rollcall.EscalationChange{{AlertID: a.ID, OrgID: raa, From: rollcall.EscalationNone, To: rollcall.EscalationSecurityLead}}, now))
		if events, _ := db.ListResponseEvents(ctx, a.ID, raa); len(events) != 1 {
			t.Fatalf("got %d events after a repeated change, want 1", len(events))
		}

		// A missing response undoes the whole batch.
		err = db.SetEscalation(ctx, []rollcall.EscalationChange{
			{AlertID: a.ID, OrgID: raa, From: rollcall.EscalationSecurityLead, To: rollcall.EscalationCentre},
			{AlertID: a.ID, OrgID: 999, From: rollcall.EscalationNone, To: rollcall.EscalationSecurityLead},
		}, now)
		wantCode(t, err, rollcall.ENOTFOUND)
		if r, _ := db.FindResponse(ctx, a.ID, raa); r.EscalationLevel != rollcall.EscalationSecurityLead {
			t.Fatalf("got level %d after a failed batch, want it unchanged", r.EscalationLevel)
		}
		if out, _, _ := db.ListOutbox(ctx, 0, 0); len(out) != 3 {
			t.Fatalf("got %d outbox events after a failed batch, want 3", len(out))
		}
		// A page of the outbox says how many wait beyond it.
		if page, total, err := db.ListOutbox(ctx, 1, 1); err != nil || total != 3 || len(page) != 1 || page[0].ID != out[1].ID {
			t.Fatalf("outbox page from 1: %d events, total %d (%v); want the second of 3", len(page), total, err)
		}
	})
}
