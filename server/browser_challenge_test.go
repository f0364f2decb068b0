package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserChallenge follows the centre from a discrepancy to a
// challenge of the answer, and the organisation to the challenge on its
// inbox and answer; every page of it fits a laptop and a phone.
func TestBrowserChallenge(t *testing.T) {
	ctx, complaints := browserContext(t)
	f, alert := exposureFixture(t, true)
	ntrust := f.Orgs["NTRUST"]
	c := newPageChecker(t, ctx)
	run, read := browserSteps(t, ctx)
	exposure := fmt.Sprintf("%s/alerts/%d/exposure", f.HTTP.URL, alert.ID)
	challenge := fmt.Sprintf("%s/alerts/%d/orgs/%d/challenge?back=exposure", f.HTTP.URL, alert.ID, ntrust.ID)
	response := fmt.Sprintf("%s/alerts/%d/orgs/%d", f.HTTP.URL, alert.ID, ntrust.ID)

	run("analyst opens the discrepancies", chromedp.Steps(
		browserSignIn(f, "analyst"),
		chromedp.Navigate(exposure),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/challenge?back=exposure"]`)),
	))
	for _, size := range screenSizes {
		c.open(exposure, size)
		c.screenshot("challenge-discrepancies-" + size.Name)
	}
	run("analyst chooses to challenge NTRUST", chromedp.Steps(
		chromedp.EmulateViewport(desktop.W, desktop.H),
		chromedp.Navigate(exposure),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/challenge?back=exposure"]`)),
		browserSubmit(`a[href$="/challenge?back=exposure"]`),
	))
	if h1 := read("heading", chromedp.Text(chromedp.CSS("h1"))); h1 != "Challenge the answer of "+ntrust.Name {
		t.Errorf("the confirmation is headed %q", h1)
	}
	for _, size := range screenSizes {
		c.open(challenge, size)
		c.screenshot("challenge-confirm-" + size.Name)
	}
	run("analyst sends it without a note", browserSubmit(`main form button[type=submit]`))
	if e := read("error", chromedp.Text(chromedp.CSS(`.nhsuk-error-summary`))); !strings.Contains(e, "Say why the answer is challenged") {
		t.Errorf("without a note, the error summary says %q", e)
	}
	for _, size := range screenSizes {
		// The page with its error, as it came back from the form.
		run("resize", chromedp.EmulateViewport(size.W, size.H))
		c.check(challenge, size)
		c.screenshot("challenge-error-" + size.Name)
	}
	run("analyst writes the note and challenges", chromedp.Steps(
		chromedp.SendKeys(chromedp.ID("note"), "Your inventory of today shows WS-001 on Windows 7 without KB4012212."),
		browserSubmit(`main form button[type=submit]`),
	))
	if flash := read("flash", chromedp.Text(chromedp.CSS(`.nhsuk-notification-banner--success .nhsuk-notification-banner__heading`))); !strings.Contains(flash, "challenged") {
		t.Errorf("after challenging, the banner says %q", flash)
	}
	run("analyst signs out", browserSubmit(`form[action="/signout"] button`))

	run("responder signs in", browserSignIn(f, "respN"))
	if note := read("inbox challenge", chromedp.Text(chromedp.CSS(`.rc-challenge`))); !strings.Contains(note, "Challenged by the centre") || !strings.Contains(note, "KB4012212") {
		t.Errorf("the inbox shows the challenge as %q", note)
	}
	for _, p := range []string{f.HTTP.URL + "/inbox", response} {
		for _, size := range screenSizes {
			c.open(p, size)
			c.screenshot("challenge" + strings.NewReplacer("/", "-").Replace(strings.TrimPrefix(p, f.HTTP.URL)) + "-" + size.Name)
		}
	}
	if note := read("answer challenge", chromedp.Text(chromedp.CSS(`.rc-challenge`))); !strings.Contains(note, "Your answer (Patched) was challenged by the centre") {
		t.Errorf("the answer page shows the challenge as %q", note)
	}
	for _, msg := range complaints() {
		// The refused form (no note) is a 422, on purpose.
		if strings.Contains(msg, "status of 422") {
			continue
		}
		t.Errorf("browser complained: %s", msg)
	}
}
