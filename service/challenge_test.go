package service_test

import (
	"strings"
	"testing"
	"time"

	"rollcall"
	"rollcall/rollcalltest"
	"rollcall/service"
)

var patchedAnswer = rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "MS17-010 deployed by WSUS"}

func TestChallengeAuthorisation(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high, south := f.Alerts["high"].ID, f.Alerts["southOnly"].ID
	answer(t, f, "respS", south, "STRUST", patchedAnswer)
	tests := []struct {
		name     string
		user     string
		alertID  int64
		org      string
		wantCode string
	}{
		{"the centre challenges any organisation", "analyst", high, "NTRUST", ""},
		{"the region challenges its own organisation", "coordN", high, "NTRUST", ""},
		{"another region cannot see the organisation", "coordS", high, "NTRUST", rollcall.ENOTFOUND},
		{"a region cannot see an alert its organisations were not sent", "coordN", south, "NTRUST", rollcall.ENOTFOUND},
		{"a region cannot see another region's organisation", "coordN", south, "STRUST", rollcall.ENOTFOUND},
		{"the organisation's own responder may not challenge", "respN", high, "NTRUST", rollcall.EFORBIDDEN},
		{"the organisation's lead may not challenge", "leadN", high, "NTRUST", rollcall.EFORBIDDEN},
		{"another organisation cannot see it", "respS", high, "NTRUST", rollcall.ENOTFOUND},
		{"an auditor reads but changes nothing", "auditor", high, "NTRUST", rollcall.EFORBIDDEN},
		{"the region of the south challenges the south", "coordS", south, "STRUST", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := f.Orgs[tt.org].ID
			if tt.org == "NTRUST" && tt.alertID == high {
				answer(t, f, "respN", tt.alertID, tt.org, patchedAnswer) // closed again before each case
			}
			// The confirmation page's read follows the same rules.
			if _, err := f.Svc.ChallengeCase(ctx, f.Actor(tt.user), tt.alertID, org); code(err) != tt.wantCode {
				t.Fatalf("ChallengeCase: code = %q (%v), want %q", code(err), err, tt.wantCode)
			}
			_, _, err := f.Svc.Challenge(ctx, f.Actor(tt.user), service.ChallengeRequest{AlertID: tt.alertID, OrgID: org, Note: "Your inventory shows WS-001 exposed."})
			if code(err) != tt.wantCode {
				t.Fatalf("code = %q (%v), want %q", code(err), err, tt.wantCode)
			}
		})
	}
	if _, _, err := f.Svc.Challenge(ctx, nil, service.ChallengeRequest{AlertID: high, OrgID: f.Orgs["NTRUST"].ID, Note: "x"}); code(err) != rollcall.EUNAUTHORIZED {
		t.Errorf("no caller: code %q, want unauthorized", code(err))
	}
}

