package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
	"rollcall/service"
)

// morePractices gives the support unit n more GP practices, then publishes
// an alert to everyone so that it reaches them; it returns the alert.
func morePractices(t *testing.T, f *fixture, n int) *rollcall.Alert {
	t.Helper()
	ctx := context.Background()
	op := service.Operator()
	for i := range n {
		o := &rollcall.Organisation{Code: fmt.Sprintf("GP%04d", i), Name: fmt.Sprintf("Practice %04d", i),
			Type: rollcall.OrgGPPractice, RegionID: f.Regions["N"].ID}
		if err := f.Svc.CreateOrganisation(ctx, op, o); err != nil {
			t.Fatal(err)
		}
		if err := f.Svc.AddDelegation(ctx, op, &rollcall.Delegation{AgentOrgID: f.Orgs["NSU"].ID, OrgID: o.ID}); err != nil {
			t.Fatal(err)
		}
	}
	a := &rollcall.Alert{Title: "Practice VPN flaw", Severity: rollcall.SeverityHigh, Summary: "Patch the VPN.", Target: rollcall.Target{All: true}}
	if err := f.Svc.CreateAlert(ctx, f.actor("analyst"), a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, f.actor("analyst"), a.ID); err != nil {
		t.Fatal(err)
	}
	return a
}

// openFor counts the alert's responses still open that the user sees.
func openFor(t *testing.T, f *fixture, user string, alertID int64) int {
	t.Helper()
	_, n, err := f.Svc.RollCallEntries(context.Background(), f.actor(user), rollcall.ResponseFilter{AlertID: alertID, Open: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPageBulkAllOpenBeyondOnePage answers "all still open" for a support
// unit with 604 more practices: the page counts all 607 open, lists a page of
// them with the way to the rest, and the answer reaches every one.
func TestPageBulkAllOpenBeyondOnePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := morePractices(t, f, 604)
	su := f.browse("respSU")
	bulk := fmt.Sprintf("/alerts/%d/bulk", a.ID)
	su.get(bulk).wantStatus(http.StatusOK).
		wantContains("All 607 organisations whose answer is still open", "Showing 500 of the 607 organisations", `rel="next"`)
	su.get(bulk + "?page=2").wantStatus(http.StatusOK).wantContains("Practice 0603")
	su.post(bulk, url.Values{"all_open": {"1"}, "what": {"answer"}, "answer": {"patched"}, "evidence": {"VPN firmware 9.1 on every practice."}}).wantRedirect("/alerts/")
	su.get(fmt.Sprintf("/alerts/%d", a.ID)).wantContains("Answer saved for 607 organisations.")
	if n := openFor(t, f, "respSU", a.ID); n != 0 {
		t.Errorf("%d answers still open after answering all still open", n)
	}
}

// TestAPIBulkAllOpen answers every open response the caller answers for,
// beyond one page, and refuses all_open beside org_ids.
func TestAPIBulkAllOpen(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := morePractices(t, f, 604)
	path := fmt.Sprintf("/api/v1/alerts/%d/answers", a.ID)
	answer := map[string]any{"action": "patched", "evidence": "VPN firmware 9.1."}
	e := f.as("respSU").do("POST", path, map[string]any{"all_open": true, "org_ids": []int64{f.Orgs["NGP1"].ID}, "answer": answer}).want(422).apiError()
	if e.Field != "org_ids" {
		t.Errorf("all_open with org_ids: field %q, want org_ids", e.Field)
	}
	// One practice answered already: it is closed, so not changed again.
	f.as("respSU").do("POST", path, map[string]any{"org_ids": []int64{f.Orgs["NGP1"].ID}, "answer": map[string]any{"action": "mitigated", "evidence": "VPN off."}}).want(200)
	var res map[string]int
	f.as("respSU").do("POST", path, map[string]any{"all_open": true, "answer": answer}).want(200).into(&res)
	if res["changed"] != 606 {
		t.Errorf("changed %d, want 606 (NSU, NGP2 and the 604 new practices)", res["changed"])
	}
	if n := openFor(t, f, "respSU", a.ID); n != 0 {
		t.Errorf("%d answers still open after all_open", n)
	}
	f.as("respSU").do("POST", path, map[string]any{"all_open": true, "answer": answer}).want(422)
}

// TestAPIWorkListsPage walks the inbox past 500 by its next links.
func TestAPIWorkListsPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	morePractices(t, f, 604)
	var seen int
	next := "/api/v1/inbox?limit=500"
	var total int
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("the inbox's next links do not end")
		}
		var l apiList[apiResponse]
		f.as("respSU").do("GET", next, nil).want(200).into(&l)
		seen += len(l.Items)
		total, next = l.Total, l.Next
	}
	_, want, err := f.Svc.Inbox(context.Background(), f.actor("respSU"), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want <= 606 || total != want || seen != want {
		t.Errorf("walked %d of %d, want all %d", seen, total, want)
	}
	f.as("respSU").do("GET", "/api/v1/escalated?offset=-1", nil).want(422)
}

