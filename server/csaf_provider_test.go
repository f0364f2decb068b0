package server

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gocsaf/csaf/v3/csaf"

	"rollcall"
	"rollcall/csafexport"
	"rollcall/csafimport"
	"rollcall/service"
)

// csafFixture is the fixture served over TLS, as a CSAF provider must be.
type csafFixture struct {
	*fixture
	TLS *httptest.Server
}

func newCSAFFixture(t *testing.T) *csafFixture {
	f := newFixture(t)
	srv := httptest.NewTLSServer(f.Server)
	t.Cleanup(srv.Close)
	return &csafFixture{fixture: f, TLS: srv}
}

type fetched struct {
	Status int
	Header http.Header
	Body   []byte
}

// fetch GETs a path or a full URL, with a bearer token when given.
func (c *csafFixture) fetch(t *testing.T, target, token string, header ...string) fetched {
	t.Helper()
	if strings.HasPrefix(target, "/") {
		target = c.TLS.URL + target
	}
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.TLS.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fetched{resp.StatusCode, resp.Header, b}
}

func (r fetched) want(t *testing.T, status int, contentType string) fetched {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d\n%s", r.Status, status, r.Body)
	}
	if contentType != "" && !strings.HasPrefix(r.Header.Get("Content-Type"), contentType) {
		t.Errorf("content type %q, want %s", r.Header.Get("Content-Type"), contentType)
	}
	return r
}

func schemaCheck(t *testing.T, body []byte, validate func(any) ([]string, error)) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	msgs, err := validate(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) > 0 {
		t.Fatalf("%v\n%s", msgs, body)
	}
}

