package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"rollcall"
	"rollcall/service"
)

func TestPageAdvisories(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	importAdvisories(t, f)
	c := f.browse("analyst")

	// The library lists every advisory, each linked to its page; the
	// identifier with a ':' reads back as one path segment.
	res := c.get("/advisories").wantStatus(http.StatusOK).
		wantContains("4 advisories", `href="/advisories/osv/GO-2022-0191"`, `href="/advisories/csaf/RHSA-2022:0011"`,
			"Denial of service in crypto/x509 chain verification", "CVE-2018-16875", "KEV catalogue", "10 August 2022",
			`<a class="nhsuk-header__navigation-link" href="/advisories" aria-current="page">`)
	// The KEV entry known to be used by ransomware is tagged, once.
	if n := strings.Count(res.Body, "Known ransomware use"); n != 1 {
		t.Errorf("the list tags %d advisories with known ransomware use, want 1", n)
	}

	// Search by a CVE alias: the CSAF advisory alone.
	c.get("/advisories?q=CVE-2017-0145").wantStatus(http.StatusOK).
		wantContains("1 advisory", `href="/advisories/csaf/RHSA-2022:0011"`, `value="CVE-2017-0145"`).
		wantLacks(`href="/advisories/osv/GO-2022-0191"`, `href="/advisories/kev/CVE-2017-0144"`)
	// By words of the summary, and by source.
	c.get("/advisories?q=x509").wantContains(`href="/advisories/osv/GO-2022-0191"`).wantLacks(`href="/advisories/csaf/`)
	c.get("/advisories?source=kev").wantContains("1 advisory", `href="/advisories/kev/CVE-2017-0144"`, `<option value="kev" selected>`).
		wantLacks(`href="/advisories/osv/`)
	c.get("/advisories?q=nothing-like-it").wantStatus(http.StatusOK).wantContains("No advisory matches")

	// Auditors read it too; the organisations and regions are refused, and
	// their navigation does not offer it.
	f.browse("auditor").get("/advisories").wantStatus(http.StatusOK).wantContains(`href="/advisories/kev/CVE-2017-0144"`)
	for _, who := range []string{"respN", "coordN", "leadN"} {
		r := f.browse(who).get("/advisories")
		if r.Status != http.StatusForbidden || strings.Contains(r.Body, "CVE-2017-0144") {
			t.Errorf("%s on the library: %d, want 403 without its contents", who, r.Status)
		}
		f.browse(who).get("/alerts").wantLacks(`href="/advisories"`)
	}
}

func TestPageAdvisoryPaging(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var advs []*rollcall.Advisory
	for i := range advisoriesPerPage + 5 {
		advs = append(advs, &rollcall.Advisory{Source: "osv", SourceID: fmt.Sprintf("GO-2099-%04d", i), Summary: "Paged advisory",
			Affected: []rollcall.AffectedProduct{{PURL: "pkg:golang/example.com/m", Vers: "vers:golang/<1.0.0"}}})
	}
	if _, err := f.Svc.ImportAdvisories(context.Background(), service.Operator(), advs); err != nil {
		t.Fatal(err)
	}
	c := f.browse("analyst")
	first := c.get("/advisories?source=osv").wantStatus(http.StatusOK).wantContains("Page 1 of 2 (30 in all)", `rel="next"`)
	if n := strings.Count(first.Body, `href="/advisories/osv/GO-2099-`); n != advisoriesPerPage {
		t.Errorf("page 1 lists %d advisories, want %d", n, advisoriesPerPage)
	}
	second := c.get("/advisories?source=osv&page=2").wantStatus(http.StatusOK).wantContains("Page 2 of 2")
	if n := strings.Count(second.Body, `href="/advisories/osv/GO-2099-`); n != 5 {
		t.Errorf("page 2 lists %d advisories, want 5", n)
	}
}

func TestPageAdvisory(t *testing.T) {
	t.Parallel()
	f, _ := exposureFixture(t, true)
	importAdvisories(t, f)
	c := f.browse("analyst")

	// The CSAF advisory: its facts, and NTRUST's one unpatched Windows 7
	// host exposed.
	c.get("/advisories/csaf/RHSA-2022:0011").wantStatus(http.StatusOK).
		wantContains(`<h1 class="rc-break">RHSA-2022:0011</h1>`, "Windows SMB server flaws (MS17-010)", "Critical flaws in the SMBv1 server.",
			"CVE-2017-0143", "CVE-2017-0145", "Microsoft Windows 7", "9.8 Critical", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-20",
			"Windows 7 SP1", "6.1.7601", "KB4012212", "KB4012215", "Vendor fix", "Install the March 2017 security update.",
			`href="https://support.microsoft.com/kb/4012212"`, `href="https://learn.microsoft.com/security-updates/securitybulletins/2017/ms17-010"`,
			`<span class="rc-figure__number">1</span><span class="rc-figure__label">exposed host</span>`,
			`<span class="rc-figure__number">1</span><span class="rc-figure__label">organisation with such a host</span>`,
			`<form action="/advisories/csaf/RHSA-2022:0011/alert" method="post"`, "Make a draft alert")

	// The OSV record's affected package and range.
	c.get("/advisories/osv/GO-2022-0191").wantStatus(http.StatusOK).
		wantContains("pkg:golang/stdlib", "vers:golang/&lt;1.10.6", "GHSA-ffff-gggg-hhhh",
			`<span class="rc-figure__number">0</span><span class="rc-figure__label">exposed hosts</span>`)

	// The KEV entry names no versions: a plain sentence, and its own facts.
	c.get("/advisories/kev/CVE-2017-0144").wantStatus(http.StatusOK).
		wantContains("names a vendor and product but no versions, so Rollcall cannot check inventories against it",
			"Known Exploited Vulnerabilities catalogue", "10 February 2022", "10 August 2022", "Apply updates per vendor instructions.",
			"Known ransomware use").
		wantLacks("rc-figure__number")

	// A range Rollcall cannot read: the problem, not a count of none.
	c.get("/advisories/osv/PYSEC-2099-1").wantStatus(http.StatusOK).
		wantContains("Rollcall cannot check inventories against this advisory", "vers:nosuch/&lt;1").wantLacks("rc-figure__number")

	// The auditor reads it, without the button.
	f.browse("auditor").get("/advisories/csaf/RHSA-2022:0011").wantStatus(http.StatusOK).
		wantContains("RHSA-2022:0011").wantLacks("Make a draft alert")
	// Unknown advisories are not found; others may not look.
	for _, p := range []string{"/advisories/csaf/RHSA-2099:0001", "/advisories/nosuch/RHSA-2022:0011", "/advisories/osv/RHSA-2022:0011"} {
		c.get(p).wantStatus(http.StatusNotFound)
	}
	f.browse("respN").get("/advisories/csaf/RHSA-2022:0011").wantStatus(http.StatusForbidden).wantLacks("SMBv1")
}

