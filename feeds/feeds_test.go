package feeds_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"rollcall"
	"rollcall/feed"
	"rollcall/feeds"
	"rollcall/inventory"
	"rollcall/rollcalltest"
)

var ctx = context.Background()

// server serves documents by path with an ETag of their content, and
// answers 304 when asked with the current one.
type server struct {
	mu   sync.Mutex
	docs map[string][]byte
	hits map[string]int
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r.URL.Path]++
	body, ok := s.docs[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := `"` + strings.Repeat("x", len(body)%7) + string(rune('a'+len(body)%26)) + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Write(body)
}

func (s *server) set(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = body
}

func newServer(s *server) *httptest.Server { return httptest.NewServer(s) }

func realKEV(t *testing.T) []byte {
	f, err := os.Open("../kev/testdata/known_exploited_vulnerabilities-2025.08.25.json.gz")
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

func TestSyncKEVAndOSV(t *testing.T) {
	srv := &server{docs: map[string][]byte{}, hits: map[string]int{}}
	hs := newServer(srv)
	defer hs.Close()
	kevDoc := realKEV(t)
	srv.set("/kev.json", kevDoc)
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	for _, rec := range []string{
		`{"id": "GO-TEST-1", "summary": "One", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Go", "name": "example.com/a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]}]}`,
		`{"id": "GO-TEST-2", "summary": "Two", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Go", "name": "example.com/b"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.3.0"}]}]}]}`,
		`{"id": "BROKEN"}`,
	} {
		w, _ := zw.Create(strings.Fields(rec)[1] + ".json")
		w.Write([]byte(rec))
	}
	zw.Close()
	srv.set("/osv/all.zip", zipped.Bytes())

	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	analyst := f.Actor("analyst")
	sources := []*rollcall.Source{
		{Name: "CISA KEV", Kind: rollcall.SourceKEV, Location: hs.URL + "/kev.json", Enabled: true, Every: time.Hour},
		{Name: "Go OSV", Kind: rollcall.SourceOSV, Location: hs.URL + "/osv/all.zip", Enabled: true, Every: time.Hour},
		{Name: "Gone", Kind: rollcall.SourceKEV, Location: hs.URL + "/missing.json", Enabled: true, Every: time.Hour},
		{Name: "Off", Kind: rollcall.SourceKEV, Location: hs.URL + "/kev.json?off", Enabled: false, Every: time.Hour},
	}
	for _, s := range sources {
		if err := f.Svc.CreateSource(ctx, analyst, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Svc.CreateSource(ctx, f.Actor("auditor"), &rollcall.Source{Name: "x", Kind: rollcall.SourceKEV, Location: hs.URL, Every: time.Hour}); rollcall.ErrorCode(err) != rollcall.EFORBIDDEN {
		t.Errorf("an auditor adding a source: %v", err)
	}
	if err := f.Svc.CreateSource(ctx, analyst, &rollcall.Source{Name: "dup", Kind: rollcall.SourceKEV, Location: hs.URL + "/kev.json", Every: time.Hour}); rollcall.ErrorField(err) != "location" {
		t.Errorf("a second source for the same feed: %v", err)
	}
	if err := f.Svc.CreateSource(ctx, analyst, &rollcall.Source{Name: "fast", Kind: rollcall.SourceKEV, Location: hs.URL + "/other", Every: time.Minute}); rollcall.ErrorField(err) != "every" {
		t.Errorf("a source read every minute: %v", err)
	}

	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 3 {
		t.Fatalf("first sync: %d runs (%v), want the three enabled sources", len(runs), err)
	}
	byID := map[int64]rollcall.SourceRun{}
	for _, r := range runs {
		byID[r.SourceID] = r
	}
	if r := byID[sources[0].ID]; r.Status != rollcall.RunOK || r.Added != 1404 || r.Documents != 1 {
		t.Errorf("KEV: %+v", r)
	}
	if r := byID[sources[1].ID]; r.Status != rollcall.RunPartial || r.Added != 2 || r.Refused != 1 || len(r.Errors) != 1 {
		t.Errorf("OSV: %+v, want two added and the broken record refused", r)
	}
	if r := byID[sources[2].ID]; r.Status != rollcall.RunFailed || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "404") {
		t.Errorf("missing feed: %+v", r)
	}
	// Nothing is due again until its schedule comes round.
	if runs, _ := f.Svc.SyncDue(ctx); len(runs) != 0 {
		t.Errorf("an immediate second sync ran %d", len(runs))
	}
	// An hour on, the catalogue is unchanged: the server says so, and
	// nothing is downloaded or imported.
	f.Clock.Advance(time.Hour)
	runs, _ = f.Svc.SyncDue(ctx)
	for _, r := range runs {
		if r.SourceID == sources[0].ID && (r.Status != rollcall.RunUnchanged || r.Added+r.Changed != 0) {
			t.Errorf("KEV unchanged: %+v", r)
		}
		// The zip with a refused record is read whole again, and its
		// refusal stays in the record until the feed is fixed.
		if r.SourceID == sources[1].ID && (r.Status != rollcall.RunPartial || r.Refused != 1) {
			t.Errorf("OSV second run: %+v", r)
		}
	}
	// A changed entry is a new revision of its advisory.
	changed := bytes.Replace(kevDoc, []byte(`"knownRansomwareCampaignUse": "Unknown"`), []byte(`"knownRansomwareCampaignUse": "Known"`), 1)
	srv.set("/kev.json", changed)
	if err := f.Svc.RunSourceNow(ctx, analyst, sources[0].ID); err != nil {
		t.Fatal(err)
	}
	runs, _ = f.Svc.SyncDue(ctx)
	if len(runs) != 1 || runs[0].Status != rollcall.RunOK || runs[0].Changed != 1 || runs[0].Unchanged != 1403 {
		t.Errorf("KEV changed: %+v", runs)
	}
	list, err := f.Svc.ListSources(ctx, f.Actor("auditor"))
	if err != nil || len(list) != 4 {
		for _, s := range list {
			t.Logf("%d %s %s %s", s.ID, s.Name, s.Kind, s.Location)
		}
		t.Fatalf("sources: %d (%v)", len(list), err)
	}
	for _, s := range list {
		switch s.ID {
		case sources[0].ID:
			if s.LastRun == nil || s.LastRun.Changed != 1 {
				t.Errorf("KEV's last run: %+v", s.LastRun)
			}
		case sources[3].ID:
			if s.LastRun != nil {
				t.Errorf("a disabled source ran: %+v", s.LastRun)
			}
		}
	}
	if _, err := f.Svc.ListSources(ctx, f.Actor("respN")); rollcall.ErrorCode(err) != rollcall.EFORBIDDEN {
		t.Errorf("a responder listing sources: %v", err)
	}
}

// An OSV folder on the server, as a mirror of a database would be kept.
func TestSyncOSVFolder(t *testing.T) {
	dir := t.TempDir()
	for i, rec := range []string{
		`{"id": "GO-DIR-1", "summary": "One", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Go", "name": "example.com/a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]}]}`,
		`{"id": "GO-DIR-2", "summary": "Two", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Go", "name": "example.com/b"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.3.0"}]}]}]}`,
	} {
		if err := os.WriteFile(fmt.Sprintf("%s/%d.json", dir, i), []byte(rec), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	src := &rollcall.Source{Name: "Go mirror", Kind: rollcall.SourceOSV, Location: dir, Enabled: true, Every: time.Hour}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), src); rollcall.ErrorField(err) != "location" {
		t.Errorf("a server path with no feed folder allowed: %v", err)
	}
	f.Svc.SetFeedRoots([]string{dir})
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), &rollcall.Source{Name: "outside", Kind: rollcall.SourceOSV, Location: dir + "/../other", Enabled: true, Every: time.Hour}); rollcall.ErrorField(err) != "location" {
		t.Errorf("a path outside the feed folder: %v", err)
	}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), src); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), &rollcall.Source{Name: "relative", Kind: rollcall.SourceOSV, Location: "mirror/go", Enabled: true, Every: time.Hour}); rollcall.ErrorField(err) != "location" {
		t.Errorf("a relative path: %v", err)
	}
	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 1 || runs[0].Status != rollcall.RunOK || runs[0].Added != 2 || runs[0].Documents != 2 {
		t.Errorf("%+v %v", runs, err)
	}
}

