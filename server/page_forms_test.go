package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"rollcall"
	"rollcall/service"
)

// validAlert is a complete alert form; cases change one thing.
func validAlert() url.Values {
	return url.Values{
		"title": {"Remote code execution in VPN appliances"}, "severity": {"high"},
		"summary": {"A flaw lets anyone reach the management interface."}, "cves": {"CVE-2024-3400"},
		"cvss_vector": {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}, "references": {"https://example.test/advisory"},
		"target": {"all"},
	}
}

func TestPageAlertFormErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	analyst := f.browse("analyst")
	cases := []struct {
		name    string
		change  func(v url.Values)
		field   string
		message string
	}{
		{"no title", func(v url.Values) { v.Set("title", " ") }, "title", "A title is required"},
		{"no severity", func(v url.Values) { v.Del("severity") }, "severity", "Severity must be"},
		{"bad CVE", func(v url.Values) { v.Set("cves", "CVE-2024-3400, MS17-010") }, "cves", "is not a CVE identifier"},
		{"bad CVSS vector", func(v url.Values) { v.Set("cvss_vector", "CVSS:3.1/AV:X") }, "cvss_vector", "CVSS v3.1 vector is not valid"},
		{"not a CVSS vector", func(v url.Values) { v.Set("cvss_vector", "9.8") }, "cvss_vector", "must start with CVSS:3.1/ or CVSS:4.0/"},
		{"bad reference", func(v url.Values) { v.Set("references", "ftp://example.test") }, "references", "is not a web address"},
		{"nobody targeted", func(v url.Values) { v.Set("target", "some") }, "target", "Choose who the alert is for"},
		{"unknown region", func(v url.Values) { v.Set("target", "some"); v.Set("region", "999999") }, "target-regions", "Region 999999 does not exist"},
		{"unknown organisation code", func(v url.Values) { v.Set("target", "some"); v.Set("org_codes", "NTRUST\nNOPE1") }, "org_codes", "No organisation has the code &#34;NOPE1&#34;"},
		{"clock not a number", func(v url.Values) { v.Set("acknowledge_within", "two days") }, "acknowledge_within", "whole number of hours"},
		{"clocks the wrong way round", func(v url.Values) { v.Set("acknowledge_within", "72"); v.Set("remediate_within", "1") }, "remediate_within", "cannot come before"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := validAlert()
			form.Set("title", form.Get("title")+" — "+tc.name)
			tc.change(form)
			res := analyst.post("/alerts", form).wantStatus(http.StatusUnprocessableEntity).wantFieldError(tc.field, tc.message)
			// What the analyst typed comes back.
			if t := form.Get("title"); strings.TrimSpace(t) != "" {
				res.wantContains(`value="` + t + `"`)
			}
			res.wantContains("A flaw lets anyone reach the management interface.")
		})
	}
}

func TestPageAlertLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	analyst := f.browse("analyst")
	form := validAlert()
	form.Set("target", "some")
	form.Set("org_codes", "ntrust\nSTRUST")
	form.Set("acknowledge_within", "24")
	form.Set("remediate_within", "7")
	res := analyst.post("/alerts", form).wantRedirect("/alerts/")
	alertPath := res.Location
	analyst.get(alertPath).wantStatus(http.StatusOK).wantContains(
		"Draft RC-", "saved", // the one-time message
		"9.8 Critical", "CVE-2024-3400", "NTRUST, STRUST", "Acknowledge within 24 hours; remediate within 7 days",
		"Publish this alert", "Change draft")
	// The message is shown once.
	analyst.get(alertPath).wantLacks("saved. Check it")

	form.Set("title", "VPN appliance flaw, exploited")
	analyst.post(alertPath+"/edit", form).wantRedirect(alertPath)
	analyst.get(alertPath+"/edit").wantStatus(http.StatusOK).wantContains(`value="VPN appliance flaw, exploited"`, "NTRUST\nSTRUST")
	analyst.post(alertPath+"/publish", nil).wantRedirect(alertPath)
	analyst.get(alertPath).wantContains("Alert published to 2 organisations", "Roll call", "Publish a revision")

	// A revision needs a note of what changed.
	form.Set("severity", "medium")
	analyst.post(alertPath+"/edit", form).wantStatus(http.StatusUnprocessableEntity).wantFieldError("change_note", "Say what changed")
	form.Set("change_note", "Downgraded: exploitation needs the management interface exposed.")
	analyst.post(alertPath+"/edit", form).wantRedirect(alertPath)
	analyst.get(alertPath).wantContains("Revision 2 of RC-", "What changed in revision 2", "Downgraded")
	analyst.get(alertPath+"/revisions").wantStatus(http.StatusOK).wantContains("Revision 1", "Revision 2", "Severity", "High", "Medium")

	// A responder of a targeted trust sees it; others do not, nor may they
	// publish.
	f.browse("respS").get(alertPath).wantStatus(http.StatusOK).wantContains("VPN appliance flaw, exploited").wantLacks("Publish a revision", "Northtown")
	f.browse("respSU").get(alertPath).wantStatus(http.StatusNotFound)
	f.browse("respS").post(alertPath+"/publish", nil).wantStatus(http.StatusForbidden)
	f.browse("coordN").post("/alerts", validAlert()).wantStatus(http.StatusForbidden)
}

