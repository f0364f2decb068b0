package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"rollcall"
	"rollcall/service"
)

// advisoriesPerPage is how many advisories the library shows at once.
const advisoriesPerPage = 25

// advisoryAliasesListed is how many aliases a row of the library shows;
// the advisory's page has them all.
const advisoryAliasesListed = 3

// advisorySource is a feed the library holds advisories from.
type advisorySource struct {
	Code, Label string
}

// advisorySources are the feeds the library's filter offers, and the only
// sources the API's filter takes.
var advisorySources = []advisorySource{
	{"osv", "OSV"},
	{"kev", "KEV catalogue"},
	{"csaf", "CSAF"},
}

func advisorySourceCodes() []string {
	out := make([]string, len(advisorySources))
	for i, s := range advisorySources {
		out[i] = s.Code
	}
	return out
}

// advisorySourceLabel is a source as people read it.
func advisorySourceLabel(code string) string {
	for _, s := range advisorySources {
		if s.Code == code {
			return s.Label
		}
	}
	return code
}

// advisoryPath is an advisory's page. The identifier is escaped as one
// path segment: it may hold ':' ("RHSA-2022:0011") or even '/', which
// the router reads back unescaped.
func advisoryPath(source, sourceID string) string {
	return "/advisories/" + url.PathEscape(source) + "/" + url.PathEscape(sourceID)
}

// advisoryRef splits an alert's Advisory ("csaf:RHSA-2022:0011") into
// its source and identifier: the source never holds ':', the identifier
// may.
func advisoryRef(ref string) (source, sourceID string, ok bool) {
	source, sourceID, ok = strings.Cut(ref, ":")
	return source, sourceID, ok && source != "" && sourceID != ""
}

// advisoryRefPath is the page of the advisory an alert was made from, or
// "" when it names none.
func advisoryRefPath(ref string) string {
	source, id, ok := advisoryRef(ref)
	if !ok {
		return ""
	}
	return advisoryPath(source, id)
}

// advisoryName is the advisory an alert was made from as people read
// it: "RHSA-2022:0011 (CSAF)".
func advisoryName(ref string) string {
	source, id, ok := advisoryRef(ref)
	if !ok {
		return ref
	}
	return id + " (" + advisorySourceLabel(source) + ")"
}

// advisoryFuncs are the template helpers for linking to the library.
var advisoryFuncs = template.FuncMap{
	"advisoryPath": advisoryRefPath,
	"advisoryName": advisoryName,
}

// advisoriesData is one page of the advisory library.
type advisoriesData struct {
	Items   []advisoryRow
	Total   int
	Pager   pager
	Query   string
	Source  string
	Sources []advisorySource
}

// advisoryRow is one advisory of the library's list.
type advisoryRow struct {
	*rollcall.Advisory
	Path        string
	SourceLabel string
	// Aliases are the first few; MoreAliases counts the rest.
	Aliases     []string
	MoreAliases int
	Ransomware  bool
}

func newAdvisoryRow(a *rollcall.Advisory) advisoryRow {
	row := advisoryRow{Advisory: a, Path: advisoryPath(a.Source, a.SourceID), SourceLabel: advisorySourceLabel(a.Source),
		Aliases: a.Aliases, Ransomware: a.Facts.KEV.RansomwareKnown()}
	if len(row.Aliases) > advisoryAliasesListed {
		row.Aliases, row.MoreAliases = row.Aliases[:advisoryAliasesListed], len(a.Aliases)-advisoryAliasesListed
	}
	return row
}

