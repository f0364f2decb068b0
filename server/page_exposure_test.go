package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
	"rollcall/service"
)

// ms17010 is the WannaCry alert as the matcher reads it: Windows 7 SP1
// without either of its fixing updates is exposed.
var ms17010 = rollcall.Affected{Windows: []rollcall.AffectedWindows{
	{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212", "KB4012215"}},
}}

// Inventories: NTRUST has one Windows 7 host without the fix (WS-001) and
// one with it; STRUST runs Windows 11 only.
const (
	ntrustInventory = "host,os_name,os_version,os_build,updates,software_name,software_version\n" +
		"WS-001,Microsoft Windows 7 Professional,6.1,7601,KB3000483,Firefox,115.0\n" +
		"WS-002,Microsoft Windows 7 Professional,6.1,7601,KB4012212,Firefox,115.0\n"
	strustInventory = "host,os_name,os_version,os_build,updates,software_name,software_version\n" +
		"SP-001,Microsoft Windows 11 Enterprise,10.0,22631,,Firefox,128.0\n"
)

// exposureFixture is the fixture with MS17-010 published to everyone as a
// structured alert, both trusts' inventories sent and, when load is set,
// the exposure matcher loaded. NTRUST has answered Patched.
func exposureFixture(t *testing.T, load bool) (*fixture, *rollcall.Alert) {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	send := func(user, org, csv string) {
		t.Helper()
		if _, err := f.Svc.ImportInventory(ctx, f.actor(user), f.Orgs[org].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	send("respN", "NTRUST", ntrustInventory)
	send("respS", "STRUST", strustInventory)
	if load {
		if _, err := f.Svc.LoadExposure(ctx); err != nil {
			t.Fatal(err)
		}
	}
	alert := &rollcall.Alert{Title: "WannaCry: SMBv1 (MS17-010), structured", Severity: rollcall.SeverityHigh,
		Summary: "Windows SMBv1 remote code execution.", Affected: ms17010, Target: rollcall.Target{All: true}}
	if err := f.Svc.CreateAlert(ctx, f.actor("analyst"), alert); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, f.actor("analyst"), alert.ID); err != nil {
		t.Fatal(err)
	}
	_, err := f.Svc.Answer(ctx, f.actor("respN"), service.AnswerRequest{AlertID: alert.ID, OrgIDs: []int64{f.Orgs["NTRUST"].ID},
		Answer: rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "All patched."}})
	if err != nil {
		t.Fatal(err)
	}
	return f, alert
}

// rowCells returns the text of the table cells of the row whose header
// holds label, up to the end of that row.
func rowCells(body, label string) []string {
	i := strings.Index(body, label)
	if i < 0 {
		return nil
	}
	end := strings.Index(body[i:], "</tr>")
	if end < 0 {
		return nil
	}
	var out []string
	for _, m := range regexp.MustCompile(`<td class="nhsuk-table__cell[^"]*">([^<]*)`).FindAllStringSubmatch(body[i:i+end], -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

func TestPageAlertExposure(t *testing.T) {
	t.Parallel()
	f, alert := exposureFixture(t, true)
	path := fmt.Sprintf("/alerts/%d", alert.ID)
	orgPage := fmt.Sprintf("/alerts/%d/orgs/%d/exposure", alert.ID, f.Orgs["NTRUST"].ID)

	res := f.browse("analyst").get(path).wantStatus(http.StatusOK).
		wantContains(`<h2 id="exposure">Exposure</h2>`, `href="`+orgPage+`"`, "Discrepancy", "Windows 7 SP1 (build",
			`<span class="rc-figure__number">1</span><span class="rc-figure__label">exposed host</span>`,
			`<span class="rc-figure__number">1</span><span class="rc-figure__label">organisation exposed</span>`)
	// NTRUST's row: 1 exposed host, none unknown, fresh, says Patched,
	// shows Exposed.
	cells := rowCells(res.Body, "Northtown Hospitals NHS Trust</a>")
	if len(cells) < 5 || cells[0] != "1" || cells[1] != "0" || !strings.HasPrefix(cells[2], "Fresh") || cells[3] != "Patched" || cells[4] != "Exposed" {
		t.Errorf("NTRUST exposure row is %q", cells)
	}
	// STRUST runs Windows 11: counted in the roll call, not listed here.
	res.wantLacks("Southport Hospitals NHS Trust</a>")

	// The North's coordinator sees the North only.
	f.browse("coordN").get(path).wantStatus(http.StatusOK).wantContains(`href="` + orgPage + `"`).wantLacks("Southport Hospitals NHS Trust</a>")
	// The trust's own people are sent to their own page, not the table.
	f.browse("respN").get(path).wantStatus(http.StatusOK).wantContains(`href="`+orgPage+`"`, "Which hosts of Northtown Hospitals NHS Trust are exposed").
		wantLacks(`<h2 id="exposure">`)

	// An alert that names nothing structured says so.
	f.browse("analyst").get(fmt.Sprintf("/alerts/%d", f.Alerts["high"].ID)).
		wantContains("This alert names no affected software or Windows builds, so Rollcall cannot check inventories against it")
}

func TestPageExposureStillLoading(t *testing.T) {
	t.Parallel()
	f, alert := exposureFixture(t, false)
	f.browse("analyst").get(fmt.Sprintf("/alerts/%d", alert.ID)).wantStatus(http.StatusOK).wantContains("Exposure is still loading")
	f.browse("respN").get(fmt.Sprintf("/alerts/%d/orgs/%d/exposure", alert.ID, f.Orgs["NTRUST"].ID)).wantStatus(http.StatusOK).wantContains("Exposure is still loading")
	f.browse("analyst").get(fmt.Sprintf("/alerts/%d/rollcall", alert.ID)).wantStatus(http.StatusOK).wantContains("Exposure is still loading")
	f.browse("analyst").get("/end-of-life").wantStatus(http.StatusOK).wantContains("Exposure is still loading")
}

func TestPageOrgExposure(t *testing.T) {
	t.Parallel()
	f, alert := exposureFixture(t, true)
	path := fmt.Sprintf("/alerts/%d/orgs/%d/exposure", alert.ID, f.Orgs["NTRUST"].ID)

	res := f.browse("respN").get(path).wantStatus(http.StatusOK).
		wantContains("WS-001", "Microsoft Windows 7 Professional", "KB4012212", "has none of the updates that fix it",
			"You answered Patched, but your inventory sent on "+formatDate(fixtureStart)+" shows 1 host still exposed")
	if strings.Contains(res.Body, "WS-002") {
		t.Errorf("the patched host WS-002 is listed as exposed")
	}
	// The centre reads the same, in the third person; so does the lead.
	f.browse("analyst").get(path).wantStatus(http.StatusOK).
		wantContains("Northtown Hospitals NHS Trust answered Patched, but its inventory sent on", "WS-001")
	f.browse("leadN").get(path).wantStatus(http.StatusOK).wantContains("WS-001")
	// Anyone else: not found, as if it did not exist.
	for _, who := range []string{"respS", "coordS", "leadS", "respSU"} {
		if r := f.browse(who).get(path); r.Status != http.StatusNotFound || strings.Contains(r.Body, "WS-001") {
			t.Errorf("%s on NTRUST's exposure: %d, want 404", who, r.Status)
		}
	}
	// STRUST, not exposed and not claiming anything: no discrepancy.
	f.browse("respS").get(fmt.Sprintf("/alerts/%d/orgs/%d/exposure", alert.ID, f.Orgs["STRUST"].ID)).wantStatus(http.StatusOK).
		wantContains("No host in your inventory is exposed", "Not exposed").wantLacks("Discrepancy")
	// The answer page warns and links to the hosts.
	f.browse("respN").get(fmt.Sprintf("/alerts/%d/orgs/%d", alert.ID, f.Orgs["NTRUST"].ID)).wantStatus(http.StatusOK).
		wantContains("The inventory disagrees", `href="`+path+`"`)
}

func TestPageRollCallSaidAndSeen(t *testing.T) {
	t.Parallel()
	f, alert := exposureFixture(t, true)
	res := f.browse("analyst").get(fmt.Sprintf("/alerts/%d/rollcall", alert.ID)).wantStatus(http.StatusOK).
		wantContains("Self-reported and observed", "1 discrepancy")
	for label, want := range map[string]string{
		"Safe (patched or not applicable)</th>": "1", "Nothing yet, or in progress</th>": "5",
		"Not exposed</th>": "1", "Exposed</th>": "1", "No inventory</th>": "4", "Inventory stale</th>": "0",
	} {
		if got := rowCells(res.Body, label); len(got) != 1 || got[0] != want {
			t.Errorf("%s shows %q, want %s", label, got, want)
		}
	}
	// Per region: North reached 5, one says safe, one exposed, 4 without
	// inventory, one discrepancy; South reached 1, clear.
	if got := strings.Join(rowCells(res.Body, `<th class="nhsuk-table__header" scope="row">North</th>`), " "); got != "5 1 0 0 0 1 0 0 4 1" {
		t.Errorf("North row is %q", got)
	}
	if got := strings.Join(rowCells(res.Body, `<th class="nhsuk-table__header" scope="row">South</th>`), " "); got != "1 0 0 0 1 0 0 0 0 0" {
		t.Errorf("South row is %q", got)
	}
}

func TestPageEndOfLife(t *testing.T) {
	t.Parallel()
	f, _ := exposureFixture(t, true)
	res := f.browse("analyst").get("/end-of-life").wantStatus(http.StatusOK).
		wantContains("Windows 7 / Server 2008 R2", "Northtown Hospitals NHS Trust", "Southport Hospitals NHS Trust", `<option value="`)
	// The Windows 7 rule: 2 hosts in 1 organisation.
	if got := rowCells(res.Body, `scope="row">Windows 7 / Server 2008 R2</th>`); len(got) < 3 || got[1] != "2" || got[2] != "1" {
		t.Errorf("Windows 7 row is %q, want 2 hosts in 1 organisation", got)
	}
	if !strings.Contains(res.Body, `<span class="rc-figure__number">2</span><span class="rc-figure__label">end-of-life hosts</span>`) {
		t.Errorf("the headline does not count 2 end-of-life hosts")
	}
	// One region at a time.
	f.browse("analyst").get(fmt.Sprintf("/end-of-life?region=%d", f.Regions["S"].ID)).wantStatus(http.StatusOK).
		wantContains("Southport Hospitals NHS Trust").wantLacks("Northtown Hospitals NHS Trust")
	// A trust sees itself only; the nav offers the page.
	f.browse("respS").get("/end-of-life").wantStatus(http.StatusOK).
		wantContains("Southport Hospitals NHS Trust", `href="/end-of-life"`).wantLacks("Northtown Hospitals NHS Trust", `<option value="`)
}

func TestPageAlertFormAffected(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.browse("analyst")
	form := func(software, windows string) url.Values {
		return url.Values{"title": {"Lodash prototype pollution"}, "severity": {"medium"}, "summary": {"Prototype pollution."},
			"target": {"all"}, "affected_software": {software}, "affected_windows": {windows}}
	}
	// The service refuses the vers range of the entry typed on line 3
	// (after a blank line): the error names line 3 and the form keeps it.
	bad := "pkg:npm/lodash vers:npm/<4.17.21\n\npkg:npm/minimist vers:nosuch/<1.2.6"
	c.post("/alerts", form(bad, "")).wantStatus(http.StatusUnprocessableEntity).
		wantFieldError("affected_software", "Affected software, line 3:").
		wantContains("pkg:npm/minimist vers:nosuch/&lt;1.2.6", "Lodash prototype pollution")
	// A Windows line the form cannot read names its line too.
	c.post("/alerts", form("", "Windows 7 SP1 | 6.1.7601 | | KB4012212\nWindows 10 1607 | 10.0.14393 | soon |")).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("affected_windows", "Affected Windows builds, line 2:").
		wantContains("Windows 10 1607 | 10.0.14393 | soon |")
	c.post("/alerts", form("", "Windows 7 SP1 | 6.1 | | KB4012212")).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("affected_windows", "Affected Windows builds, line 1:")
	c.post("/alerts", form("pkg:npm/lodash", "")).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("affected_software", "Affected software, line 1:")

	// Fixed, it saves; the alert page and the edit form show it back.
	res := c.post("/alerts", form("pkg:npm/lodash vers:npm/<4.17.21", "Windows 7 SP1 | 6.1.7601 | | KB4012212, KB4012215\nWindows 10 1607 | 10.0.14393 | 953 |")).wantRedirect("/alerts/")
	c.get(res.Location).wantContains("pkg:npm/lodash", "vers:npm/&lt;4.17.21", "Windows 7 SP1 (build", "KB4012215", "fixed from revision 953")
	c.get(res.Location+"/edit").wantContains("pkg:npm/lodash vers:npm/&lt;4.17.21", "Windows 7 SP1 | 6.1.7601 |  | KB4012212 KB4012215", "Windows 10 1607 | 10.0.14393 | 953 | ")

	// An exposed target needs something to match.
	noMatch := form("", "")
	noMatch.Set("target", "exposed")
	c.post("/alerts", noMatch).wantStatus(http.StatusUnprocessableEntity).wantFieldError("target", "affected software or Windows builds")
}

func TestPageAlertTargetExposed(t *testing.T) {
	t.Parallel()
	f, _ := exposureFixture(t, true)
	c := f.browse("analyst")
	res := c.post("/alerts", url.Values{"title": {"MS17-010 to the exposed"}, "severity": {"high"}, "summary": {"SMBv1."},
		"target": {"exposed"}, "affected_windows": {"Windows 7 SP1 | 6.1.7601 | | KB4012212 KB4012215"}}).wantRedirect("/alerts/")
	alertPath := res.Location
	c.get(alertPath + "/edit").wantContains(`value="exposed" checked`)
	c.post(alertPath+"/publish", nil).wantRedirect(alertPath)
	c.get(alertPath).wantContains("Alert published to 1 organisation.", "Organisations whose inventory shows them exposed (it reached 1 organisation)")
	// NTRUST has it; STRUST (Windows 11) and the others do not.
	f.browse("respN").get(alertPath).wantStatus(http.StatusOK)
	for _, who := range []string{"respS", "respSU"} {
		f.browse(who).get(alertPath).wantStatus(http.StatusNotFound)
	}
}