// answerPath is the page of one organisation's response to the high alert.
func (f *fixture) answerPath(org string) string {
	return fmt.Sprintf("/alerts/%d/orgs/%d", f.Alerts["high"].ID, f.Orgs[org].ID)
}

// responseVersion reads the version a page's answer form was made from.
func responseVersion(t *testing.T, body string) string {
	t.Helper()
	const marker = `name="version" value="`
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatal("the page has no answer form")
	}
	rest := body[i+len(marker):]
	return rest[:strings.IndexByte(rest, '"')]
}

func TestPageAnswerErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resp := f.browse("respN")
	path := f.answerPath("NTRUST")
	version := responseVersion(t, resp.get(path).Body)
	cases := []struct {
		name    string
		form    url.Values
		field   string
		message string
	}{
		{"no choice", url.Values{}, "answer", "Choose what you have done"},
		{"in progress without a date", url.Values{"answer": {"in_progress"}}, "planned_date", "Give the date"},
		{"in progress with a date that does not exist", url.Values{"answer": {"in_progress"}, "planned_date_day": {"31"}, "planned_date_month": {"2"}, "planned_date_year": {"2026"}}, "planned_date", "real date"},
		{"in progress finishing in the past", url.Values{"answer": {"in_progress"}, "planned_date_day": {"1"}, "planned_date_month": {"1"}, "planned_date_year": {"2026"}}, "planned_date", "in the past"},
		{"not applicable without a reason", url.Values{"answer": {"not_applicable"}}, "na_reason", "Say why the alert does not apply"},
		{"risk accepted without a justification", url.Values{"answer": {"risk_accepted"}}, "justification", "needs a justification"},
		{"evidence link not a web address", url.Values{"answer": {"patched"}, "evidence_links": {"see the wiki"}}, "evidence_links", "is not a web address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("version", version)
			tc.form.Set("evidence", "Typed evidence for "+tc.name)
			res := resp.post(path+"/answer", tc.form).wantStatus(http.StatusUnprocessableEntity).wantFieldError(tc.field, tc.message)
			res.wantContains("Typed evidence for " + tc.name)
			if d := tc.form.Get("planned_date_day"); d != "" {
				res.wantContains(`name="planned_date_day" type="text" inputmode="numeric" value="` + d + `"`)
			}
		})
	}
	// Nothing was saved.
	f.browse("analyst").get(path).wantContains("Awaiting acknowledgement")
}

func TestPageStaleAnswerIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resp := f.browse("respN")
	path := f.answerPath("NTRUST")
	stale := responseVersion(t, resp.get(path).Body)

	// A colleague answers in the meantime.
	_, err := f.Svc.Answer(context.Background(), f.actor("respN"), service.AnswerRequest{
		AlertID: f.Alerts["high"].ID, OrgIDs: []int64{f.Orgs["NTRUST"].ID},
		Answer: rollcall.Answer{Action: rollcall.ActionMitigated, Evidence: "SMBv1 disabled by group policy."},
	})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"version": {stale}, "answer": {"patched"}, "evidence": {"My patch report"}}
	res := resp.post(path+"/answer", form).wantStatus(http.StatusConflict).wantFieldError("answer", "changed by someone else")
	// The page shows the colleague's answer and keeps this user's.
	res.wantContains("SMBv1 disabled by group policy.", "My patch report", `value="patched" aria-describedby="answer-hint" checked`)
	fresh := responseVersion(t, res.Body)
	if fresh == stale {
		t.Fatalf("the refused form still carries the stale version %s", stale)
	}
	// Submitting again, knowingly, replaces the colleague's answer.
	form.Set("version", fresh)
	resp.post(path+"/answer", form).wantRedirect(path)
	resp.get(path).wantContains("Answer saved for Northtown Hospitals NHS Trust.", "My patch report")
}

func TestPageCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	anon := f.browse("")
	anon.postFrom("cross-site", "/signin", url.Values{"email": {f.Users["respN"].Email}, "password": {fixturePassword}}).
		wantStatus(http.StatusForbidden).wantContains("another site")

	resp := f.browse("respN")
	path := f.answerPath("NTRUST")
	resp.postFrom("cross-site", path+"/acknowledge", nil).wantStatus(http.StatusForbidden)
	resp.postFrom("cross-site", path+"/answer", url.Values{"answer": {"patched"}}).wantStatus(http.StatusForbidden)
	resp.postFrom("cross-site", "/signout", nil).wantStatus(http.StatusForbidden)
	// Nothing changed, and the session survived.
	resp.get(path).wantStatus(http.StatusOK).wantContains("Awaiting acknowledgement", `action="`+path+`/acknowledge"`)
}

func TestPageSignInAndRedirects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alertPath := fmt.Sprintf("/alerts/%d", f.Alerts["high"].ID)

	t.Run("anonymous visitor is sent to sign in and back", func(t *testing.T) {
		c := f.browse("")
		res := c.get(alertPath + "?x=1").wantRedirect("/signin?next=")
		next, _ := url.Parse(res.Location)
		if got := next.Query().Get("next"); got != alertPath+"?x=1" {
			t.Fatalf("next is %q, want %q", got, alertPath+"?x=1")
		}
		c.get(res.Location).wantStatus(http.StatusOK).wantContains(`name="next" value="` + alertPath + `?x=1"`)
		c.post("/signin", url.Values{"email": {"it@ntrust.test"}, "password": {fixturePassword}, "next": {alertPath + "?x=1"}}).wantRedirect(alertPath + "?x=1")
	})

	t.Run("wrong password says nothing about the email", func(t *testing.T) {
		c := f.browse("")
		wrong := c.post("/signin", url.Values{"email": {"it@ntrust.test"}, "password": {"nope"}}).wantStatus(http.StatusUnauthorized)
		unknown := c.post("/signin", url.Values{"email": {"nobody@nowhere.test"}, "password": {"nope"}}).wantStatus(http.StatusUnauthorized)
		wrong.wantFieldError("email", "The email address or password is wrong.").wantContains(`value="it@ntrust.test"`)
		unknown.wantFieldError("email", "The email address or password is wrong.")
		c.post("/signin", url.Values{"email": {""}, "password": {""}}).wantStatus(http.StatusUnprocessableEntity).
			wantFieldError("email", "Enter your email address").wantFieldError("password", "Enter your password")
		c.get("/alerts").wantRedirect("/signin")
	})

	for _, next := range []string{"//evil.example/x", "https://evil.example/", `/\evil.example`, "/%2F%2Fevil.example", "javascript:alert(1)", "evil.example", "/\t/evil.example"} {
		t.Run("refuses next "+strconv.Quote(next), func(t *testing.T) {
			c := f.browse("")
			res := c.post("/signin", url.Values{"email": {"it@ntrust.test"}, "password": {fixturePassword}, "next": {next}}).wantStatus(http.StatusSeeOther)
			if u, err := url.Parse(res.Location); err != nil || u.Host != "" || strings.HasPrefix(res.Location, "//") || strings.HasPrefix(res.Location, `/\`) {
				t.Fatalf("signed in with next=%q, redirected to %q", next, res.Location)
			}
			// Already signed in, the sign-in page must not bounce off-site either.
			res = c.get("/signin?next=" + url.QueryEscape(next)).wantStatus(http.StatusSeeOther)
			if u, err := url.Parse(res.Location); err != nil || u.Host != "" || strings.HasPrefix(res.Location, "//") {
				t.Fatalf("signin page with next=%q redirected to %q", next, res.Location)
			}
		})
	}

	t.Run("sign out ends the session", func(t *testing.T) {
		c := f.browse("respN")
		c.post("/signout", nil).wantRedirect("/signin")
		c.get("/inbox").wantRedirect("/signin")
	})
}

func TestPageLocalPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"/alerts/1", "/alerts/1"},
		{"/alerts?page=2", "/alerts?page=2"},
		{"/", "/"},
		{"", ""},
		{"//evil.example", ""},
		{`/\evil.example`, ""},
		{"https://evil.example", ""},
		{"alerts", ""},
		{"/ok\r\nLocation: x", ""},
	} {
		if got := localPath(tc.in); got != tc.want {
			t.Errorf("localPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
