package csafimport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rollcall"
	"rollcall/csafmodel"
	"rollcall/feed"
)

func TestParseBase(t *testing.T) {
	a, st, err := Parse([]byte(baseDoc))
	if err != nil {
		t.Fatal(err)
	}
	want := rollcall.AffectedProduct{PURL: "pkg:npm/widget", Ecosystem: "npm", Name: "Widget", Vers: "vers:npm/<1.2.5"}
	if len(a.Affected) != 1 || a.Affected[0] != want {
		t.Errorf("affected %+v, want %+v", a.Affected, want)
	}
	if a.SourceID != "EX-2024-0001" || a.Source != "csaf" || a.Summary != "Widget: remote code execution" ||
		a.Details != "Widget runs what it is sent." || !slices.Equal(a.Aliases, []string{"CVE-2024-0001"}) ||
		a.Published.Format("2006-01-02") != "2024-01-01" || a.Modified.Format("2006-01-02") != "2024-02-01" {
		t.Errorf("advisory %+v", a)
	}
	f := a.Facts
	if f.Publisher != "Example Ltd" || f.Severity != rollcall.SeverityHigh || f.CVSS == nil || f.CVSS.Score != 9.8 ||
		!slices.Equal(f.CWEs, []string{"CWE-94"}) || len(f.Remediations) != 1 ||
		!slices.Equal(f.Remediations[0].Products, []string{"Widget 1.2.3", "Widget 1.2.4"}) || st.SkippedProducts != 0 {
		t.Errorf("facts %+v, stats %+v", f, st)
	}
}

func TestRanges(t *testing.T) {
	const status = "/vulnerabilities/0/product_status"
	for _, c := range []struct {
		name  string
		edits []edit
		want  string
	}{
		{"affected below the fix", nil, "vers:npm/<1.2.5"},
		{"first affected", []edit{set(status, jsonValue(t, `{"first_affected": ["CSAFPID-1"], "known_affected": ["CSAFPID-2"], "fixed": ["CSAFPID-3"]}`))}, "vers:npm/>=1.2.3|<1.2.5"},
		{"a not affected version below the fix: exact versions", []edit{set(status, jsonValue(t, `{"known_affected": ["CSAFPID-2"], "known_not_affected": ["CSAFPID-1"], "fixed": ["CSAFPID-3"]}`))}, "vers:npm/1.2.4"},
		{"affected above the fix: exact versions", []edit{set(status, jsonValue(t, `{"known_affected": ["CSAFPID-1", "CSAFPID-3"], "fixed": ["CSAFPID-2"]}`))}, "vers:npm/1.2.3|1.2.5"},
		{"last affected", []edit{set(status, jsonValue(t, `{"known_affected": ["CSAFPID-1"], "last_affected": ["CSAFPID-2"]}`))}, "vers:npm/<=1.2.4"},
		{"no fix", []edit{set(status, jsonValue(t, `{"known_affected": ["CSAFPID-1", "CSAFPID-2"]}`))}, "vers:npm/1.2.3|1.2.4"},
		{"first affected, no fix yet: that version and later", []edit{set(status, jsonValue(t, `{"first_affected": ["CSAFPID-1"]}`))}, "vers:npm/>=1.2.3"},
		{"first affected, a later one not affected: exact", []edit{set(status, jsonValue(t, `{"first_affected": ["CSAFPID-1"], "known_not_affected": ["CSAFPID-3"]}`))}, "vers:npm/1.2.3"},
		{"a vers range branch", []edit{
			set("/product_tree/branches/0/branches/0/branches/0", jsonValue(t, `{"category": "product_version_range", "name": "vers:npm/>=1.0.0|<1.2.5", "product": {"name": "Widget before 1.2.5", "product_id": "CSAFPID-1", "product_identification_helper": {"purl": "pkg:npm/widget"}}}`)),
			set(status, jsonValue(t, `{"known_affected": ["CSAFPID-1"], "fixed": ["CSAFPID-3"]}`))}, "vers:npm/>=1.0.0|<1.2.5"},
		{"version range spaced out by hand", []edit{
			set("/product_tree/branches/0/branches/0/branches/0", jsonValue(t, `{"category": "product_version_range", "name": "vers:npm/>= 1.0.0 | < 1.2.5", "product": {"name": "Widget before 1.2.5", "product_id": "CSAFPID-1", "product_identification_helper": {"purl": "pkg:npm/widget"}}}`)),
			set(status, jsonValue(t, `{"known_affected": ["CSAFPID-1"], "fixed": ["CSAFPID-3"]}`))}, "vers:npm/>=1.0.0|<1.2.5"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _, err := Parse(docWith(t, c.edits...))
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Affected) != 1 || a.Affected[0].Vers != c.want {
				t.Errorf("affected %+v, want %s", a.Affected, c.want)
			}
		})
	}
}

