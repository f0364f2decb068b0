package server

import (
	"net/http"
	"time"

	"rollcall"
)

// The advisory library: what the feeds say, for the centre's triage, each
// advisory's exposure across the estate, and a draft alert made from one.

// apiAdvisoryAffected is one product an advisory affects and which of its
// versions, in vers notation.
type apiAdvisoryAffected struct {
	PURL      string `json:"purl"`
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	Vers      string `json:"vers"`
}

// apiAdvisoryRemediation is one thing an advisory's source says to do.
type apiAdvisoryRemediation struct {
	Category string   `json:"category"`
	Details  string   `json:"details"`
	URL      string   `json:"url"`
	Products []string `json:"products"`
}

// apiKEVFacts are a Known Exploited Vulnerabilities catalogue entry's own
// fields; dates are calendar dates, null when the catalogue gives none.
type apiKEVFacts struct {
	DateAdded       *string `json:"date_added"`
	DueDate         *string `json:"due_date"`
	RequiredAction  string  `json:"required_action"`
	KnownRansomware string  `json:"known_ransomware_campaign_use"`
	RansomwareKnown bool    `json:"ransomware_known"`
	Notes           string  `json:"notes"`
}

// apiAdvisoryFacts are what a source says beyond the affected versions.
type apiAdvisoryFacts struct {
	Vendor       string                   `json:"vendor"`
	Product      string                   `json:"product"`
	Severity     string                   `json:"severity"`
	CVSS         *apiCVSS                 `json:"cvss"`
	CWEs         []string                 `json:"cwes"`
	Windows      []apiAffectedWindows     `json:"windows"`
	Remediations []apiAdvisoryRemediation `json:"remediations"`
	KEV          *apiKEVFacts             `json:"kev"`
	Publisher    string                   `json:"publisher"`
}

// apiAdvisory is one advisory of the library.
type apiAdvisory struct {
	ID         int64                 `json:"id"`
	Source     string                `json:"source"`
	SourceID   string                `json:"source_id"`
	Aliases    []string              `json:"aliases"`
	Summary    string                `json:"summary"`
	Details    string                `json:"details"`
	Published  *time.Time            `json:"published"`
	Modified   *time.Time            `json:"modified"`
	Withdrawn  *time.Time            `json:"withdrawn"`
	Affected   []apiAdvisoryAffected `json:"affected"`
	References []string              `json:"references"`
	Facts      apiAdvisoryFacts      `json:"facts"`
	Revision   int                   `json:"revision"`
	ImportedAt *time.Time            `json:"imported_at"`
	UpdatedAt  *time.Time            `json:"updated_at"`
}

// apiDate is a calendar date, or nil for the zero time.
func apiDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

func apiAdvisoryOf(a *rollcall.Advisory) apiAdvisory {
	f := a.Facts
	out := apiAdvisory{ID: a.ID, Source: a.Source, SourceID: a.SourceID, Aliases: apiNonNil(a.Aliases), Summary: a.Summary, Details: a.Details,
		Published: apiTime(a.Published), Modified: apiTime(a.Modified), Withdrawn: apiTime(a.Withdrawn), Affected: []apiAdvisoryAffected{},
		References: apiNonNil(a.References), Revision: a.Revision, ImportedAt: apiTime(a.ImportedAt), UpdatedAt: apiTime(a.UpdatedAt),
		Facts: apiAdvisoryFacts{Vendor: f.Vendor, Product: f.Product, Severity: string(f.Severity), CWEs: apiNonNil(f.CWEs),
			Windows: []apiAffectedWindows{}, Remediations: []apiAdvisoryRemediation{}, Publisher: f.Publisher}}
	for _, p := range a.Affected {
		out.Affected = append(out.Affected, apiAdvisoryAffected(p))
	}
	if c := f.CVSS; c != nil {
		out.Facts.CVSS = &apiCVSS{Vector: c.Vector, Version: c.Version, Score: c.Score, Rating: c.Rating}
	}
	for _, w := range f.Windows {
		out.Facts.Windows = append(out.Facts.Windows, apiAffectedWindows{Name: w.Name, Build: w.Build, FixedRevision: w.FixedRevision, FixedBy: apiNonNil(w.FixedBy)})
	}
	for _, r := range f.Remediations {
		out.Facts.Remediations = append(out.Facts.Remediations, apiAdvisoryRemediation{Category: r.Category, Details: r.Details, URL: r.URL, Products: apiNonNil(r.Products)})
	}
	if k := f.KEV; k != nil {
		out.Facts.KEV = &apiKEVFacts{DateAdded: apiDate(k.DateAdded), DueDate: apiDate(k.DueDate), RequiredAction: k.RequiredAction,
			KnownRansomware: k.KnownRansomware, RansomwareKnown: k.RansomwareKnown(), Notes: k.Notes}
	}
	return out
}

