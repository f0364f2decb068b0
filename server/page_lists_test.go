package server

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
	"rollcall/service"
)

// longListsPractices is how many practices longListsFixture adds: more
// than one page of every list.
const longListsPractices = 60

// longListsFixture is the fixture with 60 more GP practices in the North,
// each with a Windows 7 host that MS17-010 (published to everyone,
// structured) finds exposed and that is out of support, and the clock
// three days on, so that no organisation has acknowledged in time: every
// list about the alert is long.
func longListsFixture(t *testing.T) (*fixture, *rollcall.Alert) {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	op := service.Operator()
	for i := range longListsPractices {
		o := &rollcall.Organisation{Code: fmt.Sprintf("P%03d", i), Name: fmt.Sprintf("Practice %03d", i),
			Type: rollcall.OrgGPPractice, RegionID: f.Regions["N"].ID}
		if err := f.Svc.CreateOrganisation(ctx, op, o); err != nil {
			t.Fatal(err)
		}
		csv := "host,os_name,os_version,os_build,updates\n" +
			fmt.Sprintf("PC-%03d,Microsoft Windows 7 Professional,6.1,7601,KB3000483\n", i)
		if _, err := f.Svc.ImportInventory(ctx, op, o.ID, strings.NewReader(csv), inventory.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	alert := &rollcall.Alert{Title: "WannaCry: SMBv1 (MS17-010), structured", Severity: rollcall.SeverityHigh,
		Summary: "Windows SMBv1 remote code execution.", Affected: ms17010, Target: rollcall.Target{All: true}}
	if err := f.Svc.CreateAlert(ctx, f.actor("analyst"), alert); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, f.actor("analyst"), alert.ID); err != nil {
		t.Fatal(err)
	}
	f.Clock.Advance(3 * rollcall.Day)
	return f, alert
}

// countMatches counts the matches of a pattern in a page.
func countMatches(body, pattern string) int {
	return len(regexp.MustCompile(pattern).FindAllStringIndex(body, -1))
}

// TestPageAlertLongLists: the alert page cuts its long lists short, says
// so, and links to the whole of each, a page at a time.
func TestPageAlertLongLists(t *testing.T) {
	t.Parallel()
	f, alert := longListsFixture(t)
	analyst := f.browse("analyst")
	exposureLink := `<a href="/alerts/\d+/orgs/\d+/exposure">`
	all := fmt.Sprintf("/alerts/%d/exposure", alert.ID)

	res := analyst.get(fmt.Sprintf("/alerts/%d", alert.ID)).wantStatus(http.StatusOK).
		wantContains("Showing 20 of 60 organisations", `href="`+all+`"`, "See all 60 organisations with a host exposed or that cannot be told",
			"Showing the 20 longest overdue of 66 organisations", fmt.Sprintf(`href="/alerts/%d/rollcall?group=overdue"`, alert.ID))
	if n := countMatches(res.Body, exposureLink); n != 20 {
		t.Errorf("the alert page lists %d exposed organisations, want 20", n)
	}
	if n := countMatches(res.Body, `<a href="/alerts/\d+/orgs/\d+">`); n != 20 {
		t.Errorf("the alert page lists %d overdue organisations, want 20", n)
	}

	// The whole exposure list, a page at a time, discrepancies first.
	res = analyst.get(all).wantStatus(http.StatusOK).wantContains("Page 1 of 2 (60 in all)", `href="`+all+`?page=2"`)
	if n := countMatches(res.Body, exposureLink); n != 50 {
		t.Errorf("the first page of the exposure list has %d organisations, want 50", n)
	}
	res = analyst.get(all + "?page=2").wantStatus(http.StatusOK).wantContains("Page 2 of 2 (60 in all)")
	if n := countMatches(res.Body, exposureLink); n != 10 {
		t.Errorf("the second page of the exposure list has %d organisations, want 10", n)
	}
	// Organisations' own people see only their own organisations there.
	res = f.browse("respN").get(all).wantStatus(http.StatusOK)
	if n := countMatches(res.Body, exposureLink); n != 0 {
		t.Errorf("a trust's responder sees %d other organisations' exposure", n)
	}
}

// TestPageAlertManyProducts: an alert that names many products to check
// against inventories folds the list away under its count, so the rest of
// the alert can be read; a few are listed as they are.
func TestPageAlertManyProducts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	var many rollcall.Affected
	for _, b := range []string{"6.0.6002", "6.1.7601", "6.2.9200", "6.3.9600", "10.0.10240", "10.0.14393"} {
		many.Windows = append(many.Windows, rollcall.AffectedWindows{Name: "Windows " + b, Build: b, FixedBy: []string{"KB4012598"}})
	}
	many.Software = []rollcall.AffectedSoftware{{Product: "pkg:generic/samba", Vers: "vers:generic/<4.6.4"}}
	alert := &rollcall.Alert{Title: "Many products", Severity: rollcall.SeverityHigh, Summary: "Many.", Affected: many, Target: rollcall.Target{All: true}}
	if err := f.Svc.CreateAlert(ctx, f.actor("analyst"), alert); err != nil {
		t.Fatal(err)
	}
	few := &rollcall.Alert{Title: "One product", Severity: rollcall.SeverityHigh, Summary: "One.", Affected: ms17010, Target: rollcall.Target{All: true}}
	if err := f.Svc.CreateAlert(ctx, f.actor("analyst"), few); err != nil {
		t.Fatal(err)
	}
	analyst := f.browse("analyst")
	analyst.get(fmt.Sprintf("/alerts/%d", alert.ID)).wantStatus(http.StatusOK).
		wantContains(`<details class="nhsuk-details">`, `<span class="nhsuk-details__summary-text">1 software product and 6 Windows builds</span>`, "Windows 10.0.14393")
	analyst.get(fmt.Sprintf("/alerts/%d", few.ID)).wantStatus(http.StatusOK).
		wantContains("Windows 7 SP1 (build").wantLacks(`<details class="nhsuk-details">`)
}

// TestPageEndOfLifeLongList: the end-of-life page lists organisations a
// page at a time, and says how many there are.
func TestPageEndOfLifeLongList(t *testing.T) {
	t.Parallel()
	f, _ := longListsFixture(t)
	analyst := f.browse("analyst")
	inventoryLink := `<a href="/orgs/\d+/inventory">`
	res := analyst.get("/end-of-life").wantStatus(http.StatusOK).wantContains("Page 1 of 2 (60 in all)", `href="/end-of-life?page=2"`)
	if n := countMatches(res.Body, inventoryLink); n != 50 {
		t.Errorf("the first page lists %d organisations, want 50", n)
	}
	res = analyst.get("/end-of-life?page=2").wantStatus(http.StatusOK)
	if n := countMatches(res.Body, inventoryLink); n != 10 {
		t.Errorf("the second page lists %d organisations, want 10", n)
	}
}
