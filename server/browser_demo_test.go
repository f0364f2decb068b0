package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"rollcall"
	"rollcall/demo"
	"rollcall/rollcalltest"
	"rollcall/service"
)

// demoSite is the demo federation — 856 organisations, thousands of
// hosts, the MS17-010 roll call — served by the real router, so that the
// pages are checked at the size people see them.
type demoSite struct {
	URL    string
	Result *demo.Result
	Svc    *service.Service
	// Trust is the demo trust's organisation (its responder's and its
	// data-security lead's), Discrepant one that says it is safe from
	// MS17-010 while its inventory shows a host exposed.
	Trust, Discrepant int64
}

func newDemoSite(t *testing.T) *demoSite {
	t.Helper()
	ctx := context.Background()
	clock := rollcall.NewFixedClock(time.Date(2026, 5, 15, 10, 30, 0, 0, time.UTC))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := service.New(rollcalltest.OpenSQLite(t), clock, rollcall.DefaultPolicy(), log)
	res, err := demo.Generate(ctx, svc, clock, demo.Options{Seed: demo.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(svc, log, Options{Version: "test", Banner: "Demonstration: invented organisations and people."}))
	t.Cleanup(srv.Close)
	d := &demoSite{URL: srv.URL, Result: res, Svc: svc}
	u, err := svc.FindUserByEmail(ctx, service.Operator(), demo.TrustResponderEmail)
	if err != nil {
		t.Fatal(err)
	}
	d.Trust = u.OrgID
	ex, err := svc.AlertExposure(ctx, d.actor(t, demo.AnalystEmail), res.Alerts[demo.MS17010])
	if err != nil {
		t.Fatal(err)
	}
	// Organisations with a discrepancy come first.
	if len(ex.Orgs) == 0 || !ex.Orgs[0].Discrepancy {
		t.Fatalf("the demo's MS17-010 shows no discrepancy")
	}
	d.Discrepant = ex.Orgs[0].OrgID
	return d
}

func (d *demoSite) actor(t *testing.T, email string) *rollcall.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := d.Svc.FindUserByEmail(ctx, service.Operator(), email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Svc.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestBrowserDemoPages opens every page people use, as the demo's people
// use them, at a desktop's and a phone's width: none may spill out
// sideways or break an accessibility rule axe-core counts as critical or
// serious, and the MS17-010 alert — hundreds of organisations overdue and
// exposed — must stay a page one can read, its long lists cut short with
// a link to the rest.
func TestBrowserDemoPages(t *testing.T) {
	ctx, complaints := browserContext(t)
	d := newDemoSite(t)
	c := newPageChecker(t, ctx)
	ms, firefox := d.Result.Alerts[demo.MS17010], d.Result.Alerts["firefox-svg"]

	visits := []struct {
		who   string
		paths []string
	}{
		{"", []string{"/signin"}},
		{demo.AnalystEmail, []string{
			"/alerts",
			fmt.Sprintf("/alerts/%d", ms),
			fmt.Sprintf("/alerts/%d/rollcall", ms),
			fmt.Sprintf("/alerts/%d/exposure", ms),
			fmt.Sprintf("/alerts/%d/orgs/%d/exposure", ms, d.Discrepant),
			fmt.Sprintf("/alerts/%d/orgs/%d", ms, d.Discrepant),
			fmt.Sprintf("/alerts/%d/revisions", ms),
			"/alerts/new",
			fmt.Sprintf("/alerts/%d/edit", ms),
			"/end-of-life",
			"/escalations",
			"/advisories",
			"/advisories/kev/CVE-2017-0144",
			"/sources",
			"/orgs",
			fmt.Sprintf("/orgs/%d", d.Trust),
			fmt.Sprintf("/orgs/%d/inventory", d.Trust),
		}},
		{demo.TrustResponderEmail, []string{
			"/",
			fmt.Sprintf("/alerts/%d", ms),
			fmt.Sprintf("/alerts/%d/orgs/%d", firefox, d.Trust),
			fmt.Sprintf("/alerts/%d/orgs/%d/exposure", ms, d.Trust),
		}},
		{demo.TrustLeadEmail, []string{"/lead"}},
		{demo.SupportResponderEmail, []string{fmt.Sprintf("/alerts/%d/bulk", ms)}},
	}
	for _, v := range visits {
		if v.who != "" {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(desktop.W, desktop.H), browserSignInAs(d.URL, v.who, demo.Password)); err != nil {
				t.Fatalf("signing in as %s: %v", v.who, err)
			}
		}
		for _, p := range v.paths {
			for _, size := range screenSizes {
				c.open(d.URL+p, size)
				c.screenshot("demo-" + strings.SplitN(v.who+"signed-out", "@", 2)[0] + strings.NewReplacer("/", "-", "?", "-", ":", "-").Replace(p) + "-" + size.Name)
			}
		}
		if v.who != "" {
			if err := chromedp.Do(ctx, browserSubmit(`form[action="/signout"] button`)); err != nil {
				t.Fatalf("signing out %s: %v", v.who, err)
			}
		}
	}
	checkDemoAlertPage(t, ctx, c, d)
	for _, msg := range complaints() {
		t.Errorf("browser complained: %s", msg)
	}
}

// demoAlertHeight is the most the MS17-010 alert page may measure at a
// desktop's width. It measured 23,800 px when it listed 100 exposed
// organisations and every product twice; about 11,000 since.
const demoAlertHeight = 12500

// checkDemoAlertPage: the MS17-010 alert page, with hundreds overdue and
// exposed, says how much of each list it shows and links to the rest; it
// stays within demoAlertHeight; and the wide tables of the roll call and
// of end of life show every column on a laptop's screen.
func checkDemoAlertPage(t *testing.T, ctx context.Context, c *pageChecker, d *demoSite) {
	t.Helper()
	bg := context.Background()
	ms := d.Result.Alerts[demo.MS17010]
	analyst := d.actor(t, demo.AnalystEmail)
	ex, err := d.Svc.AlertExposure(bg, analyst, ms)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := d.Svc.RollCall(bg, analyst, ms)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Orgs) <= exposureSummaryLength || rc.Tally.Overdue <= overdueListLength {
		t.Fatalf("the demo has %d exposed and %d overdue organisations: too few to cut short", len(ex.Orgs), rc.Tally.Overdue)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(desktop.W, desktop.H), browserSignInAs(d.URL, demo.AnalystEmail, demo.Password)); err != nil {
		t.Fatal(err)
	}
	alertPage := fmt.Sprintf("%s/alerts/%d", d.URL, ms)
	c.open(alertPage, desktop)
	if h := c.pageHeight(); h > demoAlertHeight {
		t.Errorf("the MS17-010 alert page is %d px tall at %d px wide, want at most %d", h, desktop.W, demoAlertHeight)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("Showing %d of %d organisations, discrepancies first.", exposureSummaryLength, len(ex.Orgs)),
		fmt.Sprintf("See all %d organisations with a host exposed", len(ex.Orgs)),
		fmt.Sprintf("Showing the %d longest overdue of %d organisations.", overdueListLength, rc.Tally.Overdue),
		fmt.Sprintf("See all %d overdue organisations", rc.Tally.Overdue),
		"15 Windows builds",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the MS17-010 alert page does not say %q", want)
		}
	}
	for _, p := range []string{fmt.Sprintf("/alerts/%d/rollcall", ms), "/end-of-life"} {
		c.open(d.URL+p, desktop)
		if cut := c.scrollingRegions(); len(cut) > 0 {
			t.Errorf("%s at %d px wide hides columns of %s", p, desktop.W, strings.Join(cut, "; "))
		}
	}
}
