package csafexport

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"rollcall"
	"rollcall/csafmodel"
)

// Publisher is who issues the documents, and where they are served.
type Publisher struct {
	// Category is the CSAF publisher category; "" is "coordinator" (a
	// national centre coordinates, it does not make the products).
	Category string
	// Name and Namespace (a URL naming the publisher) are required.
	Name      string
	Namespace string
	// ContactDetails and IssuingAuthority are optional.
	ContactDetails   string
	IssuingAuthority string
	// BaseURL, when set, is the provider's address (scheme and host, no
	// trailing slash): a document then carries a "self" reference to
	// where it is served, BaseURL + DocumentPath.
	BaseURL string
	// Engine names the program that wrote the document (tracking
	// generator); "" leaves it out.
	Engine, EngineVersion string
}

func (p Publisher) csaf() csafmodel.Publisher {
	cat := p.Category
	if cat == "" {
		cat = "coordinator"
	}
	return csafmodel.Publisher{Category: cat, Name: p.Name, Namespace: p.Namespace, ContactDetails: p.ContactDetails, IssuingAuthority: p.IssuingAuthority}
}

func (p Publisher) generator() *csafmodel.Generator {
	if p.Engine == "" {
		return nil
	}
	return &csafmodel.Generator{Engine: csafmodel.Engine{Name: p.Engine, Version: p.EngineVersion}}
}

// ErrNotPublished refuses a draft: only published and withdrawn alerts
// have a CSAF document.
var ErrNotPublished = errors.New("csafexport: the alert is not published")

// TLP is the label every document Rollcall publishes carries: alert
// content goes to every organisation and is served without sign-in.
const TLP = "WHITE"

const tlpURL = "https://www.first.org/tlp/"

// FileName is the document's file name by CSAF 2.0 section 5.1: the
// tracking id in lower case, every run of characters other than a-z, 0-9,
// "+" and "-" made one "_", then ".json".
func FileName(trackingID string) string {
	return fileNameRun.ReplaceAllString(strings.ToLower(trackingID), "_") + ".json"
}

var fileNameRun = regexp.MustCompile(`[^+\-a-z0-9]+`)

// DocumentPath is where a provider serves an alert's document, from the
// site's root: /.well-known/csaf/white/<year of first publication>/<file>.
func DocumentPath(a *rollcall.Alert) string {
	return fmt.Sprintf("/.well-known/csaf/white/%d/%s", a.PublishedAt.UTC().Year(), FileName(a.Reference))
}

