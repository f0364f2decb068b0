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

// browserSignIn signs a fixture user in through the form, as a person would.
func browserSignIn(f *fixture, key string) chromedp.Action[chromedp.Void] {
	return browserSignInAs(f.HTTP.URL, f.Users[key].Email, fixturePassword)
}

// browserSignInAs signs in at the site at base with an email and password.
func browserSignInAs(base, email, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
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

	run, read := browserSteps(t, ctx)
	c := newPageChecker(t, ctx)

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
	// The form as the scripts leave it once a choice has revealed more
	// questions and hidden them again.
	run("responder looks at accepting the risk", chromedp.Steps(
		chromedp.Click(chromedp.ID("answer-risk_accepted")),
		chromedp.WaitVisible(chromedp.ID("justification")),
		chromedp.Click(chromedp.ID("answer")),
	))
	c.check(responsePage, desktop)
	c.screenshot("answer")
	run("responder saves the answer", chromedp.Steps(
		browserSubmit(`form[action$="/answer"] button[type=submit]`),
	))
	if flash := read("flash", chromedp.Text(chromedp.CSS(`.nhsuk-notification-banner--success .nhsuk-notification-banner__heading`))); !strings.Contains(flash, "Answer saved") {
		t.Errorf("after answering, the banner says %q", flash)
	}
	if state := read("state", chromedp.Text(chromedp.CSS(`main dl .nhsuk-tag`))); state != "Patched" {
		t.Errorf("after answering, the state is %q, want Patched", state)
	}
	c.screenshot("answered")
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
	c.screenshot("rollcall")
	c.check(fmt.Sprintf("%s/alerts/%d", f.HTTP.URL, high), desktop)
	// The same page on a phone.
	c.open(fmt.Sprintf("%s/alerts/%d", f.HTTP.URL, high), phone)
	c.screenshot("rollcall-phone")
	c.open(fmt.Sprintf("%s/alerts/%d/rollcall?q=NTRUST", f.HTTP.URL, high), desktop)
	if row := read("NTRUST row", chromedp.Text(chromedp.CSS(`main table tbody tr`))); !strings.Contains(row, ntrust.Name) || !strings.Contains(row, "Patched") {
		t.Errorf("roll-call row for NTRUST is %q, want it Patched", row)
	}
	c.screenshot("rollcall-table")
	for _, msg := range complaints() {
		t.Errorf("browser complained: %s", msg)
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

	c := newPageChecker(t, ctx)
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
		for _, size := range screenSizes {
			c.open(f.HTTP.URL+p.path, size)
			c.screenshot(fmt.Sprintf("page-%s-%s", p.name, size.Name))
		}
	}
	// A form sent back with a mistake: the error summary and the message
	// beside the field.
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(desktop.W, desktop.H),
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
	c.check(f.HTTP.URL+"/lead (refused)", desktop)
	c.screenshot("page-lead-error-desktop")

	for _, msg := range complaints() {
		// The not-found page is a 404 and the refused form a 422, on purpose.
		if strings.Contains(msg, "/alerts/99999") || strings.Contains(msg, "status of 422") {
			continue
		}
		t.Errorf("browser complained: %s", msg)
	}
}

// browserSteps gives a test two ways to take a step in the browser: run
// one that returns nothing, and read one that returns text (trimmed); a
// step that fails ends the test, naming it.
func browserSteps(t *testing.T, ctx context.Context) (run func(string, chromedp.Action[chromedp.Void]), read func(string, chromedp.Action[string]) string) {
	run = func(step string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	read = func(step string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return strings.TrimSpace(v)
	}
	return run, read
}