// A sync that brings a KEV entry with known ransomware use, for a flaw
// another advisory shows in the estate, leaves a draft alert for review.
func TestSyncDraftsAlertsForExploited(t *testing.T) {
	srv := &server{docs: map[string][]byte{}, hits: map[string]int{}}
	hs := newServer(srv)
	defer hs.Close()
	srv.set("/kev.json", []byte(`{"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.11.29", "dateReleased": "2026-11-29T12:00:00.000Z", "count": 1,
		"vulnerabilities": [{"cveID": "CVE-2026-1000", "vendorProject": "Lodash", "product": "lodash", "vulnerabilityName": "Lodash prototype pollution",
		"dateAdded": "2026-11-28", "shortDescription": "Prototype pollution.", "requiredAction": "Apply updates per vendor instructions.", "dueDate": "2026-12-19",
		"knownRansomwareCampaignUse": "Known", "notes": "", "cwes": ["CWE-1321"]}]}`))
	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	osvAdv := &rollcall.Advisory{Source: "osv", SourceID: "GHSA-1000", Aliases: []string{"CVE-2026-1000"}, Summary: "Prototype pollution in lodash",
		Affected: []rollcall.AffectedProduct{{PURL: "pkg:npm/lodash", Ecosystem: "npm", Name: "lodash", Vers: "vers:npm/<4.17.21"}}}
	if _, err := f.Svc.ImportAdvisories(ctx, f.Actor("analyst"), []*rollcall.Advisory{osvAdv}); err != nil {
		t.Fatal(err)
	}
	csv := "host,software_name,software_version,purl\nWEB-1,lodash,4.17.20,pkg:npm/lodash@4.17.20\n"
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), &rollcall.Source{Name: "KEV", Kind: rollcall.SourceKEV, Location: hs.URL + "/kev.json", Enabled: true, Every: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if runs, err := f.Svc.SyncDue(ctx); err != nil || len(runs) != 1 || runs[0].Added != 1 {
		t.Fatalf("%+v %v", runs, err)
	}
	items, _, err := f.Svc.ListAlerts(ctx, f.Actor("analyst"), rollcall.AlertFilter{Statuses: []rollcall.AlertStatus{rollcall.AlertDraft}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		if it.Advisory == "osv:GHSA-1000" && it.Severity == rollcall.SeverityHigh {
			found = true
		}
	}
	if !found {
		t.Errorf("no draft alert from GHSA-1000 among %d drafts", len(items))
	}
}

// A location is read as an address or a path the same way everywhere: an
// upper-case scheme is an address, and a server path outside the feed
// folders is refused at each run, even if it was allowed when saved.
func TestSourceLocationsAreCheckedEveryRun(t *testing.T) {
	dir := t.TempDir()
	rec := `{"id": "GO-DIR-1", "summary": "One", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Go", "name": "example.com/a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]}]}`
	if err := os.WriteFile(dir+"/1.json", []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	up := &rollcall.Source{Name: "upper", Kind: rollcall.SourceKEV, Location: "HTTP://127.0.0.1:1/kev.json", Enabled: true, Every: time.Hour}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), up); err != nil || up.Location != "http://127.0.0.1:1/kev.json" {
		t.Fatalf("upper-case scheme: %v, saved as %q", err, up.Location)
	}
	f.Svc.SetFeedRoots([]string{dir})
	src := &rollcall.Source{Name: "mirror", Kind: rollcall.SourceOSV, Location: dir, Enabled: true, Every: time.Hour}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), src); err != nil {
		t.Fatal(err)
	}
	f.Svc.SetFeedRoots(nil) // the operator no longer allows the folder
	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 2 {
		t.Fatalf("%+v %v", runs, err)
	}
	for _, r := range runs {
		if r.SourceID == src.ID && (r.Status != rollcall.RunFailed || r.Added != 0 || !strings.Contains(r.Errors[0], "web addresses only")) {
			t.Errorf("a folder no longer allowed: %+v", r)
		}
	}
}
