package server

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"rollcall"
	"rollcall/service"
)

// browserContext starts a headless chromium for the test, or skips the
// test when there is none (and fails instead when ROLLCALL_REQUIRE_BROWSER
// is 1, as CI sets). It also collects what the browser complains about —
// script errors and Content-Security-Policy refusals — for the test to
// check.
func browserContext(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	exec := os.Getenv("ROLLCALL_CHROMIUM")
	if exec == "" {
		exec = "/usr/bin/chromium"
	}
	if _, err := os.Stat(exec); err != nil {
		if os.Getenv("ROLLCALL_REQUIRE_BROWSER") == "1" {
			t.Fatalf("chromium not found at %s (set ROLLCALL_CHROMIUM): %v", exec, err)
		}
		t.Skipf("chromium not found at %s; set ROLLCALL_CHROMIUM to run the browser tests", exec)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exec),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })

	// Open the tab first, so the listener sees every page it loads.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	var mu sync.Mutex
	var complaints []string
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			complaints = append(complaints, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				complaints = append(complaints, fmt.Sprintf("%s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	if err == nil {
		_, err = chromedp.Call(ctx, cdplog.Enable, cdp.Empty{})
	}
	if err != nil {
		t.Fatalf("listening to chromium: %v", err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), complaints...)
	}
}

// browserSubmit clicks a form's button and waits for the page the form
// leads to, so that what follows reads the new page, not the old one.
func browserSubmit(button string) chromedp.Action[chromedp.Void] {
	wait := chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.Click(chromedp.CSS(button)))
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := wait(ctx, t)
		return err
	})
}

// browserSignIn signs in through the form, as a person would.
func browserSignIn(f *fixture, key string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(f.HTTP.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), f.Users[key].Email),
		chromedp.SendKeys(chromedp.ID("password"), fixturePassword),
		browserSubmit(`main form button[type=submit]`),
	)
}

// TestBrowserAnswerReachesRollCall is the whole loop in a real browser:
// a trust's responder acknowledges and answers the high-severity alert,
// and the centre's analyst sees the roll call change.
func TestBrowserAnswerReachesRollCall(t *testing.T) {
	ctx, complaints := browserContext(t)
	f := newFixture(t)
	high, ntrust := f.Alerts["high"].ID, f.Orgs["NTRUST"]
	responsePage := fmt.Sprintf("%s/alerts/%d/orgs/%d", f.HTTP.URL, high, ntrust.ID)

	run := func(step string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	read := func(step string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return strings.TrimSpace(v)
	}
	shoot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile("/tmp/rollcall-"+name+".png", png, 0o644); err != nil {
			t.Logf("saving screenshot: %v", err)
		}
	}

	// The responder acts a working morning after the alert went out.
	f.Clock.Advance(5*time.Hour + 20*time.Minute)
	run("responder signs in", browserSignIn(f, "respN"))
	if h1 := read("inbox heading", chromedp.Text(chromedp.CSS(`h1`))); h1 != "Inbox" {
		t.Errorf("responder landed on %q, want the inbox", h1)
	}
	run("responder acknowledges", chromedp.Steps(
		chromedp.Navigate(responsePage),
		browserSubmit(`form[action$="/acknowledge"] button`),
	))
	// With scripts running, the NHS radios reveal only the chosen answer's
	// extra fields.
	run("responder fills in the answer", chromedp.Steps(
		chromedp.Click(chromedp.ID("answer")),
		chromedp.SendKeys(chromedp.ID("evidence"), "MS17-010 (KB4012212) installed on all 412 Windows hosts; SMBv1 disabled by group policy. Verified by patch report."),
		chromedp.SendKeys(chromedp.ID("evidence_links"), "https://intranet.ntrust.test/patch-report/2026-03-10"),
	))
	hidden := read("hidden conditional", chromedp.Evaluate[string](`String(document.getElementById("answer-risk_accepted-conditional").offsetParent === null)`))
	if hidden != "true" {
		t.Errorf("the risk-acceptance fields show although another answer is chosen: the NHS scripts did not run")
	}
	shoot("answer")
	run("responder saves the answer", chromedp.Steps(
		browserSubmit(`form[action$="/answer"] button[type=submit]`),
	))
	if flash := read("flash", chromedp.Text(chromedp.CSS(`.nhsuk-notification-banner--success .nhsuk-notification-banner__heading`))); !strings.Contains(flash, "Answer saved") {
		t.Errorf("after answering, the banner says %q", flash)
	}
	if state := read("state", chromedp.Text(chromedp.CSS(`main dl .nhsuk-tag`))); state != "Patched" {
		t.Errorf("after answering, the state is %q, want Patched", state)
	}
	shoot("answered")
	run("responder signs out", chromedp.Steps(
		browserSubmit(`form[action="/signout"] button`),
	))

	// Three days on, the others are overdue and have climbed the ladder.
	f.Clock.Advance(3 * rollcall.Day)
	run("analyst opens the alert", chromedp.Steps(
		browserSignIn(f, "analyst"),
		chromedp.Navigate(fmt.Sprintf("%s/alerts/%d", f.HTTP.URL, high)),
		chromedp.WaitVisible(chromedp.CSS(`.rc-figures`)),
	))
	acknowledged := read("acknowledged figure", chromedp.Text(chromedp.CSS(`.rc-figure:nth-child(2) .rc-figure__number`)))
	remediated := read("remediated figure", chromedp.Text(chromedp.CSS(`.rc-figure:nth-child(4) .rc-figure__number`)))
	if acknowledged != "1" || remediated != "1" {
		t.Errorf("roll call shows %s acknowledged and %s remediated, want 1 and 1", acknowledged, remediated)
	}
	if took := read("time to acknowledge", chromedp.Text(chromedp.CSS(`.rc-took tbody tr:first-child td`))); took != "5 h 20 min" {
		t.Errorf("median time to acknowledge shows %q, want 5 h 20 min", took)
	}
	shoot("rollcall")
	// The same page on a phone: nothing may spill out sideways.
	run("phone-sized window", chromedp.EmulateViewport(390, 844))
	// The new viewport is laid out after a frame or two; ask until it has
	// been, for at most two seconds.
	wide := ""
	for range 20 {
		if wide = read("page width", chromedp.Evaluate[string](`String(document.documentElement.scrollWidth > window.innerWidth)`)); wide == "false" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if wide != "false" {
		t.Errorf("on a phone-sized screen the roll call is wider than the screen")
	}
	phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("phone screenshot: %v", err)
	}
	_ = os.WriteFile("/tmp/rollcall-rollcall-phone.png", phone, 0o644)
	run("desktop-sized window", chromedp.EmulateViewport(1280, 900))
	run("analyst opens the full roll call", chromedp.Steps(
		chromedp.Navigate(fmt.Sprintf("%s/alerts/%d/rollcall?q=NTRUST", f.HTTP.URL, high)),
		chromedp.WaitVisible(chromedp.CSS(`main table`)),
	))
	if row := read("NTRUST row", chromedp.Text(chromedp.CSS(`main table tbody tr`))); !strings.Contains(row, ntrust.Name) || !strings.Contains(row, "Patched") {
		t.Errorf("roll-call row for NTRUST is %q, want it Patched", row)
	}
	shoot("rollcall-table")
	for _, c := range complaints() {
		t.Errorf("browser complained: %s", c)
	}
}

