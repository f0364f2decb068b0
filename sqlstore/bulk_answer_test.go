package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"rollcall"
	"rollcall/rollcalltest"
	"rollcall/service"
	"rollcall/sqlstore"
)

// TestBulkAnswerAllOpenReachesEveryPractice answers "all still open" for a
// support unit with more practices than one page of responses (604): every
// open response is answered, the closed ones are left alone, and the count
// says so, on each engine.
func TestBulkAnswerAllOpenReachesEveryPractice(t *testing.T) {
	const practices = 604
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := rollcalltest.Build(t, db)
		op := service.Operator()
		nsu := f.Orgs["NSU"]
		for i := range practices {
			o := &rollcall.Organisation{Code: fmt.Sprintf("GP%04d", i), Name: fmt.Sprintf("Practice %04d", i),
				Type: rollcall.OrgGPPractice, RegionID: f.Regions["N"].ID}
			if err := f.Svc.CreateOrganisation(ctx, op, o); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.AddDelegation(ctx, op, &rollcall.Delegation{AgentOrgID: nsu.ID, OrgID: o.ID}); err != nil {
				t.Fatal(err)
			}
		}
		a := &rollcall.Alert{Title: "Practice VPN flaw", Severity: rollcall.SeverityHigh, Summary: "Patch the VPN.", Target: rollcall.Target{All: true}}
		if err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), a); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Svc.PublishAlert(ctx, f.Actor("analyst"), a.ID); err != nil {
			t.Fatal(err)
		}
		su := f.Actor("respSU")
		// One practice has already answered: "all still open" leaves it.
		patched := rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "VPN firmware 9.1 deployed"}
		if _, err := f.Svc.Answer(ctx, su, service.AnswerRequest{AlertID: a.ID, OrgIDs: []int64{f.Orgs["NGP1"].ID}, Answer: patched}); err != nil {
			t.Fatal(err)
		}
		_, open, err := f.Svc.RollCallEntries(ctx, su, rollcall.ResponseFilter{AlertID: a.ID, Open: true, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		// NSU itself, NGP2 and the 604 practices; NGP1 is closed.
		if want := practices + 2; open != want {
			t.Fatalf("open before: %d, want %d", open, want)
		}
		res, err := f.Svc.BulkAnswer(ctx, su, service.BulkAnswerRequest{AllOpen: true,
			AnswerRequest: service.AnswerRequest{AlertID: a.ID, Answer: rollcall.Answer{Action: rollcall.ActionMitigated, Evidence: "VPN disabled"}}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Changed != practices+2 {
			t.Errorf("changed %d, want %d", res.Changed, practices+2)
		}
		_, left, err := f.Svc.RollCallEntries(ctx, su, rollcall.ResponseFilter{AlertID: a.ID, Open: true, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if left != 0 {
			t.Errorf("%d responses still open after answering all still open", left)
		}
		r, err := f.Svc.GetResponse(ctx, su, a.ID, f.Orgs["NGP1"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Action != rollcall.ActionPatched {
			t.Errorf("NGP1's earlier answer became %s; want it left patched", r.Action)
		}
	})
}
