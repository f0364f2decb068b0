package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserBulkConfirmsDiscrepancies follows a support unit answering
// "patched" for two practices, one of whose inventories shows exposed
// hosts: the page lists it with its hosts' count and a link, and saves
// once the confirmation is ticked. The confirmation step passes the same
// checks as every page.
func TestBrowserBulkConfirmsDiscrepancies(t *testing.T) {
	ctx, complaints := browserContext(t)
	f := newFixture(t)
	a := practiceExposed(t, f)
	c := newPageChecker(t, ctx)
	run, read := browserSteps(t, ctx)
	bulk := fmt.Sprintf("%s/alerts/%d/bulk", f.HTTP.URL, a.ID)
	ngp1, ngp2 := f.Orgs["NGP1"].ID, f.Orgs["NGP2"].ID

	run("support unit chooses two practices and answers patched", chromedp.Steps(
		browserSignIn(f, "respSU"),
		chromedp.Navigate(bulk),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="org"][value="%d"]`, ngp1))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="org"][value="%d"]`, ngp2))),
		chromedp.Click(chromedp.ID("what-answer")),
		chromedp.Click(chromedp.ID("answer")),
		chromedp.SendKeys(chromedp.ID("evidence"), "WSUS reports every practice PC patched."),
		browserSubmit(`form[action$="/bulk"] button[type=submit]`),
	))
	if h := read("confirmation heading", chromedp.Text(chromedp.CSS(`main fieldset h2`))); h != "Inventories show exposed hosts" {
		t.Errorf("after a patched answer over an exposed practice, the first question is %q", h)
	}
	row := read("exposed practice", chromedp.Text(chromedp.CSS(`main table tbody tr`)))
	if !strings.Contains(row, "Mill Lane Surgery") || !strings.Contains(row, "2") {
		t.Errorf("the exposed practice's row is %q, want Mill Lane Surgery with 2 hosts", row)
	}
	c.check(bulk+" (confirmation)", desktop)
	c.screenshot("bulk-confirm")
	run("support unit confirms", chromedp.Steps(
		chromedp.Click(chromedp.ID("confirm_discrepancies")),
		browserSubmit(`form[action$="/bulk"] button[type=submit]`),
	))
	if flash := read("flash", chromedp.Text(chromedp.CSS(`.nhsuk-notification-banner--success .nhsuk-notification-banner__heading`))); !strings.Contains(flash, "Answer saved for 2 organisations") {
		t.Errorf("after confirming, the banner says %q", flash)
	}
	for _, msg := range complaints() {
		t.Errorf("browser complained: %s", msg)
	}
}
