package server

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"rollcall"
	"rollcall/inventory"
	"rollcall/service"
)

// The library's test advisories: an OSV record for a Go package, a KEV
// entry known to be used by ransomware (a vendor and product, no
// versions), a CSAF advisory whose identifier holds a ':' and which names
// the Windows 7 build MS17-010 fixes, and one whose range Rollcall cannot
// read.
var (
	advOSV = &rollcall.Advisory{Source: "osv", SourceID: "GO-2022-0191", Aliases: []string{"CVE-2018-16875", "GHSA-ffff-gggg-hhhh"},
		Summary: "Denial of service in crypto/x509 chain verification", Details: "Verifying a crafted certificate chain takes excessive CPU.",
		Published:  time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC),
		Affected:   []rollcall.AffectedProduct{{PURL: "pkg:golang/stdlib", Ecosystem: "Go", Name: "stdlib", Vers: "vers:golang/<1.10.6"}},
		References: []string{"https://pkg.go.dev/vuln/GO-2022-0191"}}
	advKEV = &rollcall.Advisory{Source: "kev", SourceID: "CVE-2017-0144", Aliases: []string{"CVE-2017-0144"},
		Summary: "Microsoft Windows SMBv1 Remote Code Execution Vulnerability", Details: "The SMBv1 server allows remote code execution.",
		Facts: rollcall.AdvisoryFacts{Vendor: "Microsoft", Product: "Windows", KEV: &rollcall.KEVFacts{
			DateAdded: time.Date(2022, 2, 10, 0, 0, 0, 0, time.UTC), DueDate: time.Date(2022, 8, 10, 0, 0, 0, 0, time.UTC),
			RequiredAction: "Apply updates per vendor instructions.", KnownRansomware: "Known"}}}
	advCSAF = &rollcall.Advisory{Source: "csaf", SourceID: "RHSA-2022:0011", Aliases: []string{"CVE-2017-0143", "CVE-2017-0145"},
		Summary: "Windows SMB server flaws (MS17-010)", Details: "Critical flaws in the SMBv1 server.",
		Facts: rollcall.AdvisoryFacts{Vendor: "Microsoft", Product: "Windows 7", Severity: rollcall.SeverityHigh, Publisher: "Microsoft",
			CVSS:    &rollcall.CVSS{Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Version: "3.1", Score: 9.8, Rating: "Critical"},
			CWEs:    []string{"CWE-20"},
			Windows: []rollcall.AffectedWindows{{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212", "KB4012215"}}},
			Remediations: []rollcall.AdvisoryRemediation{{Category: "vendor_fix", Details: "Install the March 2017 security update.",
				URL: "https://support.microsoft.com/kb/4012212", Products: []string{"Windows 7 SP1"}}}},
		References: []string{"https://learn.microsoft.com/security-updates/securitybulletins/2017/ms17-010"}}
	advBadRange = &rollcall.Advisory{Source: "osv", SourceID: "PYSEC-2099-1", Summary: "A range Rollcall cannot read",
		Affected: []rollcall.AffectedProduct{{PURL: "pkg:pypi/example", Ecosystem: "PyPI", Name: "example", Vers: "vers:nosuch/<1"}}}
)

// importAdvisories puts the test advisories in the fixture's library.
func importAdvisories(t *testing.T, f *fixture) {
	t.Helper()
	var advs []*rollcall.Advisory
	for _, a := range []*rollcall.Advisory{advOSV, advKEV, advCSAF, advBadRange} {
		c := *a
		advs = append(advs, &c)
	}
	if _, err := f.Svc.ImportAdvisories(context.Background(), service.Operator(), advs); err != nil {
		t.Fatal(err)
	}
}

// apiAdvisoryPath is an advisory's API address.
func apiAdvisoryPath(source, id, suffix string) string {
	return "/api/v1/advisories/" + url.PathEscape(source) + "/" + url.PathEscape(id) + suffix
}

func TestAPIAdvisories(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	importAdvisories(t, f)

	// The list: every advisory, most recently changed first, paged.
	var list apiList[apiAdvisory]
	f.as("analyst").do("GET", "/api/v1/advisories", nil).want(200).into(&list)
	if list.Total != 4 || len(list.Items) != 4 || list.Limit != 100 {
		t.Fatalf("library: %d of %d (limit %d), want all 4", len(list.Items), list.Total, list.Limit)
	}
	f.as("auditor").do("GET", "/api/v1/advisories?limit=1&offset=1", nil).want(200).into(&list)
	if list.Total != 4 || len(list.Items) != 1 || list.Offset != 1 {
		t.Errorf("second page of one: %d of %d at %d", len(list.Items), list.Total, list.Offset)
	}
	// Filtered by source, and searched by a CVE alias.
	f.as("analyst").do("GET", "/api/v1/advisories?source=kev", nil).want(200).into(&list)
	if list.Total != 1 || list.Items[0].SourceID != "CVE-2017-0144" || list.Items[0].Facts.KEV == nil || !list.Items[0].Facts.KEV.RansomwareKnown {
		t.Errorf("KEV entries: %+v", list.Items)
	}
	f.as("analyst").do("GET", "/api/v1/advisories?q=CVE-2017-0145", nil).want(200).into(&list)
	if list.Total != 1 || list.Items[0].SourceID != "RHSA-2022:0011" {
		t.Errorf("search by CVE-2017-0145: %+v", list.Items)
	}
	f.as("analyst").do("GET", "/api/v1/advisories?q=x509", nil).want(200).into(&list)
	if list.Total != 1 || list.Items[0].SourceID != "GO-2022-0191" {
		t.Errorf("search by a word of the summary: %+v", list.Items)
	}

	// One advisory: the CSAF one, its identifier holding a ':'.
	var adv apiAdvisory
	f.as("analyst").do("GET", apiAdvisoryPath("csaf", "RHSA-2022:0011", ""), nil).want(200).into(&adv)
	fa := adv.Facts
	if adv.Source != "csaf" || adv.SourceID != "RHSA-2022:0011" || adv.Revision != 1 || fa.Severity != "high" || fa.CVSS == nil || fa.CVSS.Score != 9.8 ||
		len(fa.Windows) != 1 || !slices.Equal(fa.Windows[0].FixedBy, []string{"KB4012212", "KB4012215"}) ||
		len(fa.Remediations) != 1 || fa.Remediations[0].Category != "vendor_fix" || fa.KEV != nil || len(adv.Affected) != 0 {
		t.Errorf("CSAF advisory read back as %+v", adv)
	}
	f.as("auditor").do("GET", apiAdvisoryPath("kev", "CVE-2017-0144", ""), nil).want(200).into(&adv)
	if k := adv.Facts.KEV; k == nil || k.DueDate == nil || *k.DueDate != "2022-08-10" || k.KnownRansomware != "Known" || adv.Published != nil {
		t.Errorf("KEV entry read back as %+v", adv)
	}

	// Exposure: still loading, then matched once inventories are loaded.
	var ex apiAdvisoryExposure
	f.as("analyst").do("GET", apiAdvisoryPath("csaf", "RHSA-2022:0011", "/exposure"), nil).want(200).into(&ex)
	if ex.Loaded || !ex.Matchable || ex.ExposedHosts != 0 {
		t.Errorf("exposure before loading: %+v", ex)
	}
	if _, err := f.Svc.ImportInventory(context.Background(), f.actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(ntrustInventory), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.as("analyst").do("GET", apiAdvisoryPath("csaf", "RHSA-2022:0011", "/exposure"), nil).want(200).into(&ex)
	if !ex.Loaded || !ex.Matchable || ex.ExposedHosts != 1 || ex.Organisations != 1 || ex.Problem != nil || ex.SourceID != "RHSA-2022:0011" {
		t.Errorf("CSAF exposure: %+v, want 1 exposed host in 1 organisation", ex)
	}
	f.as("analyst").do("GET", apiAdvisoryPath("kev", "CVE-2017-0144", "/exposure"), nil).want(200).into(&ex)
	if !ex.Loaded || ex.Matchable || ex.ExposedHosts != 0 || ex.Problem != nil {
		t.Errorf("KEV exposure: %+v, want loaded and not matchable", ex)
	}
	f.as("analyst").do("GET", apiAdvisoryPath("osv", "PYSEC-2099-1", "/exposure"), nil).want(200).into(&ex)
	if !ex.Loaded || ex.Problem == nil || *ex.Problem == "" {
		t.Errorf("exposure of an unreadable range: %+v, want a problem", ex)
	}

	// A draft alert from it: the Alert shape, linked, targeting the exposed.
	res := f.as("analyst").do("POST", apiAdvisoryPath("csaf", "RHSA-2022:0011", "/alert"), nil).want(201)
	var a apiAlert
	res.into(&a)
	if a.Status != "draft" || !slices.Equal(a.CVEs, []string{"CVE-2017-0143", "CVE-2017-0145"}) || a.Severity != "high" ||
		!a.Target.Exposed || len(a.Affected.Windows) != 1 || res.Header.Get("Location") != fmt.Sprintf("/api/v1/alerts/%d", a.ID) {
		t.Errorf("draft: %+v (Location %q)", a, res.Header.Get("Location"))
	}
	stored, err := f.Svc.GetAlert(context.Background(), f.actor("analyst"), a.ID)
	if err != nil || stored.Advisory != "csaf:RHSA-2022:0011" {
		t.Errorf("the draft is not linked to its advisory: %v %+v", err, stored)
	}
	f.as("analyst").do("GET", fmt.Sprintf("/api/v1/alerts/%d", a.ID), nil).want(200)
}

func TestAPIAdvisoriesBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	importAdvisories(t, f)
	for _, tc := range []struct {
		name, method, path string
		status             int
		field              string
	}{
		{"unknown source", "GET", apiAdvisoryPath("nosuch", "CVE-2017-0144", ""), 404, ""},
		{"unknown identifier", "GET", apiAdvisoryPath("kev", "CVE-1999-0001", ""), 404, ""},
		{"identifier of another source", "GET", apiAdvisoryPath("osv", "CVE-2017-0144", ""), 404, ""},
		{"exposure of an unknown advisory", "GET", apiAdvisoryPath("csaf", "RHSA-2099:9999", "/exposure"), 404, ""},
		{"draft from an unknown advisory", "POST", apiAdvisoryPath("csaf", "RHSA-2099:9999", "/alert"), 404, ""},
		{"limit zero", "GET", "/api/v1/advisories?limit=0", 422, "limit"},
		{"limit too large", "GET", "/api/v1/advisories?limit=501", 422, "limit"},
		{"limit not a number", "GET", "/api/v1/advisories?limit=ten", 422, "limit"},
		{"negative offset", "GET", "/api/v1/advisories?offset=-1", 422, "offset"},
		{"unknown source filter", "GET", "/api/v1/advisories?source=nvd", 422, "source"},
		{"misspelt filter", "GET", "/api/v1/advisories?query=x", 422, "query"},
		{"query on one advisory", "GET", apiAdvisoryPath("kev", "CVE-2017-0144", "?x=1"), 422, "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.as("analyst").do(tc.method, tc.path, nil).want(tc.status)
			if e := res.apiError(); e.Field != tc.field {
				t.Errorf("field %q, want %q", e.Field, tc.field)
			}
		})
	}
}
