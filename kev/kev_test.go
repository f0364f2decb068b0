package kev_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"rollcall"
	"rollcall/kev"
)

// catalogueFile is CISA's catalogue of 2025-08-25 (version 2025.08.25,
// 1,404 entries), compressed.
const catalogueFile = "testdata/known_exploited_vulnerabilities-2025.08.25.json.gz"

func realCatalogue(t testing.TB) []byte {
	t.Helper()
	f, err := os.Open(catalogueFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseRealCatalogue(t *testing.T) {
	b, err := kev.Parse(realCatalogue(t))
	if err != nil {
		t.Fatal(err)
	}
	if b.Entries() != 1404 || len(b.Advisories) != 1404 || b.Count != 1404 {
		t.Errorf("%d entries, %d read, count %d; want the 1,404 of the catalogue, all read", b.Entries(), len(b.Advisories), b.Count)
	}
	for i, r := range b.Refused {
		if i == 5 {
			break
		}
		t.Errorf("refused %s (%s): %v", r.Path, r.CVE, r.Err)
	}
	if len(b.Warnings) != 0 {
		t.Errorf("warnings %q, want none", b.Warnings)
	}
	if b.CatalogVersion != "2025.08.25" || b.Title != "CISA Catalog of Known Exploited Vulnerabilities" ||
		!b.Released.Equal(time.Date(2025, 8, 25, 17, 4, 19, 979600000, time.UTC)) {
		t.Errorf("catalogue %q %q of %v", b.Title, b.CatalogVersion, b.Released)
	}
	known := 0
	byID := map[string]*rollcall.Advisory{}
	for _, a := range b.Advisories {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.SourceID, err)
		}
		if a.Facts.KEV.RansomwareKnown() {
			known++
		}
		byID[a.SourceID] = a
	}
	if known != 293 {
		t.Errorf("%d entries known to be used by ransomware, want 293", known)
	}
	want := &rollcall.Advisory{
		Source:    "kev",
		SourceID:  "CVE-2025-48384",
		Aliases:   []string{"CVE-2025-48384"},
		Summary:   "Git Link Following Vulnerability",
		Details:   "Git contains a link following vulnerability that stems from Git\u2019s inconsistent handling of carriage return characters in configuration files.",
		Published: date("2025-08-25"),
		References: []string{
			"https://github.com/git/git/security/advisories/GHSA-vwqx-4fm8-6qc9",
			"https://access.redhat.com/errata/RHSA-2025:13933",
			"https://alas.aws.amazon.com/AL2/ALAS2-2025-2941.html",
			"https://linux.oracle.com/errata/ELSA-2025-11534.html",
			"https://msrc.microsoft.com/update-guide/vulnerability/CVE-2025-48384",
			"https://nvd.nist.gov/vuln/detail/CVE-2025-48384",
		},
		Facts: rollcall.AdvisoryFacts{
			Vendor:  "Git",
			Product: "Git",
			CWEs:    []string{"CWE-59", "CWE-436"},
			Remediations: []rollcall.AdvisoryRemediation{{Category: "required_action",
				Details: "Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable."}},
			KEV: &rollcall.KEVFacts{
				DateAdded:       date("2025-08-25"),
				DueDate:         date("2025-09-15"),
				RequiredAction:  "Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable.",
				KnownRansomware: "Unknown",
			},
		},
	}
	got := byID["CVE-2025-48384"]
	if got == nil {
		t.Fatal("CVE-2025-48384 not read")
	}
	want.Facts.KEV.Notes = got.Facts.KEV.Notes
	if !strings.HasPrefix(got.Facts.KEV.Notes, "This vulnerability affects a common open-source component") {
		t.Errorf("notes %q", got.Facts.KEV.Notes)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("CVE-2025-48384:\n%s\nwant\n%s", g, w)
	}
	// WannaCry's MS17-010, known to be used by ransomware.
	if a := byID["CVE-2017-0144"]; a == nil || !a.Facts.KEV.RansomwareKnown() || a.Facts.Vendor != "Microsoft" {
		t.Errorf("CVE-2017-0144: %+v", a)
	}
	// Two addresses joined by ";" with no space are two references; a ";"
	// inside an address (a gitweb query) stays.
	if a := byID["CVE-2018-5430"]; a == nil || !contains(a.References, "https://nvd.nist.gov/vuln/detail/CVE-2018-5430") {
		t.Errorf("CVE-2018-5430 references: %q", a.References)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestURLs(t *testing.T) {
	tests := []struct {
		notes string
		want  []string
	}{
		{"", nil},
		{"no addresses here", nil},
		{"https://a.example/1 ; https://b.example/2", []string{"https://a.example/1", "https://b.example/2"}},
		{"https://a.example/1;https://b.example/2", []string{"https://a.example/1", "https://b.example/2"}},
		{"https://a.example/x.html;   https://nvd.nist.gov/vuln/detail/CVE-2025-5419\",", []string{"https://a.example/x.html", "https://nvd.nist.gov/vuln/detail/CVE-2025-5419"}},
		{"See ED 21-04 (https://www.cisa.gov/ed-21-04) for guidance.", []string{"https://www.cisa.gov/ed-21-04"}},
		{"https://vendor.example/advisory-(cve-2020-14472) ; https://nvd.example/", []string{"https://vendor.example/advisory-(cve-2020-14472)", "https://nvd.example/"}},
		{"AA here: https://www.cisa.gov/aa23-158a. Please see it.", []string{"https://www.cisa.gov/aa23-158a"}},
		{"https://sourceware.org/git/?p=glibc.git;a=commitdiff;h=1056e5b, https://nvd.example/x", []string{"https://sourceware.org/git/?p=glibc.git;a=commitdiff;h=1056e5b", "https://nvd.example/x"}},
		{"https://a.example/1 ; https://a.example/1", []string{"https://a.example/1"}},
		{"go to https://?x or http://", nil},
	}
	for _, tt := range tests {
		if got := kev.URLs(tt.notes); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("URLs(%q) = %q, want %q", tt.notes, got, tt.want)
		}
	}
}

// entry is a valid catalogue entry, as JSON, with fields replaced.
func entry(t *testing.T, changes map[string]any) string {
	t.Helper()
	e := map[string]any{
		"cveID": "CVE-2024-0001", "vendorProject": "Acme", "product": "Widget", "vulnerabilityName": "Acme Widget Flaw",
		"dateAdded": "2024-01-02", "shortDescription": "A flaw.", "requiredAction": "Apply updates per vendor instructions.",
		"dueDate": "2024-01-23", "knownRansomwareCampaignUse": "Known", "notes": "https://acme.example/sa-1", "cwes": []string{"CWE-787"},
	}
	for k, v := range changes {
		if v == nil {
			delete(e, k)
		} else {
			e[k] = v
		}
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func catalogue(count int, entries ...string) string {
	return `{"title":"t","catalogVersion":"2024.01.02","dateReleased":"2024-01-02T10:00:00.000Z","count":` +
		strconv.Itoa(count) + `,"vulnerabilities":[` + strings.Join(entries, ",") + `]}`
}

func TestParseRefusesBadEntries(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]any
		path    string
		msg     string
	}{
		{"due date not a date", map[string]any{"dueDate": "2024-13-01"}, "vulnerabilities[1].dueDate", `"2024-13-01" is not a date (YYYY-MM-DD).`},
		{"date added missing", map[string]any{"dateAdded": nil}, "vulnerabilities[1].dateAdded", "is missing."},
		{"not a CVE", map[string]any{"cveID": "CVE-24-1"}, "vulnerabilities[1].cveID", "is not a CVE identifier"},
		{"vendor a number", map[string]any{"vendorProject": 7}, "vulnerabilities[1].vendorProject", "is a number, not a string."},
		{"empty product", map[string]any{"product": "  "}, "vulnerabilities[1].product", "names no product"},
		{"bad CWE", map[string]any{"cwes": []string{"CWE-79", "XSS"}}, "vulnerabilities[1].cwes[1]", `"XSS" is not a CWE identifier`},
		{"duplicate", map[string]any{"cveID": "CVE-2024-0001"}, "vulnerabilities[1].cveID", "already, at vulnerabilities[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := map[string]any{"cveID": "CVE-2024-0002"}
			for k, v := range tt.changes {
				changes[k] = v
			}
			doc := catalogue(3, entry(t, nil), entry(t, changes), entry(t, map[string]any{"cveID": "CVE-2024-0003"}))
			b, err := kev.Parse([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Advisories) != 2 || len(b.Refused) != 1 {
				t.Fatalf("%d read, %d refused (%+v); want 2 and 1", len(b.Advisories), len(b.Refused), b.Refused)
			}
			r := b.Refused[0]
			if r.Path != tt.path || rollcall.ErrorField(r.Err) != tt.path || !strings.Contains(rollcall.ErrorMessage(r.Err), tt.msg) {
				t.Errorf("refused %s: %s (field %s); want %s: …%s…", r.Path, rollcall.ErrorMessage(r.Err), rollcall.ErrorField(r.Err), tt.path, tt.msg)
			}
		})
	}
	t.Run("not an object", func(t *testing.T) {
		b, err := kev.Parse([]byte(catalogue(2, entry(t, nil), `"CVE-2024-0002"`)))
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Refused) != 1 || b.Refused[0].Path != "vulnerabilities[1]" || !strings.Contains(rollcall.ErrorMessage(b.Refused[0].Err), "is a string, not an object") {
			t.Errorf("refused %+v", b.Refused)
		}
	})
}