// handleAdvisoriesPage lists the advisory library, most recently changed
// first: searched by identifier, CVE alias or words of the summary, and
// filtered by source. The centre and auditors only; the service refuses
// everyone else.
func (s *Server) handleAdvisoriesPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	q := r.URL.Query()
	d := advisoriesData{Query: strings.TrimSpace(q.Get("q")), Source: strings.TrimSpace(q.Get("source")), Sources: advisorySources}
	if d.Source != "" && advisorySourceLabel(d.Source) == d.Source {
		d.Source = ""
	}
	n := pageNumber(r)
	advs, total, err := s.svc.ListAdvisories(r.Context(), a, rollcall.AdvisoryFilter{Source: d.Source, Query: d.Query,
		Limit: advisoriesPerPage, Offset: (n - 1) * advisoriesPerPage})
	if err != nil {
		s.error(w, r, err)
		return
	}
	for i := range advs {
		d.Items = append(d.Items, newAdvisoryRow(&advs[i]))
	}
	d.Total, d.Pager = total, newPager(r.URL, n, advisoriesPerPage, total)
	s.render(w, r, http.StatusOK, "advisories", &page{Title: "Advisories", Data: d})
}

// advisoryPageData is one advisory and what the estate's inventories show
// about it.
type advisoryPageData struct {
	Adv         *rollcall.Advisory
	Path        string
	SourceLabel string
	Ransomware  bool
	// Matchable is set when the advisory names versions or Windows builds
	// Rollcall can check inventories against; a KEV entry names only a
	// vendor and product.
	Matchable bool
	// Exposure is nil while exposure is still loading (Loading is then
	// set).
	Exposure *service.AdvisoryExposure
	Loading  bool
	CanDraft bool
	// Alerts are the alerts already made from the advisory.
	Alerts []*rollcall.Alert
	// Remediations are what the source says to do, each kind named.
	Remediations []remediationRow
}

// remediationRow is one thing a source says to do, its kind in words.
type remediationRow struct {
	rollcall.AdvisoryRemediation
	Label string
}

// remediationLabels name the kinds of remediation sources give.
var remediationLabels = map[string]string{
	"vendor_fix":      "Vendor fix",
	"workaround":      "Workaround",
	"mitigation":      "Mitigation",
	"none_available":  "No fix available",
	"no_fix_planned":  "No fix planned",
	"required_action": "Required action",
}

func remediationLabel(category string) string {
	if l, ok := remediationLabels[category]; ok {
		return l
	}
	if category == "" {
		return "Remediation"
	}
	return strings.ReplaceAll(category, "_", " ")
}

// handleAdvisoryPage shows one advisory of the library: what its source
// says, and its exposure across the estate. Analysts may make a draft
// alert of it.
func (s *Server) handleAdvisoryPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	ctx := r.Context()
	source, id := r.PathValue("source"), r.PathValue("id")
	adv, err := s.svc.GetAdvisory(ctx, a, source, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := advisoryPageData{Adv: adv, Path: advisoryPath(adv.Source, adv.SourceID), SourceLabel: advisorySourceLabel(adv.Source),
		Ransomware: adv.Facts.KEV.RansomwareKnown(), Matchable: len(adv.Affected) > 0 || len(adv.Facts.Windows) > 0,
		CanDraft: a.CanAuthorAlerts()}
	for _, rm := range adv.Facts.Remediations {
		d.Remediations = append(d.Remediations, remediationRow{AdvisoryRemediation: rm, Label: remediationLabel(rm.Category)})
	}
	d.Exposure, err = s.svc.AdvisoryExposureOf(ctx, a, source, id)
	if rollcall.ErrorCode(err) == rollcall.ECONFLICT {
		d.Loading, err = true, nil
	}
	if err == nil {
		d.Alerts, err = s.svc.AlertsFromAdvisory(ctx, a, source, id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	title := adv.SourceID
	if adv.Summary != "" {
		title += ": " + adv.Summary
	}
	s.render(w, r, http.StatusOK, "advisory", &page{Title: title, Data: d})
}

// handleDraftFromAdvisory makes a draft alert from an advisory and sends
// the analyst to change it.
func (s *Server) handleDraftFromAdvisory(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	alert, err := s.svc.DraftAlertFromAdvisory(r.Context(), a, r.PathValue("source"), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/alerts/%d/edit", alert.ID),
		fmt.Sprintf("Draft %s made from advisory %s. Check it, then publish it.", alert.Reference, r.PathValue("id")))
}
