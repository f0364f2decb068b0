package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"rollcall"
)

func TestPageTenancy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	high := fmt.Sprintf("/alerts/%d", f.Alerts["high"].ID)
	// NTRUST answers, so there is something to leak.
	f.browse("respN").post(f.answerPath("NTRUST")+"/answer", url.Values{"answer": {"mitigated"}, "evidence": {"NTRUST-SECRET-EVIDENCE"}}).wantRedirect("/alerts/")

	cases := []struct {
		name        string
		role, path  string
		shows, hide []string
	}{
		{"south responder's alert page", "respS", high, []string{"Southport Hospitals NHS Trust", "Your organisations' responses"}, []string{"Northtown", "NTRUST-SECRET-EVIDENCE", "Roll call"}},
		{"south responder's inbox", "respS", "/inbox", []string{"Southport Hospitals NHS Trust", "South-only VPN appliance flaw"}, []string{"Northtown"}},
		{"south lead's inbox", "leadS", "/inbox", []string{"Southport Hospitals NHS Trust"}, []string{"Northtown"}},
		{"south responder's roll call", "respS", high + "/rollcall", []string{"Southport"}, []string{"Northtown", "Mill Lane"}},
		{"north coordinator's roll call", "coordN", high + "/rollcall", []string{"Northtown Hospitals NHS Trust", "Mill Lane Surgery"}, []string{"Southport"}},
		{"north coordinator's figures", "coordN", high, []string{`<span class="rc-figure__number">5</span><span class="rc-figure__label">targeted`, "organisations in North only"}, []string{"Southport", `<th class="nhsuk-table__header" scope="row">South</th>`}},
		{"analyst's figures", "analyst", high, []string{`<span class="rc-figure__number">6</span><span class="rc-figure__label">targeted`, `<span class="rc-figure__number">1</span><span class="rc-figure__label">remediated`}, nil},
		{"north coordinator's directory", "coordN", "/orgs", []string{"Mill Lane Surgery"}, []string{"Southport"}},
		{"support unit's directory", "respSU", "/orgs", []string{"Mill Lane Surgery", "Castle Street Medical Centre", "Northtown Primary Care Support Unit"}, []string{"Southport", "Northtown Hospitals"}},
		{"responder's alert list", "respN", "/alerts", []string{"Critical SMBv1"}, []string{"Draft: printer firmware", "South-only", "Write an alert"}},
		{"analyst's alert list", "analyst", "/alerts", []string{"Draft: printer firmware", "South-only", "Write an alert"}, nil},
		{"auditor's alert page", "auditor", high, []string{"Roll call"}, []string{"Publish a revision", "Write an alert"}},
		{"support unit answers several", "respSU", "/inbox", []string{"Mill Lane Surgery", "Castle Street Medical Centre", "Answer for several organisations"}, []string{"Northtown Hospitals"}},
		{"support unit's account", "respSU", "/account", []string{"Organisations you answer for", "Mill Lane Surgery", "(delegated)"}, nil},
		{"trust responder's NTRUST page", "respN", f.answerPath("NTRUST"), []string{"NTRUST-SECRET-EVIDENCE", "Save answer"}, nil},
		{"lead sees but cannot answer", "leadN", f.answerPath("NTRUST"), []string{"NTRUST-SECRET-EVIDENCE"}, []string{"Save answer", "Acknowledge</button>"}},
		{"coordinator sees but cannot answer", "coordN", f.answerPath("NTRUST"), []string{"NTRUST-SECRET-EVIDENCE"}, []string{"Save answer"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.browse(tc.role).get(tc.path).wantStatus(http.StatusOK).wantContains(tc.shows...).wantLacks(tc.hide...)
		})
	}
	t.Run("south responder cannot answer for NTRUST", func(t *testing.T) {
		f.browse("respS").post(f.answerPath("NTRUST")+"/answer", url.Values{"answer": {"patched"}}).wantStatus(http.StatusNotFound)
		f.browse("leadN").post(f.answerPath("NTRUST")+"/answer", url.Values{"answer": {"patched"}}).wantStatus(http.StatusForbidden)
		f.browse("coordN").post(f.answerPath("NTRUST")+"/acknowledge", nil).wantStatus(http.StatusForbidden)
	})
}