func TestPageAdvisoryExposureLoading(t *testing.T) {
	t.Parallel()
	f, _ := exposureFixture(t, false)
	importAdvisories(t, f)
	f.browse("analyst").get("/advisories/csaf/RHSA-2022:0011").wantStatus(http.StatusOK).
		wantContains("Exposure is still loading", "Make a draft alert")
}

// TestPageAdvisoryEscaping: an identifier with characters that mean
// something in a path or a query is escaped in links and read back whole.
func TestPageAdvisoryEscaping(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := "cisco-sa/2022 #1?x"
	adv := &rollcall.Advisory{Source: "csaf", SourceID: id, Summary: "An awkward identifier",
		Facts: rollcall.AdvisoryFacts{Vendor: "Cisco", Product: "IOS"}}
	if _, err := f.Svc.ImportAdvisories(context.Background(), service.Operator(), []*rollcall.Advisory{adv}); err != nil {
		t.Fatal(err)
	}
	c := f.browse("analyst")
	escaped := "/advisories/csaf/" + url.PathEscape(id)
	c.get("/advisories?q=awkward").wantContains(`href="` + escaped + `"`)
	c.get(escaped).wantStatus(http.StatusOK).wantContains("cisco-sa/2022 #1?x", `action="`+escaped+`/alert"`)
	res := c.post(escaped+"/alert", nil).wantRedirect("/alerts/")
	c.get(res.Location).wantStatus(http.StatusOK).wantContains("made from advisory cisco-sa/2022 #1?x")
}

func TestPageDraftFromAdvisory(t *testing.T) {
	t.Parallel()
	f, _ := exposureFixture(t, true)
	importAdvisories(t, f)
	c := f.browse("analyst")
	const path = "/advisories/csaf/RHSA-2022:0011"

	// Refused to the auditor, and to a form sent from another site.
	f.browse("auditor").post(path+"/alert", nil).wantStatus(http.StatusForbidden)
	f.browse("respN").post(path+"/alert", nil).wantStatus(http.StatusForbidden)
	c.postFrom("cross-site", path+"/alert", nil).wantStatus(http.StatusForbidden)
	c.post("/advisories/csaf/RHSA-2099:0001/alert", nil).wantStatus(http.StatusNotFound)

	// The analyst is sent to change the draft, which carries the CVEs.
	res := c.post(path+"/alert", nil).wantRedirect("/alerts/")
	if !strings.HasSuffix(res.Location, "/edit") {
		t.Fatalf("after making the draft, sent to %q, want its edit page", res.Location)
	}
	c.get(res.Location).wantStatus(http.StatusOK).
		wantContains("made from advisory RHSA-2022:0011", "Check it, then publish it.", "CVE-2017-0143", "CVE-2017-0145", "Windows SMB server flaws (MS17-010)")
	alertPage := strings.TrimSuffix(res.Location, "/edit")
	// Its page says where it came from, and links back.
	c.get(alertPage).wantStatus(http.StatusOK).
		wantContains(`Made from advisory <a class="rc-break" href="`+path+`">RHSA-2022:0011 (CSAF)</a>`, "Organisations whose inventory shows them exposed")
	f.browse("auditor").get(alertPage).wantContains("Made from advisory")
	c.get(alertPage).wantLacks("Changed since")
	// The advisory says it has been made into an alert already.
	c.get(path).wantContains("Already made into an alert", `href="`+alertPage+`"`)
	// A feed brings a new revision of the advisory: the alert says so.
	f.Clock.Advance(time.Hour)
	changed := *advCSAF
	changed.Summary += " (revised by Red Hat)"
	if _, err := f.Svc.ImportAdvisories(context.Background(), service.Operator(), []*rollcall.Advisory{&changed}); err != nil {
		t.Fatal(err)
	}
	c.get(alertPage).wantContains("Changed since", "revision 2")
	// A draft from the KEV entry, which names no versions, is for everyone.
	res = c.post("/advisories/kev/CVE-2017-0144/alert", nil).wantRedirect("/alerts/")
	c.get(strings.TrimSuffix(res.Location, "/edit")).wantContains("Every organisation", `href="/advisories/kev/CVE-2017-0144"`)
}
