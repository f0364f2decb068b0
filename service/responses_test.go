package service_test

import (
	"context"
	"testing"
	"time"

	"rollcall"
	"rollcall/rollcalltest"
	"rollcall/service"
)

var ctx = context.Background()

func code(err error) string { return rollcall.ErrorCode(err) }

func TestAnswerAuthorisation(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high := f.Alerts["high"].ID
	patched := rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "MS17-010 deployed by WSUS"}
	tests := []struct {
		name     string
		user     string
		orgs     []string
		wantCode string
	}{
		{"responder answers for its own organisation", "respN", []string{"NTRUST"}, ""},
		{"support unit answers for a delegated practice", "respSU", []string{"NGP1"}, ""},
		{"support unit answers for itself and its practices at once", "respSU", []string{"NSU", "NGP1", "NGP2"}, ""},
		{"support unit cannot answer for a trust", "respSU", []string{"NTRUST"}, rollcall.EINVALID},
		{"responder cannot answer for another region's trust", "respN", []string{"STRUST"}, rollcall.EINVALID},
		{"analyst does not answer for organisations", "analyst", []string{"NTRUST"}, rollcall.EFORBIDDEN},
		{"auditor changes nothing", "auditor", []string{"NTRUST"}, rollcall.EFORBIDDEN},
		{"coordinator does not answer", "coordN", []string{"NTRUST"}, rollcall.EFORBIDDEN},
		{"data-security lead does not answer", "leadN", []string{"NTRUST"}, rollcall.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []int64
			for _, c := range tt.orgs {
				ids = append(ids, f.Orgs[c].ID)
			}
			_, err := f.Svc.Answer(ctx, f.Actor(tt.user), service.AnswerRequest{AlertID: high, OrgIDs: ids, Answer: patched})
			if code(err) != tt.wantCode {
				t.Fatalf("code = %q (%v), want %q", code(err), err, tt.wantCode)
			}
		})
	}
}