func TestChallengeReopensTheAnswer(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high := f.Alerts["high"].ID
	ntrust := f.Orgs["NTRUST"].ID
	answer(t, f, "respN", high, "NTRUST", patchedAnswer)
	req := service.ChallengeRequest{AlertID: high, OrgID: ntrust, Note: "  Your inventory shows WS-001 still on Windows 7 without KB4012212.  "}

	// Bad input first: nothing is written.
	for _, bad := range []struct {
		name  string
		req   service.ChallengeRequest
		field string
	}{
		{"no note", service.ChallengeRequest{AlertID: high, OrgID: ntrust, Note: "   "}, "note"},
		{"a note too long", service.ChallengeRequest{AlertID: high, OrgID: ntrust, Note: strings.Repeat("x", rollcall.MaxChallengeNote+1)}, "note"},
		{"a deadline in the past", service.ChallengeRequest{AlertID: high, OrgID: ntrust, Note: "x", RemediateDue: f.Clock.Now().Add(-time.Hour)}, "remediate_due"},
	} {
		if _, _, err := f.Svc.Challenge(ctx, f.Actor("analyst"), bad.req); code(err) != rollcall.EINVALID || rollcall.ErrorField(err) != bad.field {
			t.Errorf("%s: %v, want invalid %s", bad.name, err, bad.field)
		}
	}
	before, err := f.Svc.GetResponse(ctx, f.Actor("respN"), high, ntrust)
	if err != nil || !before.Phase.Closed() {
		t.Fatalf("before: %+v, %v; want closed", before, err)
	}

	c, recorded, err := f.Svc.Challenge(ctx, f.Actor("coordN"), req)
	if err != nil || !recorded {
		t.Fatalf("challenge: recorded %v, %v", recorded, err)
	}
	if c.By != rollcall.ChallengerRegion || c.ActorName != "Cora North" || c.Claim != rollcall.ClaimPatched || strings.HasPrefix(c.Note, " ") {
		t.Errorf("challenge %+v: want the region, Cora North, the claim patched, the note trimmed", c)
	}

	// The organisation sees it: the answer is open again, with the
	// deadline kept, the event in its history and the note standing.
	got, err := f.Svc.GetResponse(ctx, f.Actor("respN"), high, ntrust)
	if err != nil {
		t.Fatal(err)
	}
	if got.Phase.Closed() || got.State != rollcall.StateAcknowledged || !got.RemediateDue.Equal(before.RemediateDue) {
		t.Errorf("after the challenge: phase %s state %s due %v; want open, acknowledged, due %v", got.Phase, got.State, got.RemediateDue, before.RemediateDue)
	}
	last := got.Events[len(got.Events)-1]
	if last.Kind != rollcall.EventChallenged || last.ActorName != "Cora North" || !strings.Contains(last.Summary, "Challenged by the region") || !strings.Contains(last.Summary, "KB4012212") {
		t.Errorf("last event %+v, want the challenge with its note", last)
	}
	standing, err := f.Svc.StandingChallenges(ctx, f.Actor("respN"), high, ntrust)
	if err != nil || len(standing) != 1 || standing[0].Note != c.Note {
		t.Errorf("standing for the organisation: %+v, %v", standing, err)
	}
	inbox, err := f.Svc.InboxChallenges(ctx, f.Actor("respN"))
	if err != nil || len(inbox) != 1 || inbox[0].AlertID != high {
		t.Errorf("inbox challenges: %+v, %v", inbox, err)
	}
	rows, _, err := f.Svc.Inbox(ctx, f.Actor("respN"), 50, 0)
	if err != nil || !hasResponse(rows, high, ntrust) {
		t.Errorf("the challenged answer is not back in the inbox: %v", err)
	}
	if _, err := f.Svc.StandingChallenges(ctx, f.Actor("respS"), high, ntrust); code(err) != rollcall.ENOTFOUND {
		t.Errorf("another organisation reads the challenge: code %q, want not_found", code(err))
	}

	// A retry records nothing; another challenge of an open answer is a
	// conflict, as is one of an answer never closed.
	again, recorded, err := f.Svc.Challenge(ctx, f.Actor("coordN"), req)
	if err != nil || recorded || again.ID != c.ID {
		t.Errorf("retry: %+v recorded %v, %v; want the same challenge, nothing recorded", again, recorded, err)
	}
	if after, _ := f.Svc.GetResponse(ctx, f.Actor("respN"), high, ntrust); len(after.Events) != len(got.Events) || after.Version != got.Version {
		t.Errorf("retry wrote: %d events (want %d), version %d (want %d)", len(after.Events), len(got.Events), after.Version, got.Version)
	}
	if _, _, err := f.Svc.Challenge(ctx, f.Actor("analyst"), service.ChallengeRequest{AlertID: high, OrgID: ntrust, Note: "And another."}); code(err) != rollcall.ECONFLICT {
		t.Errorf("challenging an open answer: code %q, want conflict", code(err))
	}
	if _, err := f.Svc.ChallengeCase(ctx, f.Actor("analyst"), high, ntrust); code(err) != rollcall.ECONFLICT {
		t.Errorf("confirming a challenge of an open answer: code %q, want conflict", code(err))
	}
	if _, _, err := f.Svc.Challenge(ctx, f.Actor("analyst"), service.ChallengeRequest{AlertID: high, OrgID: f.Orgs["NMH"].ID, Note: "Answer."}); code(err) != rollcall.ECONFLICT {
		t.Errorf("challenging an unanswered response: code %q, want conflict", code(err))
	}

	// Answered and closed again, nothing stands; a new deadline can be set.
	answer(t, f, "respN", high, "NTRUST", patchedAnswer)
	if standing, _ := f.Svc.StandingChallenges(ctx, f.Actor("respN"), high, ntrust); len(standing) != 0 {
		t.Errorf("standing after closing again: %+v", standing)
	}
	due := f.Clock.Now().Add(3 * rollcall.Day).Truncate(time.Millisecond)
	if _, _, err := f.Svc.Challenge(ctx, f.Actor("analyst"), service.ChallengeRequest{AlertID: high, OrgID: ntrust, Note: "Still exposed.", RemediateDue: due}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Svc.GetResponse(ctx, f.Actor("respN"), high, ntrust); !got.RemediateDue.Equal(due) {
		t.Errorf("deadline %v, want the challenger's %v", got.RemediateDue, due)
	}

	// A withdrawn alert's answers cannot be challenged.
	answer(t, f, "respN", high, "NTRUST", patchedAnswer)
	if err := f.Svc.WithdrawAlert(ctx, f.Actor("analyst"), high, "Sent in error."); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Svc.Challenge(ctx, f.Actor("analyst"), req); code(err) != rollcall.ECONFLICT {
		t.Errorf("challenging a withdrawn alert's answer: code %q, want conflict", code(err))
	}
}

func hasResponse(rows []rollcall.ResponseRow, alertID, orgID int64) bool {
	for _, r := range rows {
		if r.AlertID == alertID && r.OrgID == orgID {
			return true
		}
	}
	return false
}

// A challenged claim no longer counts as a discrepancy: the answer no
// longer says the organisation is safe.
func TestChallengedClaimIsNoLongerStanding(t *testing.T) {
	f, a := exposureWorld(t)
	answer(t, f, "respN", a.ID, "NTRUST", patchedAnswer)
	e, err := f.Svc.AlertExposure(ctx, f.Actor("analyst"), a.ID)
	if err != nil || e.Compliance.Discrepancies != 1 {
		t.Fatalf("before: %+v, %v; want one discrepancy", e.Compliance, err)
	}
	if _, _, err := f.Svc.Challenge(ctx, f.Actor("analyst"), service.ChallengeRequest{AlertID: a.ID, OrgID: f.Orgs["NTRUST"].ID, Note: "WS-001 and SRV-1 are exposed."}); err != nil {
		t.Fatal(err)
	}
	e, err = f.Svc.AlertExposure(ctx, f.Actor("analyst"), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if nt := orgRow(e, "NTRUST"); e.Compliance.Discrepancies != 0 || e.Compliance.SaysSafe != 0 || nt == nil || nt.Discrepancy || nt.Claim != rollcall.ClaimNone {
		t.Errorf("after the challenge: compliance %+v, NTRUST %+v; want no claim standing", e.Compliance, nt)
	}
}
