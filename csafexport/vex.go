package csafexport

import (
	"errors"
	"slices"
	"strings"
	"time"

	"rollcall"
	"rollcall/csafmodel"
)

// NotApplicable is one alert an organisation answered "not applicable",
// with its reason.
type NotApplicable struct {
	Alert  *rollcall.Alert
	Reason string
	// At is when the organisation last changed its answer.
	At time.Time
}

// ErrNoStatements refuses a VEX document with nothing to say.
var ErrNoStatements = errors.New("csafexport: no alert is answered not applicable")

// VEX writes a CSAF 2.0 VEX document (csaf_vex) of one organisation's
// "not applicable" answers: for each alert, its products are
// known_not_affected for each of its CVEs (or, without a CVE, for a
// vulnerability identified by the alert's reference), with the
// justification flag component_not_present and the organisation's reason
// as an impact statement. trackingID names the document; p is the
// organisation as publisher (category "user"). The document is a snapshot
// made on demand: version 1, status interim, dated by the answers.
func VEX(trackingID, title string, items []NotApplicable, p Publisher) ([]byte, error) {
	if len(items) == 0 {
		return nil, ErrNoStatements
	}
	if p.Name == "" || p.Namespace == "" {
		return nil, errors.New("csafexport: the publisher needs a name and a namespace")
	}
	if p.Category == "" {
		p.Category = "user"
	}
	var first, last time.Time
	for _, it := range items {
		if first.IsZero() || it.At.Before(first) {
			first = it.At
		}
		if it.At.After(last) {
			last = it.At
		}
	}
	d := &csafmodel.Document{Document: csafmodel.DocumentMeta{
		Category:     "csaf_vex",
		CSAFVersion:  "2.0",
		Distribution: &csafmodel.Distribution{Text: "For the organisation and the centre that sent the alerts."},
		Lang:         "en-GB",
		Publisher:    p.csaf(),
		Title:        title,
		Tracking: csafmodel.Tracking{
			CurrentReleaseDate: Date(last),
			Generator:          p.generator(),
			ID:                 trackingID,
			InitialReleaseDate: Date(first),
			RevisionHistory:    []csafmodel.Revision{{Date: Date(last), Number: "1", Summary: "Made from the organisation's answers as they stand."}},
			Status:             "interim",
			Version:            "1",
		},
		Notes: []csafmodel.Note{{Category: "general", Title: "How this document is made",
			Text: "Each vulnerability lists the products of the alerts the organisation answered \"not applicable\", with the reason it gave. The document is made afresh from the answers each time it is fetched."}},
	}}
	ps := newProductSet()
	type vulnAcc struct {
		v        csafmodel.Vulnerability
		products []string
	}
	var vulns []*vulnAcc
	find := func(cve, ref string) *vulnAcc {
		for _, x := range vulns {
			if cve != "" && x.v.CVE == cve || cve == "" && len(x.v.IDs) > 0 && x.v.IDs[0].Text == ref {
				return x
			}
		}
		x := &vulnAcc{}
		if cve != "" {
			x.v.CVE = cve
		} else {
			x.v.IDs = []csafmodel.VulnID{{SystemName: "Rollcall alert", Text: ref}}
		}
		vulns = append(vulns, x)
		return x
	}
	for _, it := range items {
		a := it.Alert
		ap, err := ps.addAlert(a)
		if err != nil {
			return nil, err
		}
		ids := ap.all()
		reason := strings.TrimSpace(it.Reason)
		if reason == "" {
			reason = "The organisation says the alert does not apply to it."
		}
		keys := a.CVEs
		if len(keys) == 0 {
			keys = []string{""}
		}
		for _, cve := range keys {
			x := find(cve, a.Reference)
			x.v.Notes = append(x.v.Notes, csafmodel.Note{Category: "description", Title: a.Reference + ": " + a.Title, Text: a.Summary})
			for _, id := range ids {
				if !slices.Contains(x.products, id) {
					x.products = append(x.products, id)
				}
			}
			x.v.Threats = append(x.v.Threats, csafmodel.Threat{Category: "impact", Details: reason, ProductIDs: slices.Clone(ids)})
		}
	}
	d.ProductTree = &ps.tree
	for _, x := range vulns {
		x.v.ProductStatus = &csafmodel.ProductStatus{KnownNotAffected: x.products}
		x.v.Flags = []csafmodel.Flag{{Label: "component_not_present", ProductIDs: slices.Clone(x.products)}}
		d.Vulnerabilities = append(d.Vulnerabilities, x.v)
	}
	return marshal(d)
}
