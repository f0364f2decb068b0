package server

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"rollcall"
	"rollcall/csafexport"
)

// The CSAF 2.0 provider, the Atom feed and the VEX export.
//
// What is public. The provider serves, without sign-in, the alerts that
// went to every organisation (Target.All) and are published or withdrawn:
// their content is already in every organisation's hands, so it is
// TLP:WHITE. Drafts, and alerts sent only to some regions, types or
// organisations (or to the organisations found exposed), are served
// neither in the feeds nor at their address: their subject alone can say
// which part of the estate runs what. A CSAF document carries the alert's
// content only — never its targets, roll call, answers or organisation
// names.
//
// Which alerts are public is the service's rule (service.IsPublic); the
// handlers read them through its public readers, which need no caller, and
// csafexport writes only alert content.
//
// The base URL. With Options.PublicURL set, every address in the
// documents and feeds is made from it, whatever the request says. Without
// it (the demo), addresses are made from the request: https when the
// request came over TLS or the server is set up for HTTPS
// (Options.SecureCookies, which says it is reached over HTTPS), else
// http, and the Host header. That trusts the Host header: a client that
// forges it gets bodies naming its host, and since these bodies are public
// and cacheable, a shared cache that does not key on the Host would hand
// them to others. Set PublicURL wherever Rollcall is reachable by others.
// X-Forwarded-Proto is not read (nothing else in the server trusts it).
// CSAF requires TLS (requirement 3), and the provider metadata and ROLIE
// schemas require https addresses, so a plain-HTTP demo serves documents
// that validate but a provider index that does not.
//
// Signatures. With Options.CSAFSigningKey set (csaf_sign.go), each
// document has a detached ASCII-armoured OpenPGP signature of exactly the
// bytes served at its address, at that address + ".asc"; the feed links
// it (rel "signature"), the provider metadata lists the key's fingerprint
// and address, and the public key is served at
// /.well-known/csaf/openpgp/FINGERPRINT.asc. The provider then claims
// csaf_trusted_provider only when PublicURL is an https address too: the
// role's other requirements (TLS, the well-known address under the
// issuing authority's domain) hold only for a fixed https address, never
// for one taken from the request. Without a key, .asc and the key's
// address answer 404 and no key is listed.

// csafEngine names Rollcall as the documents' generator.
const csafEngine = "Rollcall"

// publicCacheControl lets caches keep the public files for five minutes.
const publicCacheControl = "public, max-age=300"

// csafKeyDir is the folder of the public OpenPGP key, adjacent to the
// provider metadata (as CSAF 2.0 requirement 20 suggests).
const csafKeyDir = "/.well-known/csaf/openpgp/"

// baseURL is the site's address: Options.PublicURL, or else as the request
// reached it.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return strings.TrimRight(s.opts.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.opts.SecureCookies {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}

// csafPublisher is the centre as the documents' publisher: named by
// Options.CSAFPublisher ("Rollcall" by default), its namespace the site.
func (s *Server) csafPublisher(r *http.Request) csafexport.Publisher {
	base := s.baseURL(r)
	return csafexport.Publisher{Name: s.publisherName(), Namespace: base, BaseURL: base, Engine: csafEngine, EngineVersion: s.opts.Version}
}

func (s *Server) publisherName() string {
	if name := strings.TrimSpace(s.opts.CSAFPublisher); name != "" {
		return name
	}
	return "Rollcall"
}

// csafOptions says how the documents are signed: by the configured key,
// listed with its address; trusted only with an https PublicURL (see
// above).
func (s *Server) csafOptions(r *http.Request) csafexport.ProviderOptions {
	k := s.signingKey()
	if k == nil {
		return csafexport.ProviderOptions{}
	}
	base := s.baseURL(r)
	return csafexport.ProviderOptions{
		Keys:    []csafexport.PublicKey{{Fingerprint: k.Fingerprint(), URL: base + csafKeyDir + k.Fingerprint() + ".asc"}},
		Trusted: s.opts.PublicURL != "" && strings.HasPrefix(base, "https://"),
	}
}