func TestBulkAnswerIsAllOrNothing(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	// STRUST is not targeted by nothing: every org is targeted by "high", but
	// southOnly targets only the South, so NGP1 has no response to it.
	_, err := f.Svc.Answer(ctx, f.Actor("respSU"), service.AnswerRequest{
		AlertID: f.Alerts["southOnly"].ID, OrgIDs: []int64{f.Orgs["NSU"].ID},
		Answer: rollcall.Answer{Action: rollcall.ActionPatched}})
	if code(err) != rollcall.ENOTFOUND {
		t.Fatalf("answering an alert not sent to us: code %q (%v), want %q", code(err), err, rollcall.ENOTFOUND)
	}
	// A bad answer refuses the whole batch: nothing is saved for anyone.
	high := f.Alerts["high"].ID
	ids := []int64{f.Orgs["NSU"].ID, f.Orgs["NGP1"].ID, f.Orgs["NGP2"].ID}
	_, err = f.Svc.Answer(ctx, f.Actor("respSU"), service.AnswerRequest{AlertID: high, OrgIDs: ids,
		Answer: rollcall.Answer{Action: rollcall.ActionInProgress}})
	if rollcall.ErrorField(err) != "planned_date" {
		t.Fatalf("field = %q (%v), want planned_date", rollcall.ErrorField(err), err)
	}
	for _, id := range ids {
		r, err := f.Svc.GetResponse(ctx, f.Actor("analyst"), high, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Phase != rollcall.PhaseAwaitingAck || r.Version != 1 || len(r.Events) != 0 {
			t.Errorf("org %d: phase %s version %d events %d after a refused batch; want untouched", id, r.Phase, r.Version, len(r.Events))
		}
	}
	// A stale version on one organisation refuses the batch too.
	_, err = f.Svc.Answer(ctx, f.Actor("respSU"), service.AnswerRequest{AlertID: high, OrgIDs: ids,
		Answer: rollcall.Answer{Action: rollcall.ActionPatched}, Versions: map[int64]int{f.Orgs["NGP2"].ID: 7}})
	if code(err) != rollcall.ECONFLICT {
		t.Fatalf("stale version: code %q (%v), want %q", code(err), err, rollcall.ECONFLICT)
	}
	// The good batch saves all three, recording the delegation.
	n, err := f.Svc.Answer(ctx, f.Actor("respSU"), service.AnswerRequest{AlertID: high, OrgIDs: ids,
		Answer: rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "Patched across the practices"}})
	if err != nil || n != 3 {
		t.Fatalf("bulk answer: n=%d err=%v, want 3 and nil", n, err)
	}
	gp, err := f.Svc.GetResponse(ctx, f.Actor("analyst"), high, f.Orgs["NGP1"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if gp.State != rollcall.StatePatched || gp.AnsweredVia != f.Orgs["NSU"].ID || len(gp.Events) != 1 || gp.Events[0].ViaOrgID != f.Orgs["NSU"].ID {
		t.Errorf("GP practice after bulk answer: state %s via %d events %+v; want patched via NSU", gp.State, gp.AnsweredVia, gp.Events)
	}
	if got := gp.Events[0].ViaOrgName; got != f.Orgs["NSU"].Name {
		t.Errorf("history names the delegate %q, want %q", got, f.Orgs["NSU"].Name)
	}
	own, _ := f.Svc.GetResponse(ctx, f.Actor("analyst"), high, f.Orgs["NSU"].ID)
	if own.AnsweredVia != 0 || own.Events[0].ViaOrgID != 0 {
		t.Errorf("support unit's own answer recorded as delegated: via %d", own.AnsweredVia)
	}
}

func TestRiskAcceptanceSignOff(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high, ntrust := f.Alerts["high"].ID, f.Orgs["NTRUST"].ID
	if _, err := f.Svc.Answer(ctx, f.Actor("respN"), service.AnswerRequest{AlertID: high, OrgIDs: []int64{ntrust},
		Answer: rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: "Legacy PACS; isolated VLAN until vendor patch"}}); err != nil {
		t.Fatal(err)
	}
	pending, n, err := f.Svc.AwaitingSignOff(ctx, f.Actor("leadN"), 100, 0)
	if err != nil || n != 1 || pending[0].OrgID != ntrust {
		t.Fatalf("leadN's sign-off list: %d rows err %v; want NTRUST's", n, err)
	}
	if _, n, _ := f.Svc.AwaitingSignOff(ctx, f.Actor("leadS"), 100, 0); n != 0 {
		t.Errorf("leadS sees %d of another organisation's sign-offs", n)
	}
	for _, who := range []string{"leadS", "respN", "analyst", "auditor", "coordN"} {
		if err := f.Svc.SignOff(ctx, f.Actor(who), high, ntrust, true, ""); code(err) != rollcall.EFORBIDDEN {
			t.Errorf("%s signing off NTRUST: code %q, want %q", who, code(err), rollcall.EFORBIDDEN)
		}
	}
	f.Clock.Advance(2 * time.Hour)
	if err := f.Svc.SignOff(ctx, f.Actor("leadN"), high, ntrust, true, "Accepted at board, review in 30 days"); err != nil {
		t.Fatal(err)
	}
	r, _ := f.Svc.GetResponse(ctx, f.Actor("leadN"), high, ntrust)
	if r.State != rollcall.StateRiskAccepted || r.SignOffBy != f.Users["leadN"].ID || len(r.Events) != 2 {
		t.Errorf("after sign-off: state %s by %d events %d; want risk_accepted by leadN with 2 events", r.State, r.SignOffBy, len(r.Events))
	}
}

func TestEscalationClimbsWithTheClock(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high := f.Alerts["high"].ID
	// Everyone but STRUST acknowledges in time.
	for _, who := range []string{"respN", "respSU"} {
		a := f.Actor(who)
		if _, err := f.Svc.Answer(ctx, a, service.AnswerRequest{AlertID: high, OrgIDs: a.OrgIDs, AcknowledgeOnly: true}); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		at        time.Duration
		wantMoved int
		wantRung  rollcall.EscalationLevel
	}{
		{47 * time.Hour, 0, rollcall.EscalationNone},
		{49 * time.Hour, 2, rollcall.EscalationSecurityLead}, // STRUST and NMH are silent
		{50 * time.Hour, 0, rollcall.EscalationSecurityLead}, // nothing new: the sweep is idempotent
		{73 * time.Hour, 2, rollcall.EscalationCoordinator},
		{6 * rollcall.Day, 2, rollcall.EscalationCentre},
	}
	for _, s := range steps {
		f.Clock.Set(rollcalltest.Start.Add(s.at))
		moved, err := f.Svc.Escalate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if moved != s.wantMoved {
			t.Errorf("at +%v: moved %d, want %d", s.at, moved, s.wantMoved)
		}
		r, _ := f.Svc.GetResponse(ctx, f.Actor("analyst"), high, f.Orgs["STRUST"].ID)
		if r.Escalation != s.wantRung {
			t.Errorf("at +%v: STRUST rung %s, want %s", s.at, r.Escalation.Label(), s.wantRung.Label())
		}
	}
	out, _, err := f.Svc.Outbox(ctx, f.Actor("analyst"), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	escalations := 0
	for _, e := range out {
		if e.Kind == rollcall.OutboxEscalated {
			escalations++
		}
	}
	if escalations != 6 {
		t.Errorf("outbox has %d escalation events, want 6 (2 organisations × 3 rungs)", escalations)
	}
	esc, n, err := f.Svc.Escalated(ctx, f.Actor("coordS"), 50, 0)
	if err != nil || n != 1 || esc[0].OrgID != f.Orgs["STRUST"].ID {
		t.Errorf("coordS's escalations: %d (%v); want STRUST only", n, err)
	}
	if _, _, err := f.Svc.Outbox(ctx, f.Actor("respN"), 10, 0); code(err) != rollcall.EFORBIDDEN {
		t.Errorf("responder reading the outbox: code %q, want forbidden", code(err))
	}
}

func TestRollCallScopes(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high := f.Alerts["high"].ID
	tests := []struct {
		user     string
		targeted int
		wantCode string
	}{
		{"analyst", 6, ""}, {"auditor", 6, ""}, {"coordN", 5, ""}, {"coordS", 1, ""},
		{"respSU", 3, ""}, {"respN", 1, ""}, {"leadS", 1, ""},
	}
	for _, tt := range tests {
		rc, err := f.Svc.RollCall(ctx, f.Actor(tt.user), high)
		if code(err) != tt.wantCode {
			t.Errorf("%s: code %q (%v), want %q", tt.user, code(err), err, tt.wantCode)
			continue
		}
		if err == nil && rc.Tally.Targeted != tt.targeted {
			t.Errorf("%s sees %d targeted, want %d", tt.user, rc.Tally.Targeted, tt.targeted)
		}
	}
	// The South-only alert does not exist for the North.
	for _, who := range []string{"coordN", "respN", "respSU", "leadN"} {
		if _, err := f.Svc.GetAlert(ctx, f.Actor(who), f.Alerts["southOnly"].ID); code(err) != rollcall.ENOTFOUND {
			t.Errorf("%s reading the South-only alert: code %q, want not_found", who, code(err))
		}
	}
	// Drafts exist only for the centre.
	for _, who := range []string{"coordN", "respN", "leadS"} {
		if _, err := f.Svc.GetAlert(ctx, f.Actor(who), f.Alerts["draft"].ID); code(err) != rollcall.ENOTFOUND {
			t.Errorf("%s reading a draft: code %q, want not_found", who, code(err))
		}
	}
	if _, err := f.Svc.GetResponse(ctx, f.Actor("respS"), high, f.Orgs["NTRUST"].ID); code(err) != rollcall.ENOTFOUND {
		t.Errorf("respS reading NTRUST's response: code %q, want not_found", code(err))
	}
	if _, _, err := f.Svc.OrganisationResponses(ctx, f.Actor("respS"), f.Orgs["NTRUST"].ID, 10, 0); code(err) != rollcall.ENOTFOUND {
		t.Errorf("respS listing NTRUST's responses: code %q, want not_found", code(err))
	}
	rows, n, err := f.Svc.OrganisationResponses(ctx, f.Actor("respSU"), f.Orgs["NGP1"].ID, 10, 0)
	if err != nil || n != 1 || rows[0].AlertID != high {
		t.Errorf("respSU listing a delegated practice's responses: %d rows (%v); want the high alert only", n, err)
	}
	if _, n, _ := f.Svc.OrganisationResponses(ctx, f.Actor("coordS"), f.Orgs["STRUST"].ID, 10, 0); n != 2 {
		t.Errorf("coordS listing STRUST's responses: %d, want 2 (high and southOnly)", n)
	}
}

func TestPublishAndRevise(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	analyst := f.Actor("analyst")
	a := &rollcall.Alert{Title: "Ambulance dispatch software flaw", Severity: rollcall.SeverityMedium, Summary: "Patch the CAD system.",
		Target: rollcall.Target{Types: []rollcall.OrgType{rollcall.OrgAcuteTrust}}}
	if err := f.Svc.CreateAlert(ctx, f.Actor("respN"), a); code(err) != rollcall.EFORBIDDEN {
		t.Fatalf("a responder writing an alert: code %q, want forbidden", code(err))
	}
	if err := f.Svc.CreateAlert(ctx, analyst, a); err != nil {
		t.Fatal(err)
	}
	n, err := f.Svc.PublishAlert(ctx, analyst, a.ID)
	if err != nil || n != 2 {
		t.Fatalf("published to %d (%v), want the 2 acute trusts", n, err)
	}
	if _, err := f.Svc.PublishAlert(ctx, analyst, a.ID); code(err) != rollcall.ECONFLICT {
		t.Errorf("publishing twice: code %q, want conflict", code(err))
	}
	f.Clock.Advance(24 * time.Hour)
	revised := *a
	revised.Severity = rollcall.SeverityHigh
	revised.Target.Types = append(revised.Target.Types, rollcall.OrgMentalHealthTrust)
	if _, err := f.Svc.ReviseAlert(ctx, analyst, &revised, ""); rollcall.ErrorField(err) != "change_note" {
		t.Errorf("revising without a note: field %q, want change_note", rollcall.ErrorField(err))
	}
	n, err = f.Svc.ReviseAlert(ctx, analyst, &revised, "Raised to high: exploited in the wild; mental health trusts also run it.")
	if err != nil || n != 1 {
		t.Fatalf("revision newly targeted %d (%v), want NMH only", n, err)
	}
	revs, err := f.Svc.AlertRevisions(ctx, analyst, a.ID)
	if err != nil || len(revs) != 2 || revs[1].Revision != 2 || len(revs[1].Changes) != 2 {
		t.Fatalf("revisions %+v (%v); want 2 with severity and targets changed", revs, err)
	}
	// The severity change moved the old targets' clocks to the high policy,
	// from when they were targeted; the new target's clocks start now.
	old, _ := f.Svc.GetResponse(ctx, analyst, a.ID, f.Orgs["NTRUST"].ID)
	if want := rollcalltest.Start.Add(48 * time.Hour); !old.AckDue.Equal(want) {
		t.Errorf("NTRUST ack due %v, want %v", old.AckDue, want)
	}
	nmh, _ := f.Svc.GetResponse(ctx, analyst, a.ID, f.Orgs["NMH"].ID)
	if want := rollcalltest.Start.Add(72 * time.Hour); !nmh.AckDue.Equal(want) {
		t.Errorf("NMH ack due %v, want %v", nmh.AckDue, want)
	}
}

func TestAuthenticate(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	if u, err := f.Svc.Authenticate(ctx, " IT@ntrust.test ", rollcalltest.Password); err != nil || u.ID != f.Users["respN"].ID {
		t.Errorf("right password: %v", err)
	}
	for _, tc := range []struct{ email, password string }{
		{"it@ntrust.test", "wrong password here"}, {"nobody@ntrust.test", rollcalltest.Password}, {"", ""},
	} {
		if _, err := f.Svc.Authenticate(ctx, tc.email, tc.password); code(err) != rollcall.EUNAUTHORIZED {
			t.Errorf("%q/%q: code %q, want unauthorized", tc.email, tc.password, code(err))
		}
	}
	if _, err := f.Svc.ActorForToken(ctx, f.Tokens["respN"]+"x"); code(err) != rollcall.EUNAUTHORIZED {
		t.Errorf("forged token: code %q, want unauthorized", code(err))
	}
	a, err := f.Svc.ActorForToken(ctx, f.Tokens["respSU"])
	if err != nil || a.User.ID != f.Users["respSU"].ID || len(a.OrgIDs) != 3 {
		t.Errorf("token actor %+v (%v); want respSU answering for 3 organisations", a, err)
	}
}

// A risk acceptance waiting for sign-off when its alert is withdrawn stays
// as it was: the lead's decision after the withdrawal is refused.
func TestSignOffAfterWithdrawalIsRefused(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high, ntrust := f.Alerts["high"].ID, f.Orgs["NTRUST"].ID
	if _, err := f.Svc.Answer(ctx, f.Actor("respN"), service.AnswerRequest{AlertID: high, OrgIDs: []int64{ntrust},
		Answer: rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: "Legacy PACS; isolated VLAN until vendor patch"}}); err != nil {
		t.Fatal(err)
	}
	f.Clock.Advance(time.Hour)
	if err := f.Svc.WithdrawAlert(ctx, f.Actor("analyst"), high, "Sent to the wrong list."); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.SignOff(ctx, f.Actor("leadN"), high, ntrust, true, "Fine"); code(err) != rollcall.ECONFLICT {
		t.Errorf("signing off after the withdrawal: code %q, want %q", code(err), rollcall.ECONFLICT)
	}
	r, err := f.Svc.GetResponse(ctx, f.Actor("leadN"), high, ntrust)
	if err != nil {
		t.Fatal(err)
	}
	if r.SignOff != rollcall.SignOffPending || len(r.Events) != 1 {
		t.Errorf("after the refused sign-off: sign-off %q with %d events, want still pending with 1", r.SignOff, len(r.Events))
	}
}
