package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"rollcall"
)

// Tenant isolation in what comes back, not just in the status: each
// caller's roll call, lists and work lists hold their own and no more, and
// a bulk answer saves for all its organisations or none.

// TestAPIRollCallScope checks that a roll call holds only what the caller
// may see: a coordinator their region, a responder their organisations.
func TestAPIRollCallScope(t *testing.T) {
	f := newFixture(t)
	path := fmt.Sprintf("/api/v1/alerts/%d/rollcall", f.Alerts["high"].ID)
	for _, tc := range []struct {
		role  string
		codes []string
	}{
		{"coordS", []string{"STRUST"}},
		{"respS", []string{"STRUST"}},
		{"respSU", []string{"NGP1", "NGP2", "NSU"}},
		{"coordN", []string{"NGP1", "NGP2", "NMH", "NSU", "NTRUST"}},
		{"leadN", []string{"NTRUST"}},
		{"auditor", []string{"NGP1", "NGP2", "NMH", "NSU", "NTRUST", "STRUST"}},
	} {
		var rc apiRollCallPage
		f.as(tc.role).do("GET", path+"?order=name", nil).want(200).into(&rc)
		var got []string
		for _, e := range rc.Entries.Items {
			got = append(got, e.Org.Code)
		}
		if g, w := sortedJoin(got), sortedJoin(tc.codes); g != w {
			t.Errorf("roll call as %s: got %s, want %s", tc.role, g, w)
		}
		if rc.Summary.Tally.Targeted != len(tc.codes) || rc.Entries.Total != len(tc.codes) {
			t.Errorf("roll call as %s: got %d targeted, %d entries; want %d", tc.role, rc.Summary.Tally.Targeted, rc.Entries.Total, len(tc.codes))
		}
		if tc.role == "coordS" && (len(rc.Summary.ByRegion) != 1 || rc.Summary.ByRegion[0].Key != "S") {
			t.Errorf("roll call as coordS: by_region %+v, want South alone", rc.Summary.ByRegion)
		}
	}

	// The filters narrow the entries, not the summary.
	for _, tc := range []struct {
		query string
		codes string
	}{
		{"type=gp_practice", "NGP1,NGP2"},
		{fmt.Sprintf("region_id=%d", f.Regions["S"].ID), "STRUST"},
		{"q=northtown", "NMH,NSU,NTRUST"},
		{"q=ngp1", "NGP1"},
		{"state=open&limit=2&offset=4&order=name", "NSU,STRUST"},
		{"state=overdue", ""},
	} {
		var rc apiRollCallPage
		f.as("analyst").do("GET", path+"?"+tc.query, nil).want(200).into(&rc)
		var got []string
		for _, e := range rc.Entries.Items {
			got = append(got, e.Org.Code)
		}
		if g := sortedJoin(got); g != tc.codes || rc.Summary.Tally.Targeted != 6 {
			t.Errorf("roll call ?%s: got entries %s and %d targeted, want %s and 6", tc.query, g, rc.Summary.Tally.Targeted, tc.codes)
		}
	}

	// The lists agree with the roll call.
	var orgs apiList[apiOrganisation]
	f.as("coordS").do("GET", "/api/v1/organisations", nil).want(200).into(&orgs)
	if orgs.Total != 1 || orgs.Items[0].Code != "STRUST" {
		t.Errorf("organisations as coordS: got %+v, want STRUST alone", orgs.Items)
	}
	var alerts apiList[apiAlertItem]
	for _, role := range []string{"coordN", "respN", "respS", "leadS"} {
		f.as(role).do("GET", "/api/v1/alerts?status=draft,published", nil).want(200).into(&alerts)
		for _, a := range alerts.Items {
			if a.Status == "draft" {
				t.Errorf("alerts as %s: draft %s is listed", role, a.Reference)
			}
			if a.ID == f.Alerts["southOnly"].ID && strings.HasPrefix(role, "respN") {
				t.Errorf("alerts as %s: the South-only alert is listed", role)
			}
		}
	}
}