// lastUpdated is the latest change of any public alert, or the server's
// clock when there is none.
func (s *Server) lastUpdated(alerts []*rollcall.Alert) time.Time {
	var t time.Time
	for _, a := range alerts {
		if a.UpdatedAt.After(t) {
			t = a.UpdatedAt
		}
		if a.PublishedAt.After(t) {
			t = a.PublishedAt
		}
	}
	if t.IsZero() {
		t = s.svc.Clock().Now()
	}
	return t
}

// servePublic writes a public, cacheable file: any site may read it (CSAF
// tools and aggregators run in browsers too); conditional requests are
// answered by http.ServeContent from the ETag and the modification time.
func servePublic(w http.ResponseWriter, r *http.Request, contentType string, body []byte, modified time.Time) {
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", publicCacheControl)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", modified.UTC().Truncate(time.Second), bytes.NewReader(body))
}

func (s *Server) handleCSAFProviderMetadata(w http.ResponseWriter, r *http.Request) {
	alerts, err := s.svc.PublicAlerts(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	updated := s.lastUpdated(alerts)
	body, err := csafexport.ProviderMetadataWith(s.csafPublisher(r), updated, s.csafOptions(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	servePublic(w, r, "application/json", body, updated)
}

func (s *Server) handleCSAFFeed(w http.ResponseWriter, r *http.Request) {
	alerts, err := s.svc.PublicAlerts(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	updated := s.lastUpdated(alerts)
	body, err := csafexport.FeedWith(s.csafPublisher(r), alerts, updated, s.csafOptions(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	servePublic(w, r, "application/json", body, updated)
}

// handleCSAFPublicKey serves the public part of the signing key at
// /.well-known/csaf/openpgp/FINGERPRINT.asc; without a key, nothing.
func (s *Server) handleCSAFPublicKey(w http.ResponseWriter, r *http.Request) {
	k := s.signingKey()
	if k == nil || !strings.EqualFold(r.PathValue("file"), k.Fingerprint()+".asc") {
		s.error(w, r, rollcall.Errorf(rollcall.ENOTFOUND, "There is no such OpenPGP key."))
		return
	}
	servePublic(w, r, "application/pgp-keys", k.PublicKey(), time.Time{}) // the ETag answers conditional requests
}

// handleCSAFDocument serves /.well-known/csaf/white/{year}/{file}: a
// document (NAME.json), its hash (NAME.json.sha256, NAME.json.sha512, in
// the sha256sum format CSAF 7.1.18 asks for) or, when a key is
// configured, its signature (NAME.json.asc).
func (s *Server) handleCSAFDocument(w http.ResponseWriter, r *http.Request) {
	notFound := func() {
		s.error(w, r, rollcall.Errorf(rollcall.ENOTFOUND, "There is no such CSAF document."))
	}
	file := r.PathValue("file")
	name, hash := file, ""
	for _, ext := range []string{".sha256", ".sha512", ".asc"} {
		if strings.HasSuffix(file, ".json"+ext) {
			name, hash = strings.TrimSuffix(file, ext), ext
		}
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || !strings.HasSuffix(name, ".json") || (hash == ".asc" && s.signingKey() == nil) {
		notFound()
		return
	}
	ctx := r.Context()
	// Rollcall's references ("RC-2026-0004") name their files without loss
	// ("rc-2026-0004.json"): one alert is read, not the whole list.
	a, revs, err := s.svc.PublicAlert(ctx, strings.ToUpper(strings.TrimSuffix(name, ".json")))
	if rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
		notFound()
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	if csafexport.FileName(a.Reference) != name || a.PublishedAt.UTC().Year() != year {
		notFound()
		return
	}
	body, err := csafexport.Document(a, revs, s.csafPublisher(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	modified := a.UpdatedAt
	switch hash {
	case ".sha256":
		sum := sha256.Sum256(body)
		servePublic(w, r, "text/plain; charset=utf-8", []byte(hex.EncodeToString(sum[:])+"  "+name+"\n"), modified)
	case ".sha512":
		sum := sha512.Sum512(body)
		servePublic(w, r, "text/plain; charset=utf-8", []byte(hex.EncodeToString(sum[:])+"  "+name+"\n"), modified)
	case ".asc":
		sig, err := s.signingKey().Sign(body)
		if err != nil {
			s.error(w, r, fmt.Errorf("sign %s: %w", name, err))
			return
		}
		servePublic(w, r, "application/pgp-signature", sig, modified)
	default:
		servePublic(w, r, "application/json", body, modified)
	}
}

// The Atom feed (RFC 4287) of the public alerts, for feed readers. Each
// entry links to the alert's page, which asks the reader to sign in.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary"`
	Category  []atomCat  `xml:"category"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

func (s *Server) handleAlertsAtom(w http.ResponseWriter, r *http.Request) {
	alerts, err := s.svc.PublicAlerts(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	base := s.baseURL(r)
	updated := s.lastUpdated(alerts)
	f := atomFeed{ID: base + "/alerts.atom", Title: "Rollcall security alerts", Updated: csafexport.Date(updated),
		Author: atomPerson{Name: s.publisherName()},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/alerts.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/alerts"}}}
	for _, a := range alerts {
		page := base + "/alerts/" + strconv.FormatInt(a.ID, 10)
		title := a.Reference + ": " + a.Title
		if a.Status == rollcall.AlertWithdrawn {
			title = "Withdrawn: " + title
		}
		f.Entries = append(f.Entries, atomEntry{
			ID: page, Title: title, Updated: csafexport.Date(a.UpdatedAt), Published: csafexport.Date(a.PublishedAt),
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: page},
				{Rel: "related", Type: "application/json", Href: base + csafexport.DocumentPath(a)}},
			Summary:  a.Summary,
			Category: []atomCat{{Term: string(a.Severity)}},
		})
	}
	body, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		s.error(w, r, err)
		return
	}
	servePublic(w, r, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), append(body, '\n')...), updated)
}

// handleOrgVEX serves an organisation's VEX document: the alerts it
// answered "not applicable", with its reasons. Only the organisation's own
// people (its responders, those who answer for it, its data-security
// lead) and the centre (analysts, auditors) may have it; anyone else —
// regional coordinators included — is told it does not exist.
func (s *Server) handleOrgVEX(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r.Context())
	if a == nil {
		s.error(w, r, rollcall.Errorf(rollcall.EUNAUTHORIZED, "Sign in first."))
		return
	}
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	org, err := s.svc.GetOrganisation(ctx, a, id)
	if err == nil && !a.Scope().All && !a.Is(rollcall.RoleResponder, rollcall.RoleSecurityLead) {
		err = rollcall.Errorf(rollcall.ENOTFOUND, "Organisation %d not found.", id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	var items []csafexport.NotApplicable
	const pageSize = 500
	for offset := 0; ; offset += pageSize {
		rows, total, err := s.svc.OrganisationResponses(ctx, a, id, pageSize, offset)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, row := range rows {
			if row.Applicability != rollcall.NotApplicable {
				continue
			}
			alert, err := s.svc.GetAlert(ctx, a, row.AlertID)
			if rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
				continue // no longer the caller's to read (retargeted): left out, not fatal
			} else if err != nil {
				s.error(w, r, err)
				return
			}
			items = append(items, csafexport.NotApplicable{Alert: alert, Reason: row.Reason, At: row.UpdatedAt})
		}
		if len(rows) == 0 || offset+len(rows) >= total {
			break
		}
	}
	base := s.baseURL(r)
	pub := csafexport.Publisher{Category: "user", Name: org.Name, Namespace: fmt.Sprintf("%s/orgs/%d", base, org.ID), Engine: csafEngine, EngineVersion: s.opts.Version}
	body, err := csafexport.VEX("RC-VEX-"+org.Code, "Alerts that do not apply to "+org.Name, items, pub)
	if errors.Is(err, csafexport.ErrNoStatements) {
		s.error(w, r, rollcall.Errorf(rollcall.ENOTFOUND, "%s has answered no alert \"not applicable\": there is nothing for a VEX document to say.", org.Name))
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.TrimSuffix(csafexport.FileName("RC-VEX-"+org.Code), ".json")+`.json"`)
	_, _ = w.Write(body)
}

// signingKey is the key documents are signed with: the configured one, and
// only with a configured public address, so that no signed body ever
// carries a host a request chose.
func (s *Server) signingKey() *CSAFKey {
	if s.opts.PublicURL == "" {
		return nil
	}
	return s.opts.CSAFSigningKey
}