func TestWindows(t *testing.T) {
	tree := `{"full_product_names": [
		{"name": "Windows 7 for x64-based Systems Service Pack 1", "product_id": "W7"},
		{"name": "Windows 10 Version 1607 for 32-bit Systems", "product_id": "W10"},
		{"name": "Windows Server 2016 (Server Core installation)", "product_id": "S16"},
		{"name": "Contoso Widget 3", "product_id": "CW"}]}`
	vuln := `[{"cve": "CVE-2017-0144", "product_status": {"known_affected": ["W7", "W10", "S16", "CW"]},
		"remediations": [
		 {"category": "vendor_fix", "details": "Monthly Rollup", "url": "https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB4012215", "product_ids": ["W7"]},
		 {"category": "vendor_fix", "details": "Security Update KB4013429", "product_ids": ["W10", "S16", "CW"]}]}]`
	a, st, err := Parse(docWith(t, set("/product_tree", jsonValue(t, tree)), set("/vulnerabilities", jsonValue(t, vuln))))
	if err != nil {
		t.Fatal(err)
	}
	want := []rollcall.AffectedWindows{
		{Name: "Windows 7 for x64-based Systems Service Pack 1", Build: "6.1.7601", FixedBy: []string{"KB4012215"}},
		{Name: "Windows 10 Version 1607 for 32-bit Systems", Build: "10.0.14393", FixedBy: []string{"KB4013429"}},
		{Name: "Windows Server 2016 (Server Core installation)", Build: "10.0.14393", FixedBy: []string{"KB4013429"}},
	}
	if !slices.EqualFunc(a.Facts.Windows, want, func(x, y rollcall.AffectedWindows) bool {
		return x.Name == y.Name && x.Build == y.Build && slices.Equal(x.FixedBy, y.FixedBy)
	}) {
		t.Errorf("windows %+v\nwant %+v", a.Facts.Windows, want)
	}
	if st.SkippedProducts != 1 || a.Facts.Product != "Contoso Widget 3" {
		t.Errorf("skipped %d, product %q; want 1, Contoso Widget 3", st.SkippedProducts, a.Facts.Product)
	}
}

// TestThreeFaults: a document broken in three ways is refused with all
// three, each with its path.
func TestThreeFaults(t *testing.T) {
	data := docWith(t,
		set("/vulnerabilities/0/product_status/fixed/-", "CSAFPID-9"), // 6.1.1
		set("/vulnerabilities/0/scores/0/cvss_v3/baseScore", 5.0),     // 6.1.9
		set("/document/tracking/revision_history/1/number", "1"),      // 6.1.22 (and 6.1.16)
	)
	_, _, err := Parse(data)
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("error %v, want an *InvalidError", err)
	}
	var got []string
	for _, f := range inv.Faults {
		got = append(got, f.String())
	}
	for _, want := range []string{
		"/vulnerabilities/0/product_status/fixed/1: CSAF-6.1.1 missing definition of product id CSAFPID-9",
		"/vulnerabilities/0/scores/0/cvss_v3/baseScore: CSAF-6.1.9 invalid CVSS computation",
		"/document/tracking/revision_history/1/number: CSAF-6.1.22 multiple definition in revision history",
	} {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
			t.Errorf("faults %q\nlack %q", got, want)
		}
	}
}