// practiceExposed uploads an unpatched Windows 7 host for NGP1 and
// publishes an MS17-010 alert to everyone, with exposure loaded.
func practiceExposed(t *testing.T, f *fixture) *rollcall.Alert {
	t.Helper()
	ctx := context.Background()
	csv := "host,os_name,os_version,os_build,updates,software_name,software_vendor,software_version,purl\n" +
		"MILL-PC-1,Microsoft Windows 7 Professional,6.1,7601,KB3212646,,,,\nMILL-PC-2,Microsoft Windows 7 Professional,6.1,7601,KB3000000,,,,\n"
	if _, err := f.Svc.ImportInventory(ctx, f.actor("respSU"), f.Orgs["NGP1"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	a := &rollcall.Alert{Title: "SMBv1 (MS17-010)", Severity: rollcall.SeverityHigh, Summary: "Patch now.", Target: rollcall.Target{All: true},
		Affected: rollcall.Affected{Windows: []rollcall.AffectedWindows{{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212"}}}}}
	if err := f.Svc.CreateAlert(ctx, f.actor("analyst"), a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, f.actor("analyst"), a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestAPIBulkAnswerShowsDiscrepancies: a bulk "patched" covering a
// practice whose fresh inventory shows exposed hosts is refused with 409
// naming it, saves nothing, and is saved once confirmed; an answer that
// does not say "safe" is not held back.
func TestAPIBulkAnswerShowsDiscrepancies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := practiceExposed(t, f)
	ngp1, ngp2 := f.Orgs["NGP1"].ID, f.Orgs["NGP2"].ID
	path := fmt.Sprintf("/api/v1/alerts/%d/answers", a.ID)
	patched := map[string]any{"action": "patched", "evidence": "WSUS says done."}
	var body apiBulkDiscrepancies
	f.as("respSU").do("POST", path, map[string]any{"org_ids": []int64{ngp1, ngp2}, "answer": patched}).want(409).into(&body)
	if body.Error.Code != "conflict" || body.Error.Field != "confirm_discrepancies" {
		t.Errorf("error %+v, want conflict on confirm_discrepancies", body.Error)
	}
	if len(body.Organisations) != 1 || body.Organisations[0].OrgID != ngp1 || body.Organisations[0].ExposedHosts != 2 ||
		body.Organisations[0].OrgName != "Mill Lane Surgery" || !strings.HasSuffix(body.Organisations[0].Hosts, fmt.Sprintf("/organisations/%d/exposure", ngp1)) {
		t.Errorf("organisations %+v, want Mill Lane Surgery with 2 exposed hosts and a link to them", body.Organisations)
	}
	if n := openFor(t, f, "respSU", a.ID); n != 3 {
		t.Errorf("%d open after a refused bulk answer, want 3 (nothing saved)", n)
	}
	// all_open covers NGP1 too.
	f.as("respSU").do("POST", path, map[string]any{"all_open": true, "answer": map[string]any{"applicability": "not_applicable", "reason": "No Windows 7 here."}}).want(409)
	// A mitigation leaves hosts exposed by design: no confirmation asked.
	var res map[string]int
	f.as("respSU").do("POST", path, map[string]any{"org_ids": []int64{ngp1}, "answer": map[string]any{"action": "mitigated", "evidence": "SMBv1 disabled by GPO."}}).want(200).into(&res)
	f.as("respSU").do("POST", path, map[string]any{"org_ids": []int64{ngp1, ngp2}, "answer": patched, "confirm_discrepancies": true}).want(200).into(&res)
	if res["changed"] != 2 {
		t.Errorf("confirmed: changed %d, want 2", res["changed"])
	}
}

// TestPageBulkAnswerShowsDiscrepancies: the page shows the exposed
// practices with their host counts and a link, and saves only once the
// responder ticks the confirmation.
func TestPageBulkAnswerShowsDiscrepancies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := practiceExposed(t, f)
	su := f.browse("respSU")
	bulk := fmt.Sprintf("/alerts/%d/bulk", a.ID)
	gp1, gp2 := fmt.Sprint(f.Orgs["NGP1"].ID), fmt.Sprint(f.Orgs["NGP2"].ID)
	form := url.Values{"org": {gp1, gp2}, "what": {"answer"}, "answer": {"patched"}, "evidence": {"WSUS says done."}}
	su.post(bulk, form).wantStatus(http.StatusOK).
		wantContains("Inventories show exposed hosts", "Mill Lane Surgery", fmt.Sprintf(`href="/alerts/%d/orgs/%s/exposure"`, a.ID, gp1), `name="confirm_discrepancies"`,
			"1 chosen organisation shows exposed hosts in a fresh inventory", "WSUS says done.")
	if n := openFor(t, f, "respSU", a.ID); n != 3 {
		t.Errorf("%d open after the unconfirmed answer, want 3", n)
	}
	form.Set("confirm_discrepancies", "1")
	su.post(bulk, form).wantRedirect("/alerts/")
	if n := openFor(t, f, "respSU", a.ID); n != 1 {
		t.Errorf("%d open after the confirmed answer, want 1 (NSU)", n)
	}
}

// TestPageAlertSaysWhenItsOwnListIsCut: an alert page lists 500 of a
// support unit's organisations and says how many more there are.
func TestPageAlertSaysWhenItsOwnListIsCut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := morePractices(t, f, 604)
	f.browse("respSU").get(fmt.Sprintf("/alerts/%d", a.ID)).wantStatus(http.StatusOK).
		wantContains("Showing 500 of your 607 organisations", fmt.Sprintf(`<a href="/alerts/%d/rollcall">See all 607 in the roll call</a>`, a.ID))
	f.browse("respN").get(fmt.Sprintf("/alerts/%d", a.ID)).wantStatus(http.StatusOK).wantLacks("Showing 1 of")
}

// TestAPISignOffsPage: the sign-off list pages like the other work lists
// rather than stopping at a fixed length.
func TestAPISignOffsPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := f.answerPath("NTRUST")
	f.browse("respN").post(path+"/answer", url.Values{"answer": {"risk_accepted"}, "justification": {"Legacy scanner isolated on its own VLAN until replaced in May."}}).wantRedirect(path)
	var l apiList[apiResponse]
	f.as("leadN").do("GET", "/api/v1/signoffs?limit=1&offset=0", nil).want(200).into(&l)
	if l.Total != 1 || len(l.Items) != 1 || l.Next != "" {
		t.Errorf("signoffs: %d of %d, next %q; want 1 of 1 and no next", len(l.Items), l.Total, l.Next)
	}
	f.as("leadN").do("GET", "/api/v1/signoffs?offset=1", nil).want(200).into(&l)
	if l.Total != 1 || len(l.Items) != 0 || l.Offset != 1 {
		t.Errorf("signoffs past the end: %d items, total %d, offset %d", len(l.Items), l.Total, l.Offset)
	}
}