// TestBrowserPagesFit opens every kind of page, as the role that uses it,
// on a desktop and a phone-sized screen: nothing may be refused by the
// Content-Security-Policy, throw, fail to load, or spill out sideways.
// It leaves a screenshot of each in /tmp/rollcall-page-*.png for people
// to look at.
func TestBrowserPagesFit(t *testing.T) {
	ctx, complaints := browserContext(t)
	f := newFixture(t)
	high := f.Alerts["high"].ID
	// Some answers, so the pages have something to show.
	f.Clock.Advance(3 * time.Hour)
	answer := func(key, org string, a rollcall.Answer) {
		t.Helper()
		_, err := f.Svc.Answer(context.Background(), f.actor(key), service.AnswerRequest{AlertID: high, OrgIDs: []int64{f.Orgs[org].ID}, Answer: a})
		if err != nil {
			t.Fatal(err)
		}
	}
	answer("respN", "NTRUST", rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: "Legacy imaging workstation isolated on its own VLAN until it is replaced in May.", Evidence: "Firewall rule change CHG-1234."})
	answer("respSU", "NGP1", rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "All practice PCs patched."})
	f.Clock.Advance(3 * rollcall.Day)

	pages := []struct{ name, role, path string }{
		{"signin", "", "/signin"},
		{"alerts", "analyst", "/alerts"},
		{"alert-new", "analyst", "/alerts/new"},
		{"alert-edit", "analyst", fmt.Sprintf("/alerts/%d/edit", high)},
		{"revisions", "analyst", fmt.Sprintf("/alerts/%d/revisions", high)},
		{"escalations", "analyst", "/escalations"},
		{"orgs", "analyst", "/orgs"},
		{"org", "analyst", fmt.Sprintf("/orgs/%d", f.Orgs["NSU"].ID)},
		{"import", "analyst", "/orgs/import"},
		{"coordinator-rollcall", "coordN", fmt.Sprintf("/alerts/%d/rollcall", high)},
		{"inbox", "respSU", "/inbox"},
		{"bulk", "respSU", fmt.Sprintf("/alerts/%d/bulk", high)},
		{"responder-alert", "respSU", fmt.Sprintf("/alerts/%d", high)},
		{"account", "respSU", "/account"},
		{"lead", "leadN", "/lead"},
		{"lead-response", "leadN", f.answerPath("NTRUST")},
		{"not-found", "leadN", "/alerts/99999"},
	}
	signedInAs := ""
	for _, p := range pages {
		if p.role != signedInAs {
			if signedInAs != "" {
				if err := chromedp.Do(ctx, browserSubmit(`form[action="/signout"] button`)); err != nil {
					t.Fatalf("signing out: %v", err)
				}
			}
			if p.role != "" {
				if err := chromedp.Do(ctx, browserSignIn(f, p.role)); err != nil {
					t.Fatalf("signing in as %s: %v", p.role, err)
				}
			}
			signedInAs = p.role
		}
		for _, size := range []struct {
			name string
			w, h int64
		}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(f.HTTP.URL+p.path), chromedp.WaitVisible(chromedp.CSS("h1")))
			if err != nil {
				t.Fatalf("%s on a %s: %v", p.name, size.name, err)
			}
			// The first element that reaches past the right of the screen
			// (outside a scrolling table container), if any.
			over, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
				if (document.documentElement.scrollWidth <= document.documentElement.clientWidth) return "";
				for (const el of document.querySelectorAll("body *")) {
					if (el.closest(".nhsuk-table-container") && !el.matches(".nhsuk-table-container")) continue;
					if (el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
						return el.outerHTML.slice(0, 160);
				}
				return "something (scrollWidth " + document.documentElement.scrollWidth + ")";
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if over != "" {
				t.Errorf("%s is wider than a %s screen: %s", p.name, size.name, over)
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			_ = os.WriteFile(fmt.Sprintf("/tmp/rollcall-page-%s-%s.png", p.name, size.name), shot, 0o644)
		}
	}
	// A form sent back with a mistake: the error summary and the message
	// beside the field.
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(f.HTTP.URL+"/lead"),
		browserSubmit(`.rc-signoff form:last-child button`),
		chromedp.WaitVisible(chromedp.CSS(".nhsuk-error-summary")),
	)
	if err != nil {
		t.Fatalf("rejecting without a reason: %v", err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.closest(".nhsuk-error-summary") !== null`))
	if err != nil || !focused {
		t.Errorf("the error summary does not take the focus (%v)", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile("/tmp/rollcall-page-lead-error-desktop.png", shot, 0o644)

	for _, c := range complaints() {
		// The not-found page is a 404 and the refused form a 422, on purpose.
		if strings.Contains(c, "/alerts/99999") || strings.Contains(c, "status of 422") {
			continue
		}
		t.Errorf("browser complained: %s", c)
	}
}

// TestBrowserExposure follows an analyst from an alert's exposure table
// to one organisation's exposed hosts, and checks the exposure pages fit
// a phone.
func TestBrowserExposure(t *testing.T) {
	ctx, complaints := browserContext(t)
	f, alert := exposureFixture(t, true)
	ntrust := f.Orgs["NTRUST"]
	run := func(step string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	read := func(step string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return strings.TrimSpace(v)
	}

	run("analyst opens the alert's exposure", chromedp.Steps(
		browserSignIn(f, "analyst"),
		chromedp.Navigate(fmt.Sprintf("%s/alerts/%d#exposure", f.HTTP.URL, alert.ID)),
		chromedp.WaitVisible(chromedp.ID("exposure")),
	))
	row := read("NTRUST's exposure row", chromedp.Text(chromedp.CSS(`a[href$="/orgs/`+fmt.Sprint(ntrust.ID)+`/exposure"]`)))
	if row != ntrust.Name {
		t.Errorf("the exposure table's first link is %q, want %s", row, ntrust.Name)
	}
	run("analyst follows to NTRUST's hosts", browserSubmit(`a[href$="/orgs/`+fmt.Sprint(ntrust.ID)+`/exposure"]`))
	if h1 := read("heading", chromedp.Text(chromedp.CSS("h1"))); h1 != ntrust.Name {
		t.Errorf("the exposure page is headed %q", h1)
	}
	if host := read("host", chromedp.Text(chromedp.CSS(`main table tbody tr th`))); host != "WS-001" {
		t.Errorf("the exposed host is %q, want WS-001", host)
	}
	if why := read("reason", chromedp.Text(chromedp.CSS(`main table tbody tr td:last-child`))); !strings.Contains(why, "KB4012212") {
		t.Errorf("the reason is %q, want it to name KB4012212", why)
	}
	if warn := read("discrepancy", chromedp.Text(chromedp.CSS(`.nhsuk-warning-callout`))); !strings.Contains(warn, "answered Patched") || !strings.Contains(warn, "1 host still exposed") {
		t.Errorf("the discrepancy panel says %q", warn)
	}
	for _, p := range []string{
		fmt.Sprintf("/alerts/%d/orgs/%d/exposure", alert.ID, ntrust.ID),
		fmt.Sprintf("/alerts/%d", alert.ID),
		fmt.Sprintf("/alerts/%d/rollcall", alert.ID),
		"/end-of-life",
	} {
		run("phone "+p, chromedp.Steps(chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.HTTP.URL+p), chromedp.WaitVisible(chromedp.CSS("h1"))))
		if wide := read("width", chromedp.Evaluate[string](`String(document.documentElement.scrollWidth > document.documentElement.clientWidth)`)); wide != "false" {
			t.Errorf("%s is wider than a phone screen", p)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			_ = os.WriteFile("/tmp/rollcall-exposure"+strings.NewReplacer("/", "-").Replace(p)+".png", shot, 0o644)
		}
	}
	for _, c := range complaints() {
		t.Errorf("browser complained: %s", c)
	}
}

// TestBrowserAdvisoryToDraft follows an analyst from the advisory library
// to one advisory, its exposure, and a draft alert made from it; the
// library and the advisory fit a phone.
func TestBrowserAdvisoryToDraft(t *testing.T) {
	ctx, complaints := browserContext(t)
	f, _ := exposureFixture(t, true)
	importAdvisories(t, f)
	run := func(step string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	read := func(step string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return strings.TrimSpace(v)
	}

	run("analyst signs in", browserSignIn(f, "analyst"))
	// The page after signing in may still be settling (a redirect); wait
	// for the menu before following it.
	run("analyst opens the library from the menu", chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-header__navigation-link[href="/advisories"]`)),
		browserSubmit(`.nhsuk-header__navigation-link[href="/advisories"]`),
	))
	if h1 := read("library heading", chromedp.Text(chromedp.CSS("h1"))); h1 != "Advisories" {
		t.Fatalf("the menu led to %q, want the advisory library", h1)
	}
	run("analyst searches by CVE", chromedp.Steps(
		chromedp.SendKeys(chromedp.ID("q"), "CVE-2017-0145"),
		browserSubmit(`form.rc-filters button[type=submit]`),
	))
	if link := read("the one match", chromedp.Text(chromedp.CSS(`main table tbody tr th a`))); link != "RHSA-2022:0011" {
		t.Fatalf("searching CVE-2017-0145 found %q, want RHSA-2022:0011", link)
	}
	run("analyst opens the advisory", browserSubmit(`main table tbody tr th a`))
	if h1 := read("advisory heading", chromedp.Text(chromedp.CSS("h1"))); h1 != "RHSA-2022:0011" {
		t.Errorf("the advisory page is headed %q", h1)
	}
	if n := read("exposed hosts", chromedp.Text(chromedp.CSS(`.rc-figure:first-child .rc-figure__number`))); n != "1" {
		t.Errorf("the advisory shows %s exposed hosts, want 1", n)
	}
	run("analyst makes a draft", browserSubmit(`form[action$="/alert"] button`))
	if flash := read("flash", chromedp.Text(chromedp.CSS(`.nhsuk-notification-banner--success .nhsuk-notification-banner__heading`))); !strings.Contains(flash, "made from advisory RHSA-2022:0011") {
		t.Errorf("after making the draft, the banner says %q", flash)
	}
	if cves := read("CVEs", chromedp.Value(chromedp.ID("cves"))); !strings.Contains(cves, "CVE-2017-0143") {
		t.Errorf("the draft's CVEs are %q, want CVE-2017-0143 among them", cves)
	}
	for _, p := range []string{"/advisories", "/advisories/csaf/RHSA-2022:0011", "/advisories/kev/CVE-2017-0144"} {
		run("phone "+p, chromedp.Steps(chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.HTTP.URL+p), chromedp.WaitVisible(chromedp.CSS("h1"))))
		if wide := read("width", chromedp.Evaluate[string](`String(document.documentElement.scrollWidth > document.documentElement.clientWidth)`)); wide != "false" {
			t.Errorf("%s is wider than a phone screen", p)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			_ = os.WriteFile("/tmp/rollcall"+strings.NewReplacer("/", "-", ":", "-").Replace(p)+".png", shot, 0o644)
		}
	}
	for _, c := range complaints() {
		t.Errorf("browser complained: %s", c)
	}
}
