package service_test

import (
	"testing"
	"time"

	"rollcall"
	"rollcall/rollcalltest"
	"rollcall/service"
)

func TestWithdrawAlert(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high := f.Alerts["high"].ID
	for _, who := range []string{"auditor", "coordN", "respN", "leadN"} {
		if err := f.Svc.WithdrawAlert(ctx, f.Actor(who), high, "mistake"); code(err) != rollcall.EFORBIDDEN {
			t.Errorf("%s withdrawing: code %q, want forbidden", who, code(err))
		}
	}
	analyst := f.Actor("analyst")
	if err := f.Svc.WithdrawAlert(ctx, analyst, high, "  "); rollcall.ErrorField(err) != "reason" {
		t.Errorf("withdrawing without a reason: field %q, want reason", rollcall.ErrorField(err))
	}
	if err := f.Svc.WithdrawAlert(ctx, analyst, f.Alerts["draft"].ID, "never sent"); code(err) != rollcall.ECONFLICT {
		t.Errorf("withdrawing a draft: code %q, want conflict", code(err))
	}
	if _, n, _ := f.Svc.Inbox(ctx, f.Actor("respSU"), 50, 0); n != 3 {
		t.Fatalf("support unit inbox before: %d, want 3", n)
	}
	f.Clock.Advance(time.Hour)
	if err := f.Svc.WithdrawAlert(ctx, analyst, high, "Superseded by a corrected alert."); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := f.Svc.Inbox(ctx, f.Actor("respSU"), 50, 0); n != 0 {
		t.Errorf("support unit inbox after withdrawal: %d, want 0", n)
	}
	_, err := f.Svc.Answer(ctx, f.Actor("respN"), service.AnswerRequest{AlertID: high, OrgIDs: []int64{f.Orgs["NTRUST"].ID}, AcknowledgeOnly: true})
	if code(err) != rollcall.ECONFLICT {
		t.Errorf("answering a withdrawn alert: code %q, want conflict", code(err))
	}
	// Organisations still see it, withdrawn, and why.
	a, err := f.Svc.GetAlert(ctx, f.Actor("respN"), high)
	if err != nil || a.Status != rollcall.AlertWithdrawn {
		t.Fatalf("responder reading the withdrawn alert: %+v, %v", a, err)
	}
	revs, _ := f.Svc.AlertRevisions(ctx, f.Actor("respN"), high)
	if last := revs[len(revs)-1]; last.ChangeNote != "Superseded by a corrected alert." {
		t.Errorf("last revision note %q", last.ChangeNote)
	}
	// Its clocks stopped at the withdrawal: days later, nobody who was
	// silent at withdrawal (an hour in) has turned overdue.
	f.Clock.Advance(10 * rollcall.Day)
	rc, err := f.Svc.RollCall(ctx, analyst, high)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Tally.Overdue != 0 || rc.Tally.ByState[rollcall.StateAwaitingAck] != 6 || !rc.At.Equal(rollcalltest.Start.Add(time.Hour)) {
		t.Errorf("roll call of the withdrawn alert: overdue %d, awaiting %d, at %v; want 0, 6, as at the withdrawal",
			rc.Tally.Overdue, rc.Tally.ByState[rollcall.StateAwaitingAck], rc.At)
	}
	if r, _ := f.Svc.GetResponse(ctx, analyst, high, f.Orgs["NTRUST"].ID); r.State != rollcall.StateAwaitingAck {
		t.Errorf("a silent organisation's state after withdrawal: %s, want %s", r.State, rollcall.StateAwaitingAck)
	}
	items, _, _ := f.Svc.ListAlerts(ctx, analyst, rollcall.AlertFilter{})
	for _, it := range items {
		if it.ID == high && it.Overdue != 0 {
			t.Errorf("alert list counts %d overdue on the withdrawn alert, want 0", it.Overdue)
		}
	}
	// Nobody climbs the ladder for a withdrawn alert.
	if _, err := f.Svc.Escalate(ctx); err != nil {
		t.Fatal(err)
	}
	out, _, _ := f.Svc.Outbox(ctx, analyst, 500, 0)
	for _, e := range out {
		if e.Kind == rollcall.OutboxEscalated && e.AlertID == high {
			t.Errorf("a response to the withdrawn alert was escalated: %+v", e)
		}
	}
}