// Date writes a time as documents and feeds do: UTC, to the second.
func Date(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

// severityText is the aggregate severity: Rollcall's own rating.
func severityText(s rollcall.Severity) string {
	switch s {
	case rollcall.SeverityHigh:
		return "High"
	case rollcall.SeverityMedium:
		return "Medium"
	case rollcall.SeverityLow:
		return "Low"
	}
	return ""
}

// Document writes an alert as a CSAF 2.0 document (see the package
// documentation for what maps where). revs are the alert's published
// revisions, oldest first, as service.AlertRevisions returns them; they
// make the revision history. A draft is refused with ErrNotPublished.
func Document(a *rollcall.Alert, revs []rollcall.AlertRevision, p Publisher) ([]byte, error) {
	d, err := document(a, revs, p)
	if err != nil {
		return nil, err
	}
	return marshal(d)
}

func marshal(d *csafmodel.Document) ([]byte, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func document(a *rollcall.Alert, revs []rollcall.AlertRevision, p Publisher) (*csafmodel.Document, error) {
	if a.Status != rollcall.AlertPublished && a.Status != rollcall.AlertWithdrawn || a.PublishedAt.IsZero() || a.Revision < 1 {
		return nil, ErrNotPublished
	}
	if p.Name == "" || p.Namespace == "" {
		return nil, errors.New("csafexport: the publisher needs a name and a namespace")
	}
	history, current, err := revisionHistory(a, revs)
	if err != nil {
		return nil, err
	}
	d := &csafmodel.Document{Document: csafmodel.DocumentMeta{
		Category:     "csaf_security_advisory",
		CSAFVersion:  "2.0",
		Distribution: &csafmodel.Distribution{TLP: &csafmodel.TLP{Label: TLP, URL: tlpURL}},
		Lang:         "en-GB",
		Publisher:    p.csaf(),
		Title:        a.Title,
		Tracking: csafmodel.Tracking{
			CurrentReleaseDate: current,
			Generator:          p.generator(),
			ID:                 a.Reference,
			InitialReleaseDate: Date(a.PublishedAt),
			RevisionHistory:    history,
			Status:             "final",
			Version:            strconv.Itoa(a.Revision),
		},
	}}
	if a.Affected.IsZero() {
		// CSAF 6.1.27.4 to 6.1.27.6 ask a security advisory for its
		// products; an alert that names them only in words is a base
		// document (its one product is named by the words).
		d.Document.Category = "csaf_base"
	}
	if s := severityText(a.Severity); s != "" {
		d.Document.AggregateSeverity = &csafmodel.AggregateSeverity{Text: s}
	}
	d.Document.Notes = append(d.Document.Notes, csafmodel.Note{Category: "summary", Title: "Summary", Text: a.Summary})
	if t := strings.TrimSpace(a.AffectedProducts); t != "" {
		d.Document.Notes = append(d.Document.Notes, csafmodel.Note{Category: "details", Title: "Affected products", Text: t})
	}
	if t := strings.TrimSpace(a.Remediation); t != "" {
		d.Document.Notes = append(d.Document.Notes, csafmodel.Note{Category: "general", Title: "Remediation", Text: t})
	}
	if a.CVSS != nil && a.CVSS.Version != "3.1" && a.CVSS.Vector != "" {
		d.Document.Notes = append(d.Document.Notes, csafmodel.Note{Category: "other", Title: "CVSS v" + a.CVSS.Version,
			Text: fmt.Sprintf("%s (base score %.1f, %s). CSAF 2.0 scores take CVSS v2 and v3 only, so this score is given here as text.", a.CVSS.Vector, a.CVSS.Score, a.CVSS.Rating)})
	}
	if a.Status == rollcall.AlertWithdrawn {
		text := "This alert was withdrawn on " + a.UpdatedAt.UTC().Format("2 January 2006") + "."
		if len(revs) > 0 {
			if why := strings.TrimSpace(revs[len(revs)-1].ChangeNote); why != "" {
				text += " " + why
			}
		}
		d.Document.Notes = append(d.Document.Notes, csafmodel.Note{Category: "general", Title: "Withdrawn", Text: text})
	}
	for _, r := range a.References {
		d.Document.References = append(d.Document.References, csafmodel.Reference{Category: "external", Summary: r, URL: r})
	}
	if p.BaseURL != "" {
		d.Document.References = append(d.Document.References, csafmodel.Reference{Category: "self",
			Summary: "This document, " + a.Reference + ", as " + p.Name + " publishes it.", URL: p.BaseURL + DocumentPath(a)})
	}

	ps := newProductSet()
	ap, err := ps.addAlert(a)
	if err != nil {
		return nil, err
	}
	d.ProductTree = &ps.tree
	all := ap.all()
	var rems []csafmodel.Remediation
	if t := strings.TrimSpace(a.Remediation); t != "" && len(ap.software)+len(ap.named) > 0 {
		ids := dedupe(append(append([]string(nil), ap.software...), ap.named...))
		rems = append(rems, csafmodel.Remediation{Category: "vendor_fix", Details: t, ProductIDs: ids})
	}
	rems = append(rems, windowsFixes(a.Affected.Windows, ap.windows)...)
	var scores []csafmodel.Score
	if c := a.CVSS; c != nil && c.Version == "3.1" {
		scores = []csafmodel.Score{{CVSSv3: &csafmodel.CVSS{Version: "3.1", VectorString: c.Vector, BaseScore: jsonNumber(c.Score), BaseSeverity: strings.ToUpper(c.Rating)}, Products: all}}
	}
	vuln := func() csafmodel.Vulnerability {
		return csafmodel.Vulnerability{
			Notes:         []csafmodel.Note{{Category: "summary", Title: "Summary", Text: a.Summary}},
			ProductStatus: &csafmodel.ProductStatus{KnownAffected: slices.Clone(all)},
			Remediations:  slices.Clone(rems),
			Scores:        slices.Clone(scores),
		}
	}
	for _, cve := range a.CVEs {
		v := vuln()
		v.CVE = cve
		d.Vulnerabilities = append(d.Vulnerabilities, v)
	}
	if len(a.CVEs) == 0 {
		v := vuln()
		v.Title = a.Title
		v.IDs = []csafmodel.VulnID{{SystemName: p.Name + " alert", Text: a.Reference}}
		d.Vulnerabilities = append(d.Vulnerabilities, v)
	}
	return d, nil
}

// windowsFixes gives each Windows build a vendor fix naming the updates
// that fix it (and, for Windows 10 and later, the first fixed build);
// builds fixed alike share one.
func windowsFixes(ws []rollcall.AffectedWindows, ids []string) []csafmodel.Remediation {
	var out []csafmodel.Remediation
	for i, w := range ws {
		var parts []string
		if len(w.FixedBy) > 0 {
			parts = append(parts, "Install "+strings.Join(w.FixedBy, " or ")+", or a later update that contains the fix.")
		}
		if w.FixedRevision > 0 {
			parts = append(parts, fmt.Sprintf("Build %s.%d and later are fixed.", w.Build, w.FixedRevision))
		}
		details := strings.Join(parts, " ")
		if j := slices.IndexFunc(out, func(r csafmodel.Remediation) bool { return r.Details == details }); j >= 0 {
			if !slices.Contains(out[j].ProductIDs, ids[i]) {
				out[j].ProductIDs = append(out[j].ProductIDs, ids[i])
			}
			continue
		}
		out = append(out, csafmodel.Remediation{Category: "vendor_fix", Details: details, ProductIDs: []string{ids[i]}})
	}
	return out
}

// revisionHistory is the tracking revision history: one item per
// published revision, its note as the summary. Without revisions, a
// first revision is written from the alert itself.
func revisionHistory(a *rollcall.Alert, revs []rollcall.AlertRevision) ([]csafmodel.Revision, string, error) {
	if len(revs) == 0 {
		if a.Revision != 1 {
			return nil, "", fmt.Errorf("csafexport: %s is at revision %d: its revisions are needed for the revision history", a.Reference, a.Revision)
		}
		return []csafmodel.Revision{{Date: Date(a.PublishedAt), Number: "1", Summary: "First published."}}, Date(a.PublishedAt), nil
	}
	var out []csafmodel.Revision
	var last time.Time
	for i, r := range revs {
		if r.Revision != i+1 {
			return nil, "", fmt.Errorf("csafexport: %s revision %d is item %d of its revisions", a.Reference, r.Revision, i+1)
		}
		summary := strings.TrimSpace(r.ChangeNote)
		if summary == "" {
			summary = fmt.Sprintf("Revision %d.", r.Revision)
		}
		out = append(out, csafmodel.Revision{Date: Date(r.CreatedAt), Number: strconv.Itoa(r.Revision), Summary: summary})
		if r.CreatedAt.After(last) {
			last = r.CreatedAt
		}
	}
	if len(revs) != a.Revision {
		return nil, "", fmt.Errorf("csafexport: %s is at revision %d but %d revisions were given", a.Reference, a.Revision, len(revs))
	}
	return out, Date(last), nil
}

// jsonNumber writes a score as encoding/json writes a float64.
func jsonNumber(f float64) *json.Number {
	n := json.Number(strconv.FormatFloat(f, 'f', -1, 64))
	return &n
}