// TestAPIBulkAnswerAllOrNone checks that a bulk answer saves for every
// organisation or for none: one the caller does not answer for, or one
// stale version, leaves every response as it was.
func TestAPIBulkAnswerAllOrNone(t *testing.T) {
	f := newFixture(t)
	ngp1, ngp2, ntrust := f.Orgs["NGP1"].ID, f.Orgs["NGP2"].ID, f.Orgs["NTRUST"].ID
	path := fmt.Sprintf("/api/v1/alerts/%d/answers", f.Alerts["high"].ID)
	answer := map[string]any{"action": "patched", "evidence": "WSUS report attached."}

	e := f.as("respSU").do("POST", path, map[string]any{"org_ids": []int64{ngp1, ntrust, ngp2}, "answer": answer}).want(422).apiError()
	if e.Field != "org_ids[1]" {
		t.Errorf("bulk with NTRUST: got field %q, want org_ids[1]", e.Field)
	}
	unchanged := func(when string, orgs ...int64) {
		t.Helper()
		for _, org := range orgs {
			var r apiResponseDetail
			f.as("analyst").do("GET", fmt.Sprintf("/api/v1/alerts/%d/responses/%d", f.Alerts["high"].ID, org), nil).want(200).into(&r)
			if r.State != "awaiting_ack" || len(r.Events) != 0 {
				t.Errorf("%s: organisation %d is %s with %d events, want untouched", when, org, r.State, len(r.Events))
			}
		}
	}
	unchanged("after a bulk answer with an organisation not answered for", ngp1, ngp2, ntrust)

	// NGP2's version is stale, checked after NGP1's row has been changed
	// inside the transaction: NGP1's change must be rolled back.
	e = f.as("respSU").do("POST", path, map[string]any{"org_ids": []int64{ngp1, ngp2}, "answer": answer,
		"versions": map[string]int{fmt.Sprint(ngp2): 99}}).want(409).apiError()
	if e.Code != "conflict" {
		t.Errorf("stale bulk: got code %q, want conflict", e.Code)
	}
	unchanged("after a bulk answer with a stale version", ngp1, ngp2)

	var res map[string]int
	f.as("respSU").do("POST", path, map[string]any{"org_ids": []int64{ngp1, ngp2}, "answer": answer}).want(200).into(&res)
	if res["changed"] != 2 {
		t.Errorf("bulk: got %d changed, want 2", res["changed"])
	}
	var r apiResponseDetail
	f.as("analyst").do("GET", fmt.Sprintf("/api/v1/alerts/%d/responses/%d", f.Alerts["high"].ID, ngp1), nil).want(200).into(&r)
	if r.State != "patched" || r.AnsweredVia == nil || *r.AnsweredVia != f.Orgs["NSU"].ID {
		t.Errorf("NGP1 after bulk: got state %s via %v, want patched via NSU", r.State, r.AnsweredVia)
	}
}

// TestAPIEscalatedAndSignOffs checks the work lists show each caller
// their own: an overdue response reaches the lead, then the region, and
// a risk acceptance waits for its own lead only.
func TestAPIEscalatedAndSignOffs(t *testing.T) {
	f := newFixture(t)
	riskAccepted("respN", "NTRUST")(t, &tenancyEnv{f: f, ids: map[string]int64{}})
	var list apiList[apiResponse]
	f.as("leadN").do("GET", "/api/v1/signoffs", nil).want(200).into(&list)
	if list.Total != 1 || list.Items[0].Org.Code != "NTRUST" || list.Items[0].SignOff.Status != "pending" {
		t.Errorf("signoffs as leadN: got %+v, want NTRUST pending", list.Items)
	}
	f.as("leadS").do("GET", "/api/v1/signoffs", nil).want(200).into(&list)
	if list.Total != 0 {
		t.Errorf("signoffs as leadS: got %d, want none", list.Total)
	}

	// Past the 48-hour acknowledgement deadline and two more days, the
	// unacknowledged South trust has reached its coordinator.
	f.Clock.Advance(4 * 24 * time.Hour)
	f.as("coordS").do("GET", "/api/v1/escalated", nil).want(200).into(&list)
	if list.Total == 0 || list.Items[0].Org.Code != "STRUST" || list.Items[0].Escalation != "coordinator" || !list.Items[0].Overdue {
		t.Errorf("escalated as coordS: got %+v, want STRUST overdue at the coordinator", list.Items)
	}
	f.as("coordN").do("GET", "/api/v1/escalated", nil).want(200).into(&list)
	for _, it := range list.Items {
		if it.Org.RegionID != f.Regions["N"].ID {
			t.Errorf("escalated as coordN: %s of another region is listed", it.Org.Code)
		}
	}
	var me apiMe
	f.as("respSU").do("GET", "/api/v1/me", nil).want(200).into(&me)
	var codes []string
	for _, o := range me.Organisations {
		codes = append(codes, o.Code)
	}
	if got := sortedJoin(codes); got != "NGP1,NGP2,NSU" || me.Role != string(rollcall.RoleResponder) {
		t.Errorf("me as respSU: got %s as %s, want NGP1,NGP2,NSU as responder", got, me.Role)
	}
}
