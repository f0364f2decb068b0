package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"rollcall"
	"rollcall/inventory"
)

// TestBrowserExposure follows an analyst from an alert's exposure table
// to one organisation's exposed hosts, and checks the exposure pages fit
// a phone.
func TestBrowserExposure(t *testing.T) {
	ctx, complaints := browserContext(t)
	f, alert := exposureFixture(t, true)
	ntrust := f.Orgs["NTRUST"]
	c := newPageChecker(t, ctx)
	run, read := browserSteps(t, ctx)

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
		fmt.Sprintf("/alerts/%d/exposure", alert.ID),
		"/end-of-life",
	} {
		for _, size := range screenSizes {
			c.open(f.HTTP.URL+p, size)
			c.screenshot("exposure" + strings.NewReplacer("/", "-").Replace(p) + "-" + size.Name)
		}
	}
	for _, msg := range complaints() {
		t.Errorf("browser complained: %s", msg)
	}
}

// TestBrowserAdvisoryToDraft follows an analyst from the advisory library
// to one advisory, its exposure, and a draft alert made from it; the
// library and the advisory fit a phone.
func TestBrowserAdvisoryToDraft(t *testing.T) {
	ctx, complaints := browserContext(t)
	f, _ := exposureFixture(t, true)
	importAdvisories(t, f)
	c := newPageChecker(t, ctx)
	run, read := browserSteps(t, ctx)

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
		for _, size := range screenSizes {
			c.open(f.HTTP.URL+p, size)
			c.screenshot(strings.NewReplacer("/", "-", ":", "-").Replace(p[1:]) + "-" + size.Name)
		}
	}
	for _, msg := range complaints() {
		t.Errorf("browser complained: %s", msg)
	}
}

// longHostName is a host's fully qualified name, longer than a phone's
// screen is wide.
const longHostName = "WS-RADIOLOGY-MRI-CONSOLE-0001.radiology.northtown-hospitals.nhs.uk"

// TestBrowserHostNamesWrap: a long host name wraps, on a phone, only
// between its parts (after a dot or a hyphen), never in the middle of
// one, on the pages that list hosts.
func TestBrowserHostNamesWrap(t *testing.T) {
	ctx, complaints := browserContext(t)
	f := newFixture(t)
	bg := context.Background()
	ntrust := f.Orgs["NTRUST"].ID
	csv := "host,os_name,os_version,os_build,updates\n" + longHostName + ",Microsoft Windows 7 Professional,6.1,7601,KB3000483\n"
	if _, err := f.Svc.ImportInventory(bg, f.actor("respN"), ntrust, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(bg); err != nil {
		t.Fatal(err)
	}
	alert := &rollcall.Alert{Title: "WannaCry: SMBv1 (MS17-010), structured", Severity: rollcall.SeverityHigh,
		Summary: "Windows SMBv1 remote code execution.", Affected: ms17010, Target: rollcall.Target{All: true}}
	if err := f.Svc.CreateAlert(bg, f.actor("analyst"), alert); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(bg, f.actor("analyst"), alert.ID); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, browserSignIn(f, "respN")); err != nil {
		t.Fatal(err)
	}
	c := newPageChecker(t, ctx)
	for _, p := range []string{fmt.Sprintf("/alerts/%d/orgs/%d/exposure", alert.ID, ntrust), fmt.Sprintf("/orgs/%d/inventory", ntrust)} {
		c.open(f.HTTP.URL+p, phone)
		// The character before each line break in the host's name.
		before, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
			const name = [...document.querySelectorAll("main table tbody th")].find(th => th.textContent.includes("`+longHostName+`"));
			if (!name) return ["(no host row)"];
			const out = [];
			let top = null, prev = "";
			const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				// The name is the cell's first text; what follows is not.
				if (!"`+longHostName+`".includes(node.data)) break;
				for (let i = 0; i < node.length; i++) {
					const r = document.createRange();
					r.setStart(node, i);
					r.setEnd(node, i + 1);
					const rect = r.getClientRects()[0];
					if (!rect) continue;
					if (top !== null && rect.top > top + 1) out.push(prev);
					top = rect.top;
					prev = node.data[i];
				}
			}
			return out;
		})()`))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(before) == 0 {
			t.Errorf("%s: the host name did not wrap on a phone; the test needs a longer one", p)
		}
		for _, ch := range before {
			if ch != "." && ch != "-" {
				t.Errorf("%s: the host name %s wraps after %q, in the middle of a part (breaks after %q)", p, longHostName, ch, before)
				break
			}
		}
		c.screenshot("host-name" + strings.NewReplacer("/", "-").Replace(p))
	}
	for _, msg := range complaints() {
		t.Errorf("browser complained: %s", msg)
	}
}