func TestParseRefusesWhole(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		field string
		msg   string
	}{
		{"empty", "", "catalogue", "empty"},
		{"broken JSON", "{\n  \"catalogVersion\": \"1\",\n  \"count\": 1,,\n}", "catalogue", "line 3, column 14"},
		{"cut short", "{\n\"vulnerabilities\": [", "catalogue", "ends early, at line 2"},
		{"trailing", "{}\n{}", "catalogue", "more follows the document, at line 2, column 1"},
		{"array", `[{"cveID":"CVE-2024-0001"}]`, "catalogue", "is an array, not a JSON object"},
		{"OSV record", `{"id":"GO-2022-0191","affected":[]}`, "catalogVersion", "Not a KEV catalogue: catalogVersion is missing"},
		{"entries not an array", `{"catalogVersion":"1","dateReleased":"2024-01-02T10:00:00Z","count":0,"vulnerabilities":{}}`, "vulnerabilities", "vulnerabilities is an object, not an array."},
		{"release not a time", `{"catalogVersion":"1","dateReleased":"yesterday","count":0,"vulnerabilities":[]}`, "dateReleased", `"yesterday" is not a date and time`},
		{"count a string", `{"catalogVersion":"1","dateReleased":"2024-01-02T10:00:00Z","count":"0","vulnerabilities":[]}`, "count", "is a string, not an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := kev.Parse([]byte(tt.doc))
			if err == nil {
				t.Fatalf("read %+v, want an error", b)
			}
			if b != nil || rollcall.ErrorField(err) != tt.field || !strings.Contains(rollcall.ErrorMessage(err), tt.msg) {
				t.Errorf("%s: %s; want %s: …%s…", rollcall.ErrorField(err), rollcall.ErrorMessage(err), tt.field, tt.msg)
			}
		})
	}
}

func TestParseCountWarns(t *testing.T) {
	b, err := kev.Parse([]byte(catalogue(5, entry(t, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Advisories) != 1 || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "says it has 5 entries but holds 1") {
		t.Errorf("%d read, warnings %q", len(b.Advisories), b.Warnings)
	}
}

func TestParseOptionalFields(t *testing.T) {
	b, err := kev.Parse([]byte(catalogue(1, entry(t, map[string]any{"notes": nil, "cwes": nil, "knownRansomwareCampaignUse": nil, "requiredAction": ""}))))
	if err != nil || len(b.Advisories) != 1 {
		t.Fatalf("%v %+v", err, b)
	}
	a := b.Advisories[0]
	if a.References != nil || a.Facts.CWEs != nil || a.Facts.Remediations != nil || a.Facts.KEV.KnownRansomware != "" || a.Facts.KEV.RansomwareKnown() {
		t.Errorf("%+v %+v", a, a.Facts.KEV)
	}
}

func TestParseTooLarge(t *testing.T) {
	_, err := kev.Parse(bytes.Repeat([]byte(" "), 64<<20+1))
	if rollcall.ErrorCode(err) != rollcall.ETOOLARGE {
		t.Errorf("got %v, want too large", err)
	}
}
