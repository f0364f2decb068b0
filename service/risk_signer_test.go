package service_test

import (
	"testing"

	"rollcall"
	"rollcall/rollcalltest"
	"rollcall/service"
)

// Every risk acceptance has someone who can sign it off: the organisation's
// data-security lead; else the lead of the organisation answering for it;
// else the policy's fallback (by default the region's coordinator). A GP
// practice with no lead, answered for by a support unit with none, is
// decided by the North's coordinator, and nobody else.
func TestRiskSignerAlwaysExists(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high, ntrust, ngp1 := f.Alerts["high"].ID, f.Orgs["NTRUST"].ID, f.Orgs["NGP1"].ID

	got, err := f.Svc.RiskSigner(ctx, ntrust)
	if err != nil || got.Kind != rollcall.SignerLead || got.OrgID != ntrust {
		t.Fatalf("NTRUST's signer: %+v, %v; want its own lead", got, err)
	}
	got, err = f.Svc.RiskSigner(ctx, ngp1)
	if err != nil || got.Kind != rollcall.SignerCoordinator || got.RegionID != f.Regions["N"].ID {
		t.Fatalf("NGP1's signer: %+v, %v; want the North's coordinator", got, err)
	}

	if _, err := f.Svc.Answer(ctx, f.Actor("respSU"), service.AnswerRequest{AlertID: high, OrgIDs: []int64{ngp1},
		Answer: rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: "Practice PC replaced next month"}}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"leadN", "respSU", "analyst", "coordS"} {
		if err := f.Svc.SignOff(ctx, f.Actor(who), high, ngp1, true, ""); code(err) != rollcall.EFORBIDDEN {
			t.Errorf("%s signing off NGP1: code %q, want %q", who, code(err), rollcall.EFORBIDDEN)
		}
	}
	if err := f.Svc.SignOff(ctx, f.Actor("coordN"), high, ngp1, true, "Accepted for a month"); err != nil {
		t.Fatalf("the North's coordinator signing off NGP1: %v", err)
	}
	r, err := f.Svc.GetResponse(ctx, f.Actor("analyst"), high, ngp1)
	if err != nil || r.State != rollcall.StateRiskAccepted || r.SignOffBy != f.Users["coordN"].ID {
		t.Fatalf("after the coordinator's sign-off: %+v, %v; want risk accepted by coordN", r, err)
	}
}
