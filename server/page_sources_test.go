package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"rollcall"
	"rollcall/feed"
	"rollcall/feeds"
)

// kevEntry is a valid KEV catalogue entry, as JSON, with fields replaced.
func kevEntry(t *testing.T, changes map[string]any) string {
	t.Helper()
	e := map[string]any{
		"cveID": "CVE-2024-0001", "vendorProject": "Acme", "product": "Widget", "vulnerabilityName": "Acme Widget Flaw",
		"dateAdded": "2024-01-02", "shortDescription": "A flaw.", "requiredAction": "Apply updates per vendor instructions.",
		"dueDate": "2024-01-23", "knownRansomwareCampaignUse": "Known", "notes": "https://acme.example/sa-1", "cwes": []string{"CWE-787"},
	}
	for k, v := range changes {
		e[k] = v
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// kevCatalogue is a small catalogue of the entries given.
func kevCatalogue(entries ...string) string {
	return fmt.Sprintf(`{"title":"t","catalogVersion":"2024.01.02","dateReleased":"2024-01-02T10:00:00.000Z","count":%d,"vulnerabilities":[%s]}`,
		len(entries), strings.Join(entries, ","))
}

// feedServer serves documents by path with an ETag, answering 304 when
// asked with the current one, as a feed's web server does.
type feedServer struct {
	mu   sync.Mutex
	docs map[string]string
}

func (s *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	body, ok := s.docs[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%d"`, len(body))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(body))
}

// newFeedServer serves a catalogue of two good entries and four refused
// ones (a due date that is no date) at /kev.json, and nothing else.
func newFeedServer(t *testing.T) *httptest.Server {
	t.Helper()
	entries := []string{kevEntry(t, nil), kevEntry(t, map[string]any{"cveID": "CVE-2024-0002"})}
	for i := 3; i <= 6; i++ {
		entries = append(entries, kevEntry(t, map[string]any{"cveID": fmt.Sprintf("CVE-2024-000%d", i), "dueDate": "2024-13-01"}))
	}
	hs := httptest.NewServer(&feedServer{docs: map[string]string{"/kev.json": kevCatalogue(entries...)}})
	t.Cleanup(hs.Close)
	return hs
}

// sourceByName finds a source the analyst can see.
func sourceByName(t *testing.T, f *fixture, name string) *rollcall.Source {
	t.Helper()
	list, err := f.Svc.ListSources(context.Background(), f.actor("analyst"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	t.Fatalf("no source %q among %d", name, len(list))
	return nil
}

func TestPageSources(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	hs := newFeedServer(t)
	analyst := f.browse("analyst")

	analyst.get("/sources").wantStatus(200).wantContains("<h1>Feeds</h1>", "No feeds yet", `href="/sources/new"`,
		`href="/sources" aria-current="page"`)
	analyst.get("/sources/new").wantStatus(200).wantContains("Add a feed", `value="6"`, `id="enabled" name="enabled" type="checkbox" value="yes" aria-describedby="enabled-hint" checked`)

	// Mistakes come back with the NHS error summary, each beside its
	// field, and the form as it was typed.
	res := analyst.post("/sources/new", url.Values{"name": {"CISA KEV"}, "kind": {"kev"}, "location": {"ftp://feeds.example/kev.json"}, "every": {"often"}}).
		wantStatus(http.StatusUnprocessableEntity)
	res.wantFieldError("location", "is not a web address").wantFieldError("every", "must be a number of hours")
	res.wantContains(`value="CISA KEV"`, `value="ftp://feeds.example/kev.json"`, `value="often"`, `value="kev" aria-describedby="kind-kev-hint" checked`)
	analyst.post("/sources/new", url.Values{"name": {"No kind"}, "location": {hs.URL + "/kev.json"}, "every": {"6"}}).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("kind", "kev, csaf or osv")
	analyst.post("/sources/new", url.Values{"name": {"Too often"}, "kind": {"kev"}, "location": {hs.URL + "/kev.json"}, "every": {"0.05"}}).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("every", "at most every")

	// Added: due at once.
	analyst.post("/sources/new", url.Values{"name": {"CISA KEV"}, "kind": {"kev"}, "location": {hs.URL + "/kev.json"}, "every": {"6"}, "enabled": {"yes"}}).
		wantRedirect("/sources")
	analyst.get("/sources").wantStatus(200).wantContains("Feed CISA KEV added. It will be read within a minute.", "CISA KEV", "KEV catalogue",
		hs.URL+"/kev.json", "every 6 hours", "Not read yet")
	analyst.post("/sources/new", url.Values{"name": {"Gone"}, "kind": {"kev"}, "location": {hs.URL + "/missing.json"}, "every": {"0.5"}, "enabled": {"yes"}}).
		wantRedirect("/sources")
	// The same feed twice is refused on its address.
	analyst.post("/sources/new", url.Values{"name": {"Again"}, "kind": {"kev"}, "location": {hs.URL + "/kev.json"}, "every": {"6"}, "enabled": {"yes"}}).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("location", "already reads")
	kevSrc, gone := sourceByName(t, f, "CISA KEV"), sourceByName(t, f, "Gone")
	if !kevSrc.Enabled || kevSrc.Every != 6*time.Hour || !kevSrc.NextRunAt.Equal(fixtureStart) || gone.Every != 30*time.Minute {
		t.Errorf("saved: %+v and %+v", kevSrc, gone)
	}

	// Read: the catalogue is partly imported, its refusals listed, the
	// rest folded away; the missing feed failed.
	if runs, err := f.Svc.SyncDue(ctx); err != nil || len(runs) != 2 {
		t.Fatalf("sync: %d runs (%v)", len(runs), err)
	}
	page := analyst.get("/sources").wantStatus(200)
	page.wantContains(`<strong class="nhsuk-tag nhsuk-tag--orange">Partly read</strong>`, "2 added", "4 refused",
		"vulnerabilities[2].dueDate", `<details class="nhsuk-details">`, "1 more error",
		`<strong class="nhsuk-tag nhsuk-tag--red">Failed</strong>`, "404",
		fmt.Sprintf(`action="/sources/%d/run"`, kevSrc.ID), fmt.Sprintf(`href="/sources/%d/edit"`, kevSrc.ID))

	// Run now: due at once, and read again, whole: the entries it refused
	// stay in the record until the feed is fixed.
	f.Clock.Advance(time.Minute)
	analyst.post(fmt.Sprintf("/sources/%d/run", kevSrc.ID), nil).wantRedirect("/sources")
	analyst.get("/sources").wantContains("CISA KEV: it will be read within a minute.")
	if got := sourceByName(t, f, "CISA KEV"); !got.NextRunAt.Equal(f.Clock.Now()) {
		t.Errorf("after run now, next run at %v, want %v", got.NextRunAt, f.Clock.Now())
	}
	if runs, err := f.Svc.SyncDue(ctx); err != nil || len(runs) != 1 || runs[0].Status != rollcall.RunPartial || runs[0].Unchanged != 2 || runs[0].Refused != 4 {
		t.Fatalf("sync after run now: %+v (%v)", runs, err)
	}
	analyst.get("/sources").wantContains(`<strong class="nhsuk-tag nhsuk-tag--orange">Partly read</strong>`, "2 unchanged")

	// Changed and disabled: it is no longer read, nor run.
	edit := fmt.Sprintf("/sources/%d/edit", gone.ID)
	analyst.get(edit).wantStatus(200).wantContains("Change a feed", `value="Gone"`, `value="0.5"`, hs.URL+"/missing.json")
	analyst.post(edit, url.Values{"name": {"Gone"}, "kind": {"kev"}, "location": {hs.URL + "/kev.json"}, "every": {"1"}}).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("location", "already reads").wantContains(`value="Gone"`)
	analyst.post(edit, url.Values{"name": {"Gone for now"}, "kind": {"kev"}, "location": {hs.URL + "/missing.json"}, "every": {"24"}}).
		wantRedirect("/sources")
	analyst.get("/sources").wantContains("Feed Gone for now saved, disabled", "Gone for now", `<strong class="nhsuk-tag nhsuk-tag--grey">Disabled</strong>`).
		wantLacks(fmt.Sprintf(`action="/sources/%d/run"`, gone.ID))
	if got := sourceByName(t, f, "Gone for now"); got.Enabled || got.Every != 24*time.Hour {
		t.Errorf("after disabling: %+v", got)
	}
	analyst.post(fmt.Sprintf("/sources/%d/run", gone.ID), nil).wantStatus(http.StatusConflict).wantContains("is disabled")
	f.Clock.Advance(2 * rollcall.Day)
	if runs, _ := f.Svc.SyncDue(ctx); len(runs) != 1 || runs[0].SourceID != kevSrc.ID {
		t.Errorf("a disabled source was read: %+v", runs)
	}
	analyst.post("/sources/999999/edit", url.Values{"name": {"x"}, "kind": {"kev"}, "location": {"/tmp/x"}, "every": {"1"}}).wantStatus(http.StatusNotFound)

	// The auditor reads, and changes nothing.
	auditor := f.browse("auditor")
	auditor.get("/sources").wantStatus(200).wantContains("CISA KEV", "Partly read", "0 added").
		wantLacks(`href="/sources/new"`, `/run"`, `/edit"`)
	auditor.post(fmt.Sprintf("/sources/%d/run", kevSrc.ID), nil).wantStatus(http.StatusForbidden)
	auditor.post("/sources/new", url.Values{"name": {"x"}, "kind": {"kev"}, "location": {"/tmp/x"}, "every": {"1"}}).wantStatus(http.StatusForbidden)
	auditor.post(fmt.Sprintf("/sources/%d/edit", kevSrc.ID), url.Values{"name": {"x"}, "kind": {"kev"}, "location": {"/tmp/x"}, "every": {"1"}}).wantStatus(http.StatusForbidden)

	// Organisations and regions are refused, as the library refuses them.
	for _, key := range []string{"respN", "coordN", "leadN"} {
		c := f.browse(key)
		c.get("/sources").wantStatus(http.StatusForbidden)
		c.post(fmt.Sprintf("/sources/%d/run", kevSrc.ID), nil).wantStatus(http.StatusForbidden)
		c.post("/sources/new", url.Values{"name": {"x"}, "kind": {"kev"}, "location": {"/tmp/x"}, "every": {"1"}}).wantStatus(http.StatusForbidden)
	}
	if got := sourceByName(t, f, "CISA KEV"); got.Name != "CISA KEV" {
		t.Errorf("a refused edit changed the source: %+v", got)
	}
}

func TestSourceEveryWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		6 * time.Hour: "every 6 hours", time.Hour: "every hour", rollcall.Day: "every day", 3 * rollcall.Day: "every 3 days",
		30 * time.Minute: "every 30 minutes", 36 * time.Hour: "every 36 hours", 90 * time.Minute: "every 1 h 30 min",
	} {
		if got := sourceEveryWords(d); got != want {
			t.Errorf("sourceEveryWords(%v) = %q, want %q", d, got, want)
		}
	}
	for in, want := range map[string]time.Duration{"6": 6 * time.Hour, "0.5": 30 * time.Minute, " 24 ": rollcall.Day} {
		if got, err := parseSourceHours(in); err != nil || got != want {
			t.Errorf("parseSourceHours(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "-1", "0", "0.05", "NaN", "Inf", "1e9"} {
		if _, err := parseSourceHours(in); rollcall.ErrorField(err) != "every" {
			t.Errorf("parseSourceHours(%q): %v, want an error on every", in, err)
		}
	}
}