// apiAdvisoryExposure is one advisory matched against every inventory.
type apiAdvisoryExposure struct {
	Source   string `json:"source"`
	SourceID string `json:"source_id"`
	// Loaded is false while exposure is still loading after a start: the
	// counts are then zero.
	Loaded bool `json:"loaded"`
	// Matchable is set when the advisory names versions or Windows builds
	// to check inventories against; a KEV entry names a product only.
	Matchable     bool `json:"matchable"`
	ExposedHosts  int  `json:"exposed_hosts"`
	UnknownHosts  int  `json:"unknown_hosts"`
	Organisations int  `json:"organisations"`
	// Problem says why the advisory could not be matched, if it could not.
	Problem *string `json:"problem"`
}

// apiAdvisoryParams reads the advisory a route names. Neither the source
// nor the identifier is checked here: an unknown one is not found.
func apiAdvisoryParams(r *http.Request) (source, sourceID string) {
	return r.PathValue("source"), r.PathValue("id")
}

// apiListAdvisories answers GET /api/v1/advisories.
func (s *Server) apiListAdvisories(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	q, err := apiReadQuery(r, "source", "q", "limit", "offset")
	if err != nil {
		return err
	}
	source, err := q.oneOf("source", advisorySourceCodes()...)
	if err != nil {
		return err
	}
	limit, offset, err := q.page(100, 500)
	if err != nil {
		return err
	}
	advs, total, err := s.svc.ListAdvisories(r.Context(), actor, rollcall.AdvisoryFilter{Source: source, Query: q.str("q"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	items := make([]apiAdvisory, 0, len(advs))
	for i := range advs {
		items = append(items, apiAdvisoryOf(&advs[i]))
	}
	writeJSON(w, http.StatusOK, newAPIList(items, total, limit, offset))
	return nil
}

// apiGetAdvisory answers GET /api/v1/advisories/{source}/{id}.
func (s *Server) apiGetAdvisory(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	source, id := apiAdvisoryParams(r)
	adv, err := s.svc.GetAdvisory(r.Context(), actor, source, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiAdvisoryOf(adv))
	return nil
}

// apiAdvisoryExposure answers GET /api/v1/advisories/{source}/{id}/exposure.
func (s *Server) apiAdvisoryExposure(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	source, id := apiAdvisoryParams(r)
	adv, err := s.svc.GetAdvisory(r.Context(), actor, source, id)
	if err != nil {
		return err
	}
	out := apiAdvisoryExposure{Source: adv.Source, SourceID: adv.SourceID, Matchable: len(adv.Affected) > 0 || len(adv.Facts.Windows) > 0}
	e, err := s.svc.AdvisoryExposureOf(r.Context(), actor, source, id)
	switch {
	case rollcall.ErrorCode(err) == rollcall.ECONFLICT:
	case err != nil:
		return err
	default:
		out.Loaded, out.ExposedHosts, out.UnknownHosts, out.Organisations = true, e.Exposed, e.Unknown, e.Orgs
		if e.Problem != "" {
			p := e.Problem
			out.Problem = &p
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiDraftFromAdvisory answers POST /api/v1/advisories/{source}/{id}/alert:
// a draft alert made from the advisory.
func (s *Server) apiDraftFromAdvisory(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	source, id := apiAdvisoryParams(r)
	a, err := s.svc.DraftAlertFromAdvisory(r.Context(), actor, source, id)
	if err != nil {
		return err
	}
	apiCreated(w, apiLocation("/api/v1/alerts/%d", a.ID), s.alertOf(a))
	return nil
}