func TestSchemaFaults(t *testing.T) {
	_, _, err := Parse(docWith(t, del("/document/title"), set("/vulnerabilities/0/cve", "CVE-24")))
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("error %v, want an *InvalidError", err)
	}
	var paths []string
	for _, f := range inv.Faults {
		if f.Test == "schema" {
			paths = append(paths, f.Path)
		}
	}
	if !slices.Contains(paths, "/document") || !slices.Contains(paths, "/vulnerabilities/0/cve") {
		t.Errorf("schema faults %v, want /document (title missing) and /vulnerabilities/0/cve", inv.Faults)
	}
	for _, bad := range []string{``, `{`, `[]`, `{"document": 1}`, `{} {}`} {
		if _, _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestRealDocuments: the five real advisories validate and map.
func TestRealDocuments(t *testing.T) {
	got := map[string]*rollcall.Advisory{}
	skipped := map[string]int{}
	for name, data := range realFiles(t) {
		a, st, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got[name], skipped[name] = a, st.SkippedProducts
	}
	if a := got["bsi-2022-0001.json"]; a != nil {
		want := rollcall.AffectedProduct{PURL: "cpe:/a:csaf-tools:cvrf-csaf-converter", Ecosystem: "CPE", Name: "CVRF-CSAF-Converter", Vers: "vers:generic/<1.0.0-rc2"}
		if a.SourceID != "BSI-2022-0001" || len(a.Affected) != 1 || a.Affected[0] != want || a.Facts.Severity != rollcall.SeverityMedium ||
			a.Facts.CVSS == nil || a.Facts.CVSS.Score != 6.1 || !slices.Equal(a.Aliases, []string{"CVE-2022-27193"}) {
			t.Errorf("BSI: %+v", a)
		}
	}
	if a := got["cisco-sa-20180328-smi2.json"]; a != nil {
		if a.Facts.CVSS == nil || a.Facts.CVSS.Vector != "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" || a.Facts.CVSS.Score != 9.8 ||
			a.Facts.Severity != rollcall.SeverityHigh || a.Facts.Vendor != "Cisco" || !strings.Contains(a.Facts.Product, "IOS") ||
			len(a.Affected) != 0 || skipped["cisco-sa-20180328-smi2.json"] != 259 {
			t.Errorf("Cisco: %+v, skipped %d", a, skipped["cisco-sa-20180328-smi2.json"])
		}
	}
	if a := got["rhsa-2022_0011.json"]; a != nil {
		want := rollcall.AffectedProduct{PURL: "pkg:rpm/redhat/telnet-server", Ecosystem: "Red Hat", Name: "telnet-server", Vers: "vers:rpm/<1:0.17-65.el7_6"}
		if !slices.Contains(a.Affected, want) || len(a.Affected) != 3 || !slices.Equal(a.Aliases, []string{"CVE-2020-10188"}) ||
			a.Facts.Severity != rollcall.SeverityHigh || !slices.Equal(a.Facts.CWEs, []string{"CWE-119"}) {
			t.Errorf("RHSA-2022:0011: %+v", a)
		}
	}
	if a := got["rhsa-2021_5186.json"]; a != nil {
		if !slices.Equal(a.Aliases, []string{"CVE-2021-4104", "CVE-2021-4125"}) || a.Facts.Severity != rollcall.SeverityHigh || a.Facts.Vendor != "Red Hat" {
			t.Errorf("RHSA-2021:5186: %+v", a)
		}
	}
	if a := got["rhsa-2019_1862.json"]; a != nil {
		if a.Facts.Severity != rollcall.SeverityLow || a.Facts.Product != "Red Hat OpenShift Enterprise" || len(a.Aliases) != 0 {
			t.Errorf("RHSA-2019:1862: %+v", a)
		}
	}
}

func TestReadFolderAndURL(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.json", []byte(baseDoc))
	write("sub/other.json", docWith(t, set("/document/tracking/id", "EX-2024-0002")))
	write("sub/bad.json", docWith(t, set("/vulnerabilities/0/product_status/fixed/-", "CSAFPID-9")))
	write("notes.txt", []byte("not read"))
	ctx := context.Background()
	b, err := Read(ctx, &feed.Client{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Documents != 3 || len(b.Advisories) != 2 || len(b.Refused) != 1 || b.Refused[0].Name != filepath.Join("sub", "bad.json") {
		t.Fatalf("batch %+v", b)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(baseDoc)) }))
	defer srv.Close()
	b, err = Read(ctx, &feed.Client{HTTP: srv.Client()}, srv.URL+"/ex-2024-0001.json")
	if err != nil || len(b.Advisories) != 1 || b.Advisories[0].SourceID != "EX-2024-0001" {
		t.Fatalf("URL: %+v %v", b, err)
	}
	if _, err := Read(ctx, &feed.Client{}, filepath.Join(dir, "none.json")); err == nil {
		t.Error("a missing path was read")
	}
}

// A Windows product named with its build in brackets, fixed by a later
// build revision alone, maps to a Windows build with that revision.
func TestWindowsFixedRevision(t *testing.T) {
	rem := csafmodel.Remediation{Category: "vendor_fix", Details: "Build 10.0.14393.953 and later are fixed.", ProductIDs: []string{"P1"}}
	d := &csafmodel.Document{Vulnerabilities: []csafmodel.Vulnerability{{Remediations: []csafmodel.Remediation{rem}}}}
	prods := map[string]*productInfo{"P1": {name: "Windows Server 2016 Datacenter (10.0.14393)"}}
	got, mapped := mapWindows(d, prods)
	if len(got) != 1 || got[0].Build != "10.0.14393" || got[0].FixedRevision != 953 || len(got[0].FixedBy) != 0 || !mapped["P1"] {
		t.Errorf("mapped %+v (%v)", got, mapped)
	}
}

// TestNothingToMatch: a valid document that names no product Rollcall can
// match — no product tree at all, or products with neither package URL,
// CPE nor name to show — is kept, with nothing to match.
func TestNothingToMatch(t *testing.T) {
	for _, c := range []struct {
		name  string
		edits []edit
	}{
		{"no product tree, no vulnerabilities", []edit{del("/product_tree"), del("/vulnerabilities")}},
		{"no product tree, a vulnerability without products", []edit{del("/product_tree"), set("/vulnerabilities", jsonValue(t, `[{"cve": "CVE-2024-0001"}]`))}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, st, err := Parse(docWith(t, c.edits...))
			if err != nil {
				t.Fatalf("a valid document is refused: %v", err)
			}
			if a.SourceID != "EX-2024-0001" || len(a.Affected) != 0 || len(a.Facts.Windows) != 0 || a.Facts.Vendor != "" || a.Facts.Product != "" || st.SkippedProducts != 0 {
				t.Errorf("advisory %+v, stats %+v: want one with nothing to match", a, st)
			}
		})
	}
}