func TestPageInboxClocks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resp := f.browse("respN")
	resp.get("/inbox").wantContains("Acknowledge within 2 days", "Critical SMBv1")
	f.Clock.Advance(43 * time.Hour)
	resp.get("/inbox").wantContains("Acknowledge within 5 hours")
	f.Clock.Advance(3 * rollcall.Day)
	resp.get("/inbox").wantContains("Acknowledgement overdue by 2 days", "rc-overdue")
	resp.post(f.answerPath("NTRUST")+"/acknowledge", nil).wantRedirect(f.answerPath("NTRUST"))
	// Acknowledged 4 days 19 hours in, 14-day clock: due 24 March.
	resp.get("/inbox").wantContains("Remediate by 24 March 2026 (9 days)")
	f.Clock.Advance(12 * rollcall.Day)
	resp.get("/inbox").wantContains("Remediation overdue by 2 days")
}

func TestPageEscalations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	high := fmt.Sprintf("/alerts/%d", f.Alerts["high"].ID)
	// Two days for the acknowledgement clock, then three days overdue:
	// every unanswered organisation has reached the centre.
	f.Clock.Advance(5*rollcall.Day + time.Hour)
	f.browse("analyst").get("/escalations").wantStatus(http.StatusOK).
		wantContains("Northtown Hospitals NHS Trust", "Southport Hospitals NHS Trust", "National centre", "3 days")
	f.browse("coordN").get("/escalations").wantContains("Mill Lane Surgery").wantLacks("Southport")
	f.browse("leadN").get("/lead").wantContains("Escalated to you", "Northtown Hospitals NHS Trust").wantLacks("Southport")
	f.browse("analyst").get(high).wantContains("Overdue organisations", "Acknowledgement overdue", "National centre", "overdue (100%)")
	f.browse("analyst").get(high + "/rollcall?group=overdue").wantContains("6 organisations")
	f.browse("analyst").get(high + "/rollcall?group=closed").wantContains("No organisation matches")
	f.browse("analyst").get("/alerts").wantContains("have been escalated to you")
}

func TestPageBulkAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	su := f.browse("respSU")
	bulk := fmt.Sprintf("/alerts/%d/bulk", f.Alerts["high"].ID)
	page := su.get(bulk).wantStatus(http.StatusOK).
		wantContains("Answering on behalf of Mill Lane Surgery through Northtown Primary Care Support Unit", "Castle Street Medical Centre",
			"All 3 organisations whose answer is still open")
	versions := url.Values{}
	for _, m := range regexp.MustCompile(`name="(v\d+)" value="(\d+)"`).FindAllStringSubmatch(page.Body, -1) {
		versions.Set(m[1], m[2])
	}
	if len(versions) != 3 {
		t.Fatalf("the bulk form carries %d versions, want 3 (NSU and its two practices)", len(versions))
	}
	gp1, gp2 := fmt.Sprint(f.Orgs["NGP1"].ID), fmt.Sprint(f.Orgs["NGP2"].ID)

	with := func(v url.Values) url.Values {
		for k, vs := range versions {
			v[k] = vs
		}
		return v
	}
	su.post(bulk, with(url.Values{"what": {"answer"}, "answer": {"patched"}})).wantStatus(http.StatusUnprocessableEntity).wantFieldError("orgs", "Choose at least one organisation")
	su.post(bulk, with(url.Values{"org": {gp1}})).wantStatus(http.StatusUnprocessableEntity).wantFieldError("what", "acknowledge only or to give an answer")
	kept := su.post(bulk, with(url.Values{"org": {gp1}, "what": {"answer"}, "answer": {"in_progress"}})).wantStatus(http.StatusUnprocessableEntity).
		wantFieldError("planned_date", "Give the date")
	if !regexp.MustCompile(`value="` + gp1 + `" aria-describedby="[a-z0-9-]+" checked`).MatchString(kept.Body) {
		t.Error("the refused bulk form lost the organisations chosen")
	}
	// An organisation the unit does not answer for is refused, all or none.
	su.post(bulk, with(url.Values{"org": {gp1, fmt.Sprint(f.Orgs["NTRUST"].ID)}, "what": {"answer"}, "answer": {"patched"}})).wantStatus(http.StatusUnprocessableEntity)

	su.post(bulk, with(url.Values{"org": {gp1}, "what": {"acknowledge"}})).wantRedirect("/alerts/")
	su.get("/inbox").wantContains("Acknowledged for 1 organisation.")
	// The acknowledgement changed GP1's version: the page's copy is stale.
	su.post(bulk, with(url.Values{"org": {gp1, gp2}, "what": {"answer"}, "answer": {"patched"}})).wantStatus(http.StatusConflict)

	page = su.get(bulk)
	for _, m := range regexp.MustCompile(`name="(v\d+)" value="(\d+)"`).FindAllStringSubmatch(page.Body, -1) {
		versions.Set(m[1], m[2])
	}
	su.post(bulk, with(url.Values{"org": {gp1, gp2}, "what": {"answer"}, "answer": {"patched"}, "evidence": {"Practice PCs patched by the support unit."}})).wantRedirect("/alerts/")
	su.get(fmt.Sprintf("/alerts/%d", f.Alerts["high"].ID)).wantContains("Answer saved for 2 organisations.")
	su.get(f.answerPath("NGP1")).wantContains("Patched", "Practice PCs patched by the support unit.", "through Northtown Primary Care Support Unit")
	f.browse("analyst").get(f.answerPath("NGP2")).wantContains("Answered through", "Northtown Primary Care Support Unit, on behalf of Castle Street Medical Centre")

	// "All still open" takes the organisations not yet closed: only the
	// unit itself is left.
	page = su.get(bulk).wantLacks("whose answer is still open")
	for _, m := range regexp.MustCompile(`name="(v\d+)" value="(\d+)"`).FindAllStringSubmatch(page.Body, -1) {
		versions.Set(m[1], m[2])
	}
	su.post(bulk, with(url.Values{"all_open": {"1"}, "what": {"acknowledge"}})).wantRedirect("/alerts/")
	su.get(f.answerPath("NSU")).wantContains("Acknowledged for 1 organisation.", "Acknowledged the alert")

	f.browse("respN").post(bulk, url.Values{"org": {gp1}, "what": {"acknowledge"}}).wantStatus(http.StatusUnprocessableEntity).wantFieldError("orgs", "You do not answer for")
	f.browse("analyst").post(bulk, url.Values{"org": {gp1}, "what": {"acknowledge"}}).wantStatus(http.StatusForbidden)
}

