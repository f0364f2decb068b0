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

	"github.com/ProtonMail/go-crypto/openpgp"
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

// newCSAFFixtureWith serves the fixture's federation over TLS with other
// options.
func newCSAFFixtureWith(t *testing.T, opts Options) *csafFixture {
	f := newFixture(t)
	srv := httptest.NewTLSServer(NewServer(f.Svc, f.Log, opts))
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
	if strings.Contains(string(md.Body), "public_openpgp_keys") || *pmd.Role != csaf.MetadataRoleProvider {
		t.Error("an OpenPGP key is named, or the role is not csaf_provider, but no key is configured")
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
		for _, l := range e.Link {
			if l.Rel == "signature" {
				t.Errorf("%s: a signature is linked, but no key is configured", e.ID)
			}
		}
		c.fetch(t, e.Content.Src+".asc", "").want(t, http.StatusNotFound, "")
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
		fmt.Sprintf("/.well-known/csaf/white/%d/%s.asc", year, csafexport.FileName(high.Reference)),
		"/.well-known/csaf/openpgp/",
		"/.well-known/csaf/openpgp/0123456789ABCDEF0123456789ABCDEF01234567.asc",
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

// testPublicURL is the public address the signed provider is configured
// with; requests reach it through the test server, by path.
const testPublicURL = "https://rollcall.example.nhs.uk"

// local turns an address under testPublicURL into the path to fetch.
func local(t *testing.T, u string) string {
	t.Helper()
	if !strings.HasPrefix(u, testPublicURL+"/") {
		t.Fatalf("%s is not under the public URL %s", u, testPublicURL)
	}
	return strings.TrimPrefix(u, testPublicURL)
}

func TestCSAFProviderSigned(t *testing.T) {
	key := testCSAFKey(t)
	c := newCSAFFixtureWith(t, Options{Version: "test", PublicURL: testPublicURL + "/", CSAFPublisher: "NHS Test CERT", CSAFSigningKey: key})
	ctx := context.Background()
	gone := c.publishToAll(t, &rollcall.Alert{Title: "Sent in error", Severity: rollcall.SeverityLow, Summary: "Ignore this.",
		Affected: rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "pkg:npm/lodash", Vers: "vers:npm/<4.17.21"}}}})
	if err := c.Svc.WithdrawAlert(ctx, c.actor("analyst"), gone.ID, "Sent to everyone by mistake."); err != nil {
		t.Fatal(err)
	}

	md := c.fetch(t, csafexport.ProviderMetadataPath, "").want(t, http.StatusOK, "application/json")
	schemaCheck(t, md.Body, csaf.ValidateProviderMetadata)
	var pmd csaf.ProviderMetadata
	if err := json.Unmarshal(md.Body, &pmd); err != nil {
		t.Fatal(err)
	}
	if err := pmd.Validate(); err != nil {
		t.Errorf("gocsaf: %v", err)
	}
	if *pmd.Role != csaf.MetadataRoleTrustedProvider || pmd.Publisher.Name == nil || *pmd.Publisher.Name != "NHS Test CERT" ||
		string(*pmd.CanonicalURL) != testPublicURL+csafexport.ProviderMetadataPath {
		t.Errorf("provider metadata: %s", md.Body)
	}
	fp := key.Fingerprint()
	if len(pmd.PGPKeys) != 1 || string(pmd.PGPKeys[0].Fingerprint) != fp || len(fp) != 40 ||
		pmd.PGPKeys[0].URL == nil || *pmd.PGPKeys[0].URL != testPublicURL+"/.well-known/csaf/openpgp/"+fp+".asc" {
		t.Fatalf("public_openpgp_keys: %s", md.Body)
	}

	// The public key, and nothing secret, at the address listed.
	pub := c.fetch(t, local(t, *pmd.PGPKeys[0].URL), "").want(t, http.StatusOK, "application/pgp-keys")
	ring, err := openpgp.ReadArmoredKeyRing(strings.NewReader(string(pub.Body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(ring) != 1 || ring[0].PrivateKey != nil || strings.Contains(string(pub.Body), "PRIVATE") {
		t.Fatalf("served key: %s", pub.Body)
	}
	if got := strings.ToUpper(hex.EncodeToString(ring[0].PrimaryKey.Fingerprint)); got != fp {
		t.Errorf("served key's fingerprint %s, want %s", got, fp)
	}
	c.fetch(t, "/.well-known/csaf/openpgp/"+strings.ToLower(fp)+".asc", "").want(t, http.StatusOK, "application/pgp-keys")
	c.fetch(t, "/.well-known/csaf/openpgp/"+fp, "").want(t, http.StatusNotFound, "")

	feed := c.fetch(t, local(t, string(*pmd.Distributions[0].Rolie.Feeds[0].URL)), "").want(t, http.StatusOK, "application/json")
	schemaCheck(t, feed.Body, csaf.ValidateROLIE)
	rf, err := csaf.LoadROLIEFeed(strings.NewReader(string(feed.Body)))
	if err != nil {
		t.Fatal(err)
	}
	if rf.CountEntries() != 2 {
		t.Fatalf("feed: %s", feed.Body)
	}
	rf.Entries(func(e *csaf.Entry) {
		doc := c.fetch(t, local(t, e.Content.Src), "").want(t, http.StatusOK, "application/json")
		if !strings.Contains(string(doc.Body), `"NHS Test CERT"`) {
			t.Errorf("%s: publisher not named", e.ID)
		}
		var sigURL string
		for _, l := range e.Link {
			if l.Rel == "signature" {
				sigURL = l.HRef
			}
		}
		if sigURL != e.Content.Src+".asc" {
			t.Fatalf("%s: signature link %q", e.ID, sigURL)
		}
		sig := c.fetch(t, local(t, sigURL), "").want(t, http.StatusOK, "application/pgp-signature")
		if !strings.HasPrefix(string(sig.Body), "-----BEGIN PGP SIGNATURE-----") {
			t.Errorf("%s: %s", e.ID, sig.Body)
		}
		signer, err := openpgp.CheckArmoredDetachedSignature(ring, strings.NewReader(string(doc.Body)), strings.NewReader(string(sig.Body)), nil)
		if err != nil {
			t.Fatalf("%s: the signature does not verify the served document: %v", e.ID, err)
		}
		if signer.PrimaryKey.KeyId != ring[0].PrimaryKey.KeyId {
			t.Errorf("%s: signed by another key", e.ID)
		}
		tampered := strings.Replace(string(doc.Body), "final", "draft", 1)
		if _, err := openpgp.CheckArmoredDetachedSignature(ring, strings.NewReader(tampered), strings.NewReader(string(sig.Body)), nil); err == nil {
			t.Errorf("%s: the signature verifies a changed document", e.ID)
		}
		// A document that has not changed keeps its signature (and ETag).
		if again := c.fetch(t, local(t, sigURL), ""); string(again.Body) != string(sig.Body) {
			t.Errorf("%s: signed afresh", e.ID)
		}
	})
	// Not public, not signed.
	c.fetch(t, fmt.Sprintf("/.well-known/csaf/white/%d/%s.asc", c.Alerts["southOnly"].PublishedAt.Year(),
		csafexport.FileName(c.Alerts["southOnly"].Reference)), "").want(t, http.StatusNotFound, "")
}

// TestCSAFSignedWithoutPublicURL: a key alone signs, but the role stays
// csaf_provider, since the addresses come from the request.
func TestCSAFSignedWithoutPublicURL(t *testing.T) {
	// A key without a public address signs nothing: a signed document
	// would otherwise name whatever host a request gave.
	key := testCSAFKey(t)
	c := newCSAFFixtureWith(t, Options{Version: "test", SecureCookies: true, CSAFSigningKey: key})
	md := c.fetch(t, csafexport.ProviderMetadataPath, "").want(t, http.StatusOK, "application/json")
	schemaCheck(t, md.Body, csaf.ValidateProviderMetadata)
	var pmd csaf.ProviderMetadata
	if err := json.Unmarshal(md.Body, &pmd); err != nil {
		t.Fatal(err)
	}
	if *pmd.Role != csaf.MetadataRoleProvider || len(pmd.PGPKeys) != 0 {
		t.Errorf("provider metadata: %s", md.Body)
	}
	doc := csafexport.DocumentPath(c.Alerts["high"])
	c.fetch(t, doc, "").want(t, http.StatusOK, "application/json")
	c.fetch(t, doc+".asc", "").want(t, http.StatusNotFound, "")
	c.fetch(t, "/.well-known/csaf/openpgp/"+key.Fingerprint()+".asc", "").want(t, http.StatusNotFound, "")
}

// TestCSAFPublicURLOverridesHost: with a public URL, a forged Host header
// appears in no public body; without one, it does (the documented risk).
func TestCSAFPublicURLOverridesHost(t *testing.T) {
	const forged = "evil.example"
	high := func(c *csafFixture) string {
		a := c.Alerts["high"]
		return csafexport.DocumentPath(a)
	}
	get := func(c *csafFixture, path string) string {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, c.TLS.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = forged
		resp, err := c.TLS.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d\n%s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	signed := newCSAFFixtureWith(t, Options{Version: "test", PublicURL: testPublicURL, CSAFSigningKey: testCSAFKey(t)})
	for _, path := range []string{csafexport.ProviderMetadataPath, csafexport.FeedPath, high(signed), "/alerts.atom"} {
		body := get(signed, path)
		if strings.Contains(body, forged) || !strings.Contains(body, testPublicURL+"/") {
			t.Errorf("%s with Host %s:\n%s", path, forged, body)
		}
	}
	plain := newCSAFFixture(t)
	if body := get(plain, "/alerts.atom"); !strings.Contains(body, "https://"+forged+"/") {
		t.Errorf("without a public URL the Atom feed no longer follows the Host header:\n%s", body)
	}
}