// publishToAll publishes a new alert to everyone, as the analyst.
func (c *csafFixture) publishToAll(t *testing.T, a *rollcall.Alert) *rollcall.Alert {
	t.Helper()
	ctx := context.Background()
	analyst := c.actor("analyst")
	a.Target = rollcall.Target{All: true}
	if err := c.Svc.CreateAlert(ctx, analyst, a); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Svc.PublishAlert(ctx, analyst, a.ID); err != nil {
		t.Fatal(err)
	}
	fresh, err := c.Svc.GetAlert(ctx, analyst, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

func TestCSAFProvider(t *testing.T) {
	c := newCSAFFixture(t)
	ctx := context.Background()
	analyst := c.actor("analyst")
	// The "high" alert at a second revision, and one withdrawn.
	high := *c.Alerts["high"]
	high.Affected = rollcall.Affected{Windows: []rollcall.AffectedWindows{{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212", "KB4012215"}}}}
	if _, err := c.Svc.ReviseAlert(ctx, analyst, &high, "Structured the affected Windows builds."); err != nil {
		t.Fatal(err)
	}
	gone := c.publishToAll(t, &rollcall.Alert{Title: "Sent in error", Severity: rollcall.SeverityLow, Summary: "Ignore this.",
		Affected: rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "pkg:npm/lodash", Vers: "vers:npm/<4.17.21"}}}})
	if err := c.Svc.WithdrawAlert(ctx, analyst, gone.ID, "Sent to everyone by mistake."); err != nil {
		t.Fatal(err)
	}

	md := c.fetch(t, "/.well-known/csaf/provider-metadata.json", "").want(t, http.StatusOK, "application/json")
	schemaCheck(t, md.Body, csaf.ValidateProviderMetadata)
	if cc := md.Header.Get("Cache-Control"); !strings.Contains(cc, "public") {
		t.Errorf("Cache-Control %q", cc)
	}
	var pmd csaf.ProviderMetadata
	if err := json.Unmarshal(md.Body, &pmd); err != nil {
		t.Fatal(err)
	}
	if err := pmd.Validate(); err != nil {
		t.Errorf("gocsaf: %v", err)
	}
	if got := string(*pmd.CanonicalURL); got != c.TLS.URL+csafexport.ProviderMetadataPath {
		t.Errorf("canonical_url %s", got)
	}
	if strings.Contains(string(md.Body), "public_openpgp_keys") {
		t.Error("an OpenPGP key is named, but none is configured")
	}
	if again := c.fetch(t, "/.well-known/csaf/provider-metadata.json", "", "If-None-Match", md.Header.Get("ETag")); again.Status != http.StatusNotModified {
		t.Errorf("conditional request: %d", again.Status)
	}

	feedURL := pmd.Distributions[0].Rolie.Feeds[0].URL
	feed := c.fetch(t, string(*feedURL), "").want(t, http.StatusOK, "application/json")
	schemaCheck(t, feed.Body, csaf.ValidateROLIE)
	rf, err := csaf.LoadROLIEFeed(strings.NewReader(string(feed.Body)))
	if err != nil {
		t.Fatal(err)
	}
	if rf.CountEntries() != 2 || rf.EntryByID(high.Reference) == nil || rf.EntryByID(gone.Reference) == nil {
		t.Fatalf("feed entries: %s", feed.Body)
	}
	for _, key := range []string{"draft", "southOnly"} {
		if rf.EntryByID(c.Alerts[key].Reference) != nil {
			t.Errorf("the %s alert is in the public feed", key)
		}
	}
	rf.Entries(func(e *csaf.Entry) {
		doc := c.fetch(t, e.Content.Src, "").want(t, http.StatusOK, "application/json")
		if _, err := csafimport.Validate(doc.Body); err != nil {
			t.Errorf("%s: %v", e.ID, err)
		}
		for _, l := range e.Link {
			if l.Rel != "hash" {
				continue
			}
			h := c.fetch(t, l.HRef, "").want(t, http.StatusOK, "text/plain")
			var sum string
			if strings.HasSuffix(l.HRef, ".sha256") {
				s := sha256.Sum256(doc.Body)
				sum = hex.EncodeToString(s[:])
			} else {
				s := sha512.Sum512(doc.Body)
				sum = hex.EncodeToString(s[:])
			}
			if want := sum + "  " + csafexport.FileName(e.ID) + "\n"; string(h.Body) != want {
				t.Errorf("%s: %q, want %q", l.HRef, h.Body, want)
			}
		}
		var d struct {
			Document struct {
				Tracking struct {
					Version         string            `json:"version"`
					RevisionHistory []json.RawMessage `json:"revision_history"`
				} `json:"tracking"`
				Notes []struct{ Title, Text string } `json:"notes"`
			} `json:"document"`
		}
		if err := json.Unmarshal(doc.Body, &d); err != nil {
			t.Fatal(err)
		}
		if e.ID == high.Reference && (d.Document.Tracking.Version != "2" || len(d.Document.Tracking.RevisionHistory) != 2) {
			t.Errorf("high: %s", doc.Body)
		}
		if e.ID == gone.Reference && !strings.Contains(string(doc.Body), "Sent to everyone by mistake.") {
			t.Errorf("withdrawn: %s", doc.Body)
		}
		for _, secret := range []string{c.Orgs["NTRUST"].Name, c.Orgs["STRUST"].Name, "resolved_org_ids", "target"} {
			if strings.Contains(string(doc.Body), secret) {
				t.Errorf("%s shows %q", e.ID, secret)
			}
		}
	})

	year := c.Alerts["high"].PublishedAt.Year()
	for _, path := range []string{
		fmt.Sprintf("/.well-known/csaf/white/%d/%s", year, csafexport.FileName(c.Alerts["draft"].Reference)),
		fmt.Sprintf("/.well-known/csaf/white/1/%s", csafexport.FileName(c.Alerts["draft"].Reference)),
		fmt.Sprintf("/.well-known/csaf/white/%d/%s", year, csafexport.FileName(c.Alerts["southOnly"].Reference)),
		fmt.Sprintf("/.well-known/csaf/white/%d/%s.sha256", year, csafexport.FileName(c.Alerts["southOnly"].Reference)),
		fmt.Sprintf("/.well-known/csaf/white/%d/rc-1999-0001.json", year),
		fmt.Sprintf("/.well-known/csaf/white/%d/%s", year+1, csafexport.FileName(high.Reference)),
		fmt.Sprintf("/.well-known/csaf/white/%d/%s.md5", year, csafexport.FileName(high.Reference)),
		fmt.Sprintf("/.well-known/csaf/white/x/%s", csafexport.FileName(high.Reference)),
	} {
		c.fetch(t, path, "").want(t, http.StatusNotFound, "")
	}
}

func TestCSAFProviderOverPlainHTTP(t *testing.T) {
	// Without TLS the addresses are http: the documents are still valid,
	// the provider index is not (CSAF requires TLS).
	f := newFixture(t)
	res := f.browse("").get("/.well-known/csaf/white/rollcall-feed.json").wantStatus(http.StatusOK)
	if !strings.Contains(res.Body, `"href": "`+f.HTTP.URL+"/.well-known/csaf/white/") {
		t.Errorf("feed: %s", res.Body)
	}
}

func TestAlertsAtom(t *testing.T) {
	c := newCSAFFixture(t)
	res := c.fetch(t, "/alerts.atom", "").want(t, http.StatusOK, "application/atom+xml")
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
			Links   []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(res.Body, &feed); err != nil {
		t.Fatalf("%v\n%s", err, res.Body)
	}
	high := c.Alerts["high"]
	if feed.Title == "" || feed.Updated == "" || len(feed.Entries) != 1 {
		t.Fatalf("feed: %s", res.Body)
	}
	e := feed.Entries[0]
	page := fmt.Sprintf("%s/alerts/%d", c.TLS.URL, high.ID)
	if !strings.Contains(e.Title, high.Title) || e.Summary != high.Summary || e.Updated != csafexport.Date(high.UpdatedAt) || e.Links[0].Href != page {
		t.Errorf("entry %+v", e)
	}
	if strings.Contains(string(res.Body), c.Alerts["southOnly"].Title) || strings.Contains(string(res.Body), c.Alerts["draft"].Title) {
		t.Error("the feed shows an alert that is not public")
	}
}

func TestOrgVEX(t *testing.T) {
	c := newCSAFFixture(t)
	ctx := context.Background()
	ntrust, strust := c.Orgs["NTRUST"], c.Orgs["STRUST"]
	high := c.Alerts["high"]
	if _, err := c.Svc.Answer(ctx, c.actor("respN"), service.AnswerRequest{AlertID: high.ID, OrgIDs: []int64{ntrust.ID},
		Answer: rollcall.Answer{Applicability: rollcall.NotApplicable, Reason: "We have no Windows hosts with SMBv1."}}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/orgs/%d/vex.json", ntrust.ID)
	for _, who := range []string{"respN", "leadN", "analyst", "auditor"} {
		res := c.fetch(t, path, c.Tokens[who]).want(t, http.StatusOK, "application/json")
		if _, err := csafimport.Validate(res.Body); err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		body := string(res.Body)
		if !strings.Contains(body, `"csaf_vex"`) || !strings.Contains(body, "We have no Windows hosts with SMBv1.") ||
			!strings.Contains(body, "component_not_present") || !strings.Contains(body, "CVE-2017-0144") {
			t.Errorf("%s: %s", who, body)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("Cache-Control %q", cc)
		}
	}
	for _, who := range []string{"respS", "leadS", "respSU", "coordN", "coordS"} {
		c.fetch(t, path, c.Tokens[who]).want(t, http.StatusNotFound, "")
	}
	c.fetch(t, path, "").want(t, http.StatusUnauthorized, "")
	// An organisation that answered nothing "not applicable" has no VEX.
	c.fetch(t, fmt.Sprintf("/orgs/%d/vex.json", strust.ID), c.Tokens["respS"]).want(t, http.StatusNotFound, "")
	c.fetch(t, "/orgs/999999/vex.json", c.Tokens["analyst"]).want(t, http.StatusNotFound, "")
}
