package csafexport

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gocsaf/csaf/v3/csaf"
	"github.com/gocsaf/csaf/v3/util"

	"rollcall"
	"rollcall/csafimport"
	"rollcall/csafmodel"
	"rollcall/service"
	"rollcall/version"
)

var testPublisher = Publisher{Name: "National Cyber Security Centre (test)", Namespace: "https://rollcall.example", BaseURL: "https://rollcall.example", Engine: "Rollcall"}

var published = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// ms17010 builds the demo's MS17-010 alert from the bulletin's list, at its
// second revision (the out-of-band updates added).
func ms17010(t testing.TB) (*rollcall.Alert, []rollcall.AlertRevision) {
	t.Helper()
	f, err := os.Open("../demo/ms17-010.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	builds := map[string]string{
		"Windows Vista SP2": "6.0.6002", "Windows Server 2008 SP2": "6.0.6002", "Windows 7 SP1": "6.1.7601",
		"Windows Server 2008 R2 SP1": "6.1.7601", "Windows 8": "6.2.9200", "Windows Server 2012": "6.2.9200",
		"Windows 8.1": "6.3.9600", "Windows RT 8.1": "6.3.9600", "Windows Server 2012 R2": "6.3.9600",
		"Windows 10 1507": "10.0.10240", "Windows 10 1511": "10.0.10586", "Windows 10 1607": "10.0.14393",
		"Windows Server 2016": "10.0.14393", "Windows XP SP3": "5.1.2600", "Windows Server 2003 SP2": "5.2.3790",
	}
	a := &rollcall.Alert{
		ID: 1, Reference: "RC-2017-0001", Status: rollcall.AlertPublished, Revision: 2,
		Title: "Critical SMBv1 remote code execution (MS17-010)", Severity: rollcall.SeverityHigh,
		Summary: "Microsoft Windows SMBv1 allows remote code execution. Exploited by WannaCry.",
		CVEs:    []string{"CVE-2017-0143", "CVE-2017-0144", "CVE-2017-0145", "CVE-2017-0146", "CVE-2017-0148"},
		AffectedProducts: "Microsoft Windows, the SMBv1 server (Microsoft Security Bulletin MS17-010).\n" +
			"Later monthly rollups also contain the fix.",
		Remediation: "1. Install the update for each affected version of Windows (KB4012212 and the rest).\n2. Disable SMBv1.",
		References:  []string{"https://learn.microsoft.com/security-updates/securitybulletins/2017/ms17-010", "https://www.cisa.gov/news-events/alerts/2017/05/12/indicators-associated-wannacry-ransomware"},
		Target:      rollcall.Target{All: true}, PublishedAt: published, UpdatedAt: published.Add(48 * time.Hour),
	}
	c, err := rollcall.ParseCVSS("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H")
	if err != nil {
		t.Fatal(err)
	}
	a.CVSS = &c
	for _, r := range rows[1:] {
		product, kb, fixed := r[0], r[2], r[4]
		i := slices.IndexFunc(a.Affected.Windows, func(w rollcall.AffectedWindows) bool { return w.Name == product })
		if i < 0 {
			w := rollcall.AffectedWindows{Name: product, Build: builds[product]}
			if _, rev, ok := strings.Cut(fixed, "."); ok {
				w.FixedRevision, _ = strconv.Atoi(rev)
			}
			a.Affected.Windows = append(a.Affected.Windows, w)
			i = len(a.Affected.Windows) - 1
		}
		if !slices.Contains(a.Affected.Windows[i].FixedBy, kb) {
			a.Affected.Windows[i].FixedBy = append(a.Affected.Windows[i].FixedBy, kb)
		}
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	revs := []rollcall.AlertRevision{
		{AlertID: 1, Revision: 1, ChangeNote: "First published.", CreatedAt: published},
		{AlertID: 1, Revision: 2, ChangeNote: "Microsoft released fixes for Windows XP, Server 2003 and Windows 8.", CreatedAt: published.Add(48 * time.Hour)},
	}
	return a, revs
}

// software is an alert on packages and a CPE, with a CVSS v4.0 vector.
func software(t testing.TB) (*rollcall.Alert, []rollcall.AlertRevision) {
	t.Helper()
	a := &rollcall.Alert{
		ID: 2, Reference: "RC-2026-0004", Status: rollcall.AlertPublished, Revision: 1,
		Title: "OpenSSL and Chrome flaws", Severity: rollcall.SeverityMedium, Summary: "Update OpenSSL, x/net and Chrome.",
		CVEs:        []string{"CVE-2023-5678"},
		Remediation: "Upgrade to a fixed version.",
		References:  []string{"https://www.openssl.org/news/secadv/20231106.txt"},
		Affected: rollcall.Affected{Software: []rollcall.AffectedSoftware{
			{Product: "pkg:deb/debian/openssl", Vers: "vers:deb/<3.0.11-1~deb12u2"},
			{Product: "pkg:golang/golang.org/x/net", Vers: "vers:golang/>=0.1.0|<0.17.0"},
			{Product: "cpe:2.3:a:google:chrome", Vers: "vers:generic/<120.0.6099.62"},
		}},
		Target: rollcall.Target{All: true}, PublishedAt: published, UpdatedAt: published,
	}
	c, err := rollcall.ParseCVSS("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
	if err != nil {
		t.Fatal(err)
	}
	a.CVSS = &c
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	return a, nil
}

// words is an alert naming its products only in words, with no CVE; it
// was withdrawn at its third revision.
func words() (*rollcall.Alert, []rollcall.AlertRevision) {
	a := &rollcall.Alert{
		ID: 3, Reference: "RC-2026-0007", Status: rollcall.AlertWithdrawn, Revision: 3,
		Title: "Phishing campaign against GP practices", Severity: rollcall.SeverityLow,
		Summary:          "Emails pretending to come from the pensions agency.",
		AffectedProducts: "Staff email accounts\nAll practices",
		PublishedAt:      published, UpdatedAt: published.Add(72 * time.Hour),
	}
	revs := []rollcall.AlertRevision{
		{Revision: 1, ChangeNote: "First published.", CreatedAt: published},
		{Revision: 2, ChangeNote: "More sender addresses.", CreatedAt: published.Add(time.Hour)},
		{Revision: 3, ChangeNote: "Sent in error: the campaign was a test.", CreatedAt: published.Add(72 * time.Hour)},
	}
	return a, revs
}

func validate(t *testing.T, data []byte) {
	t.Helper()
	if _, err := csafimport.Validate(data); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
}

func decodeDoc(t *testing.T, data []byte) *csafmodel.Document {
	t.Helper()
	var d csafmodel.Document
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

func TestDocumentsValidate(t *testing.T) {
	type build func() (*rollcall.Alert, []rollcall.AlertRevision)
	for _, tc := range []struct {
		name     string
		build    build
		category string
	}{
		{"ms17-010", func() (*rollcall.Alert, []rollcall.AlertRevision) { return ms17010(t) }, "csaf_security_advisory"},
		{"software", func() (*rollcall.Alert, []rollcall.AlertRevision) { return software(t) }, "csaf_security_advisory"},
		{"words, withdrawn", words, "csaf_base"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, revs := tc.build()
			data, err := Document(a, revs, testPublisher)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, data)
			d := decodeDoc(t, data)
			if d.Document.Category != tc.category {
				t.Errorf("category %s, want %s", d.Document.Category, tc.category)
			}
			tr := d.Document.Tracking
			if tr.ID != a.Reference || tr.Version != strconv.Itoa(a.Revision) || tr.Status != "final" || len(tr.RevisionHistory) != a.Revision {
				t.Errorf("tracking %+v", tr)
			}
			if got := d.Document.Distribution.TLP.Label; got != "WHITE" {
				t.Errorf("TLP %s", got)
			}
			if FileName(a.Reference) != util.CleanFileName(a.Reference) {
				t.Errorf("file name %s, gocsaf says %s", FileName(a.Reference), util.CleanFileName(a.Reference))
			}
		})
	}
}

func TestWithdrawnAndCVSS4(t *testing.T) {
	a, revs := words()
	data, err := Document(a, revs, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	d := decodeDoc(t, data)
	if !slices.ContainsFunc(d.Document.Notes, func(n csafmodel.Note) bool {
		return n.Title == "Withdrawn" && strings.Contains(n.Text, "Sent in error")
	}) {
		t.Errorf("no withdrawal note: %+v", d.Document.Notes)
	}
	if v := d.Vulnerabilities; len(v) != 1 || v[0].CVE != "" || v[0].IDs[0].Text != a.Reference {
		t.Errorf("vulnerabilities %+v", v)
	}
	if got := d.Document.Tracking.RevisionHistory[2].Summary; got != "Sent in error: the campaign was a test." {
		t.Errorf("last revision summary %q", got)
	}
	s, _ := software(t)
	data, err = Document(s, nil, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	d = decodeDoc(t, data)
	if len(d.Vulnerabilities[0].Scores) != 0 || !strings.Contains(string(data), "CVSS:4.0/AV:N") {
		t.Errorf("a v4.0 vector is a note, not a score: %s", data)
	}
}

func TestDraftRefused(t *testing.T) {
	a, _ := software(t)
	a.Status, a.Revision, a.PublishedAt = rollcall.AlertDraft, 0, time.Time{}
	if _, err := Document(a, nil, testPublisher); !errors.Is(err, ErrNotPublished) {
		t.Fatalf("got %v, want ErrNotPublished", err)
	}
	b, _ := ms17010(t)
	if _, err := Document(b, nil, testPublisher); err == nil {
		t.Fatal("revision 2 without revisions: no error")
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"RC-2026-0004": "rc-2026-0004.json", "RHSA-2022:0011": "rhsa-2022_0011.json", "a  b//c+d": "a_b_c+d.json",
	} {
		if got := FileName(in); got != want || got != util.CleanFileName(in) {
			t.Errorf("FileName(%q) = %q, want %q (gocsaf: %q)", in, got, want, util.CleanFileName(in))
		}
	}
}

// TestRoundTrip reads each document back with csafimport and makes the
// draft alert the service makes from an advisory: the content comes back.
func TestRoundTrip(t *testing.T) {
	t.Run("ms17-010", func(t *testing.T) {
		a, revs := ms17010(t)
		back := roundTrip(t, a, revs)
		if len(back.Affected.Windows) != len(a.Affected.Windows) {
			t.Fatalf("%d Windows builds back, want %d: %+v", len(back.Affected.Windows), len(a.Affected.Windows), back.Affected.Windows)
		}
		for i, w := range a.Affected.Windows {
			// Builds come back grouped by the fix that names them.
			j := slices.IndexFunc(back.Affected.Windows, func(g rollcall.AffectedWindows) bool { return g.Name == WindowsProductName(w) })
			if j < 0 {
				t.Errorf("Windows %d (%s) did not come back", i, WindowsProductName(w))
				continue
			}
			g := back.Affected.Windows[j]
			if g.Name != WindowsProductName(w) || g.Build != w.Build || !slices.Equal(g.FixedBy, w.FixedBy) {
				t.Errorf("Windows %d: got %+v, want %+v named %q", i, g, w, WindowsProductName(w))
			}
			if g.FixedRevision != w.FixedRevision {
				t.Errorf("Windows %d: fixed revision %d came back as %d", i, w.FixedRevision, g.FixedRevision)
			}
		}
		if back.CVSS == nil || back.CVSS.Vector != a.CVSS.Vector {
			t.Errorf("CVSS %+v", back.CVSS)
		}
	})
	t.Run("software", func(t *testing.T) {
		a, revs := software(t)
		back := roundTrip(t, a, revs)
		if len(back.Affected.Software) != len(a.Affected.Software) {
			t.Fatalf("software %+v", back.Affected.Software)
		}
		for i, s := range a.Affected.Software {
			g := back.Affected.Software[i]
			want, err := version.ParseVers(s.Vers)
			if err != nil {
				t.Fatal(err)
			}
			if g.Product != s.Product || g.Vers != want.String() {
				t.Errorf("software %d: got %+v, want %+v", i, g, s)
			}
		}
		if back.CVSS != nil {
			t.Errorf("a CVSS v4.0 vector came back: %+v", back.CVSS)
		}
		if back.Remediation != a.Remediation {
			t.Errorf("remediation %q", back.Remediation)
		}
	})
	t.Run("words", func(t *testing.T) {
		a, revs := words()
		back := roundTrip(t, a, revs)
		if !back.Affected.IsZero() || back.AffectedProducts != testPublisher.Name+" Staff email accounts" {
			t.Errorf("affected %+v %q", back.Affected, back.AffectedProducts)
		}
	})
}

func roundTrip(t *testing.T, a *rollcall.Alert, revs []rollcall.AlertRevision) *rollcall.Alert {
	t.Helper()
	data, err := Document(a, revs, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	adv, _, err := csafimport.Parse(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if adv.SourceID != a.Reference || adv.Facts.Publisher != testPublisher.Name || !adv.Published.Equal(a.PublishedAt) {
		t.Errorf("advisory %s by %q published %v", adv.SourceID, adv.Facts.Publisher, adv.Published)
	}
	back := service.AlertFromAdvisory(adv)
	if back.Title != a.Title || back.Summary != a.Summary || back.Severity != a.Severity {
		t.Errorf("got %q / %q / %s, want %q / %q / %s", back.Title, back.Summary, back.Severity, a.Title, a.Summary, a.Severity)
	}
	if !slices.Equal(back.CVEs, a.CVEs) && !(len(back.CVEs) == 0 && len(a.CVEs) == 0) {
		t.Errorf("CVEs %v, want %v", back.CVEs, a.CVEs)
	}
	self := testPublisher.BaseURL + DocumentPath(a)
	if want := append(slices.Clone(a.References), self); !slices.Equal(back.References, want) {
		t.Errorf("references %v, want %v", back.References, want)
	}
	return back
}

func TestProviderMetadataAndFeed(t *testing.T) {
	a, _ := ms17010(t)
	b, _ := software(t)
	c, _ := words()
	md, err := ProviderMetadata(testPublisher, c.UpdatedAt)
	if err != nil {
		t.Fatal(err)
	}
	schemaValid(t, md, csaf.ValidateProviderMetadata)
	var pmd csaf.ProviderMetadata
	if err := json.Unmarshal(md, &pmd); err != nil {
		t.Fatal(err)
	}
	if err := pmd.Validate(); err != nil {
		t.Errorf("gocsaf: %v", err)
	}
	feed, err := Feed(testPublisher, []*rollcall.Alert{c, a, b}, c.UpdatedAt)
	if err != nil {
		t.Fatal(err)
	}
	schemaValid(t, feed, csaf.ValidateROLIE)
	rf, err := csaf.LoadROLIEFeed(strings.NewReader(string(feed)))
	if err != nil {
		t.Fatal(err)
	}
	if rf.CountEntries() != 3 || rf.EntryByID("RC-2017-0001").Content.Src != "https://rollcall.example/.well-known/csaf/white/2026/rc-2017-0001.json" {
		t.Errorf("feed %s", feed)
	}
	empty, err := Feed(testPublisher, nil, published)
	if err != nil {
		t.Fatal(err)
	}
	schemaValid(t, empty, csaf.ValidateROLIE)
}

func schemaValid(t *testing.T, data []byte, validate func(any) ([]string, error)) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	msgs, err := validate(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) > 0 {
		t.Fatalf("%v\n%s", msgs, data)
	}
}

func TestVEX(t *testing.T) {
	a, _ := ms17010(t)
	b, _ := software(t)
	c, _ := words()
	// Another alert sharing a CVE and the OpenSSL product with b.
	d, _ := software(t)
	d.ID, d.Reference, d.Title = 4, "RC-2026-0009", "OpenSSL again"
	pub := Publisher{Name: "Northtown Hospitals NHS Trust", Namespace: "https://rollcall.example/orgs/1", Engine: "Rollcall"}
	items := []NotApplicable{
		{Alert: a, Reason: "No Windows hosts run SMBv1.", At: published.Add(time.Hour)},
		{Alert: b, Reason: "We run no OpenSSL.", At: published.Add(2 * time.Hour)},
		{Alert: c, Reason: "Our staff use another mail system.", At: published.Add(3 * time.Hour)},
		{Alert: d, Reason: "Same as before.", At: published.Add(4 * time.Hour)},
	}
	data, err := VEX("RC-VEX-NTRUST", "Alerts that do not apply to Northtown Hospitals NHS Trust", items, pub)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, data)
	doc := decodeDoc(t, data)
	if doc.Document.Category != "csaf_vex" || doc.Document.Publisher.Category != "user" {
		t.Errorf("category %s, publisher %+v", doc.Document.Category, doc.Document.Publisher)
	}
	// 5 CVEs of MS17-010, one shared by b and d, one without a CVE.
	if len(doc.Vulnerabilities) != 7 {
		t.Fatalf("%d vulnerabilities: %s", len(doc.Vulnerabilities), data)
	}
	for _, v := range doc.Vulnerabilities {
		if len(v.ProductStatus.KnownNotAffected) == 0 || len(v.Flags) != 1 || v.Flags[0].Label != "component_not_present" || len(v.Threats) == 0 {
			t.Errorf("vulnerability %+v", v)
		}
		if v.CVE == "CVE-2023-5678" && (len(v.Threats) != 2 || len(v.Notes) != 2 || len(v.ProductStatus.KnownNotAffected) != 3) {
			t.Errorf("shared CVE: %+v", v)
		}
	}
	if _, err := VEX("x", "y", nil, pub); !errors.Is(err, ErrNoStatements) {
		t.Errorf("empty VEX: %v", err)
	}
}