func TestPageSignOff(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := f.answerPath("NTRUST")
	f.browse("respN").post(path+"/answer", url.Values{"answer": {"risk_accepted"}, "justification": {"Legacy scanner isolated on its own VLAN until replaced in May."}}).wantRedirect(path)

	lead := f.browse("leadN")
	lead.get("/lead").wantContains("Awaiting your sign-off", "Legacy scanner isolated", "Approve", "Reject")
	lead.get(path).wantContains("Your sign-off", "Waiting for the data-security lead")
	f.browse("leadS").get("/lead").wantLacks("Legacy scanner")

	note := fmt.Sprintf("note-%d-%d", f.Alerts["high"].ID, f.Orgs["NTRUST"].ID)
	lead.post(path+"/signoff", url.Values{"decision": {"reject"}, "note": {" "}}).wantStatus(http.StatusUnprocessableEntity).wantFieldError(note, "Say why")
	f.browse("leadS").post(path+"/signoff", url.Values{"decision": {"approve"}}).wantStatus(http.StatusForbidden)
	f.browse("respN").post(path+"/signoff", url.Values{"decision": {"approve"}}).wantStatus(http.StatusForbidden)

	lead.post(path+"/signoff", url.Values{"decision": {"approve"}}).wantRedirect("/lead")
	lead.get("/lead").wantContains("Risk acceptance signed off.", "No risk acceptance is waiting for you.")
	f.browse("analyst").get(path).wantContains("Risk accepted", "Signed off by the data-security lead (Lena Lead")
}

// postFile uploads a file as a browser's multipart form would.
func (c *pageClient) postFile(path, field, name string, content []byte) *pageResult {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, err := mw.CreateFormFile(field, name)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = w.Write(content)
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.f.HTTP.URL+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func TestPageImportOrganisations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	analyst := f.browse("analyst")
	good := "code,name,type,region,flags\nNGP3,Bridge Street Surgery,GP practice,North,\nNTRUST,Northtown Hospitals NHS Trust,acute_trust,N,major_trauma_centre\n"
	analyst.postFile("/orgs/import", "file", "orgs.csv", []byte(good)).wantRedirect("/orgs")
	analyst.get("/orgs?q=Bridge").wantContains("Created 1, updated 1 organisations.", "Bridge Street Surgery")

	bad := "code,name,type,region\nNGP4,Hill Surgery,GP practice,North\nNGP5,Dale Surgery,dentist,North\n"
	analyst.postFile("/orgs/import", "file", "orgs.csv", []byte(bad)).wantStatus(http.StatusUnprocessableEntity).
		wantFieldError("file", "Line 3, column type: Unknown organisation type")
	analyst.get("/orgs?q=Hill").wantContains("No organisation matches")

	big := bytes.Repeat([]byte("x"), maxImportBytes+1)
	analyst.postFile("/orgs/import", "file", "big.csv", big).wantStatus(http.StatusRequestEntityTooLarge).wantFieldError("file", "larger than 10 MB")
	f.browse("respN").postFile("/orgs/import", "file", "orgs.csv", []byte(good)).wantStatus(http.StatusForbidden)
}

func TestPageAPITokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.browse("respN")
	res := c.post("/account/tokens", url.Values{"name": {"inventory collector"}}).wantStatus(http.StatusOK).wantContains("inventory collector", "Copy it now")
	secret := regexp.MustCompile(`rct_[A-Za-z0-9_-]+`).FindString(res.Body)
	if secret == "" {
		t.Fatal("the new token's secret is not shown")
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("the page with a secret has Cache-Control %q, want no-store", cc)
	}
	// The secret works, and is never shown again.
	req, _ := http.NewRequest(http.MethodGet, f.HTTP.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the new token does not work: %v %v", resp, err)
	}
	account := c.get("/account").wantContains("inventory collector").wantLacks(secret)
	m := regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`).FindAllStringSubmatch(account.Body, -1)
	var revoke string
	for _, x := range m {
		revoke = x[1] // the newest is listed last or first; revoke the one named below
	}
	if revoke == "" {
		t.Fatal("no revoke button")
	}
	// Another user cannot revoke it.
	f.browse("respS").post(revoke, nil).wantStatus(http.StatusNotFound)
	c.post(revoke, nil).wantRedirect("/account")
	c.get("/account").wantContains("Token revoked.")
}

func TestPageStaticAndHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	anon := f.browse("")
	css := anon.get("/static/rollcall.css?v=" + staticVersion).wantStatus(http.StatusOK)
	if cc := css.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("versioned static file has Cache-Control %q, want a year", cc)
	}
	for _, p := range []string{"/static/nhsuk/nhsuk-frontend.min.css", "/static/nhsuk/nhsuk-frontend.min.js", "/static/rollcall.js", "/static/nhsuk/assets/images/favicon.ico", "/static/nhsuk/LICENCE"} {
		anon.get(p).wantStatus(http.StatusOK)
	}
	anon.get("/static/").wantStatus(http.StatusNotFound)
	anon.get("/static/nhsuk/").wantStatus(http.StatusNotFound)

	analyst := f.browse("analyst")
	inline := regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>\s*[^<\s]|\sstyle\s*=|\son[a-z]+\s*=`)
	for _, p := range []string{"/alerts", fmt.Sprintf("/alerts/%d", f.Alerts["high"].ID), "/alerts/new", f.answerPath("NTRUST"), "/orgs", "/account"} {
		res := analyst.get(p).wantStatus(http.StatusOK)
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: Content-Security-Policy is %q", p, csp)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control is %q, want no-store", p, cc)
		}
		if m := inline.FindString(res.Body); m != "" {
			t.Errorf("%s: inline script, style or handler %q, which the CSP refuses", p, m)
		}
		if n := strings.Count(res.Body, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 headings, want 1", p, n)
		}
		res.wantContains(`<html lang="en-GB">`, `href="#maincontent"`, `id="maincontent"`, "Rollcall test")
		res.wantLacks("NHS homepage", "<no value>", "&lt;no value&gt;")
	}
}

func TestPageBanner(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	srv := httptest.NewServer(NewServer(f.Svc, nil, Options{Version: "test", Banner: "Demonstration: made-up organisations and people."}))
	defer srv.Close()
	f.HTTP = srv
	f.browse("").get("/signin").wantContains("Demonstration: made-up organisations and people.")
	f.browse("analyst").get("/alerts").wantContains("Demonstration: made-up organisations and people.")
}

// A GP practice has no data-security lead and neither has the support unit
// answering for it, so the policy's fallback, North's coordinator, signs
// its risk acceptance off: the form names them before the risk is
// accepted, and the page offers them, and only them, the sign-off.
func TestPageSignOffFallsBackToTheCoordinator(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := f.answerPath("NGP1")
	su := f.browse("respSU")
	su.get(path).wantContains("A risk acceptance is signed off by the coordinator of North.")
	su.post(path+"/answer", url.Values{"answer": {"risk_accepted"}, "justification": {"Practice system replaced next month; isolated until then."}}).wantRedirect(path)

	coord := f.browse("coordN")
	coord.get(path).wantContains("Your sign-off", "You sign off this organisation")
	f.browse("leadN").get(path).wantLacks("Your sign-off")
	f.browse("leadN").post(path+"/signoff", url.Values{"decision": {"approve"}}).wantStatus(http.StatusForbidden)
	coord.post(path+"/signoff", url.Values{"decision": {"approve"}}).wantStatus(http.StatusSeeOther)
	f.browse("analyst").get(path).wantContains("Risk accepted", "Signed off by")
}
