package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"rollcall"
)

// sourceErrorsShown is how many of a run's errors the feeds page shows
// before the rest are folded away.
const sourceErrorsShown = 3

// sourceEveryDefaultHours is what the form offers for a new feed: the
// service's own default when none is given.
const sourceEveryDefaultHours = "6"

// sourceEveryMax bounds a schedule, so a mistyped number cannot overflow
// a duration: a feed is read at least once a year.
const sourceEveryMax = 366 * rollcall.Day

// sourceKind is a kind of feed as the form offers it.
type sourceKind struct {
	Code  rollcall.SourceKind
	Label string
	Hint  string
}

// sourceKinds are the kinds of feed, in the form's order.
var sourceKinds = []sourceKind{
	{rollcall.SourceKEV, "KEV catalogue", "CISA's catalogue of Known Exploited Vulnerabilities: one JSON document, by web address or path on the server."},
	{rollcall.SourceCSAF, "CSAF", "CSAF 2.0 advisories: a provider's provider-metadata.json (its ROLIE feeds and directories are followed), a ROLIE feed, one document's web address, or a file or folder on the server."},
	{rollcall.SourceOSV, "OSV", "OSV records: an ecosystem's all.zip by web address or path, or a folder or one record on the server."},
}

// sourceKindLabel is a kind as people read it.
func sourceKindLabel(k rollcall.SourceKind) string {
	for _, sk := range sourceKinds {
		if sk.Code == k {
			return sk.Label
		}
	}
	return string(k)
}

// sourceRunLabels and sourceRunTones say how a run went, in words and in
// the colour of its tag.
var (
	sourceRunLabels = map[string]string{rollcall.RunOK: "Read", rollcall.RunUnchanged: "Unchanged",
		rollcall.RunPartial: "Partly read", rollcall.RunFailed: "Failed"}
	sourceRunTones = map[string]string{rollcall.RunOK: "green", rollcall.RunUnchanged: "grey",
		rollcall.RunPartial: "orange", rollcall.RunFailed: "red"}
)

func sourceRunLabel(status string) string {
	if l, ok := sourceRunLabels[status]; ok {
		return l
	}
	return status
}

// sourceEveryWords is a schedule in words: "every 6 hours", "every
// 30 minutes", "every day".
func sourceEveryWords(d time.Duration) string {
	switch {
	case d <= 0:
		return "—"
	case d == rollcall.Day:
		return "every day"
	case d == time.Hour:
		return "every hour"
	case d%rollcall.Day == 0 && d >= 2*rollcall.Day:
		return fmt.Sprintf("every %d days", d/rollcall.Day)
	case d%time.Hour == 0:
		return fmt.Sprintf("every %d hours", d/time.Hour)
	case d%time.Minute == 0 && d < time.Hour:
		return fmt.Sprintf("every %d minutes", d/time.Minute)
	}
	return "every " + formatTook(d)
}

// sourceHours is a schedule as the form's hours box shows it: "6",
// "0.5".
func sourceHours(d time.Duration) string {
	return strconv.FormatFloat(d.Hours(), 'f', -1, 64)
}

// parseSourceHours reads the hours box: a positive number of hours,
// fractions allowed ("0.5"). Errors are on the field "every".
func parseSourceHours(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, rollcall.FieldError("every", "Say how often to read it, in hours, for example 6.")
	}
	h, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(h) || math.IsInf(h, 0) {
		return 0, rollcall.FieldError("every", "How often must be a number of hours, for example 6 or 0.5.")
	}
	if h > sourceEveryMax.Hours() {
		return 0, rollcall.FieldError("every", "A feed must be read at least once a year (%d hours).", int(sourceEveryMax.Hours()))
	}
	d := time.Duration(h * float64(time.Hour)).Round(time.Second)
	if d < rollcall.MinSourceEvery {
		return 0, rollcall.FieldError("every", "A feed is read at most every %s: give at least 0.1 hours.", sourceMinWords)
	}
	return d, nil
}

// sourceMinWords is the shortest schedule in words.
var sourceMinWords = strings.TrimPrefix(sourceEveryWords(rollcall.MinSourceEvery), "every ")

// sourceRow is one feed of the list.
type sourceRow struct {
	rollcall.Source
	KindLabel  string
	EveryWords string
	// The last run, if any: its tag, and its errors, the first few shown
	// and the rest folded away.
	RunLabel, RunTone string
	FirstErrors       []string
	MoreErrors        []string
}

func newSourceRow(s rollcall.Source) sourceRow {
	row := sourceRow{Source: s, KindLabel: sourceKindLabel(s.Kind), EveryWords: sourceEveryWords(s.Every)}
	if r := s.LastRun; r != nil {
		row.RunLabel, row.RunTone = sourceRunLabel(r.Status), sourceRunTones[r.Status]
		if row.RunTone == "" {
			row.RunTone = "grey"
		}
		row.FirstErrors = r.Errors
		if len(r.Errors) > sourceErrorsShown {
			row.FirstErrors, row.MoreErrors = r.Errors[:sourceErrorsShown], r.Errors[sourceErrorsShown:]
		}
	}
	return row
}

// sourcesData is the feeds page.
type sourcesData struct {
	Items     []sourceRow
	CanChange bool
}

// handleSourcesPage lists the feed sources with how each was last read.
// The centre and auditors only; the service refuses everyone else.
func (s *Server) handleSourcesPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	list, err := s.svc.ListSources(r.Context(), a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := sourcesData{CanChange: a.CanAuthorAlerts()}
	for _, src := range list {
		d.Items = append(d.Items, newSourceRow(src))
	}
	s.render(w, r, http.StatusOK, "sources", &page{Title: "Feeds", Data: d})
}

// sourceForm is the add and edit form, kept as typed so that a form with a
// mistake comes back as the analyst left it.
type sourceForm struct {
	ID       int64
	Name     string
	Kind     string
	Location string
	Every    string
	Enabled  bool
}

// sourceFormData is what the form template needs.
type sourceFormData struct {
	Form  sourceForm
	Kinds []sourceKind
}

// sourceFormFields map the domain's field names to the form's input ids.
var sourceFormFields = map[string]string{"name": "name", "kind": "kind", "location": "location", "every": "every"}

func (s *Server) renderSourceForm(w http.ResponseWriter, r *http.Request, status int, f sourceForm, errs formErrors) {
	title := "Add a feed"
	path := "/sources/new"
	if f.ID != 0 {
		title, path = "Change a feed", fmt.Sprintf("/sources/%d/edit", f.ID)
	}
	s.render(w, r, status, "source_form", &page{Title: title, Path: path, Errors: errs, Data: sourceFormData{Form: f, Kinds: sourceKinds}})
}

// readSourceForm reads the posted form into what to show again and the
// source to save, with the form's faults in the order of the form: the
// first the domain finds in the name, kind or address, and any in the
// hours box.
func readSourceForm(r *http.Request, id int64) (sourceForm, *rollcall.Source, formErrors) {
	f := sourceForm{ID: id, Name: r.PostFormValue("name"), Kind: strings.TrimSpace(r.PostFormValue("kind")),
		Location: r.PostFormValue("location"), Every: strings.TrimSpace(r.PostFormValue("every")), Enabled: r.PostFormValue("enabled") != ""}
	src := &rollcall.Source{ID: id, Name: f.Name, Kind: rollcall.SourceKind(f.Kind), Location: f.Location, Enabled: f.Enabled}
	every, herr := parseSourceHours(f.Every)
	src.Every = every
	probe := *src
	if herr != nil {
		probe.Every = rollcall.MinSourceEvery
	}
	var errs formErrors
	if err := probe.Validate(); err != nil {
		errs = append(errs, fieldErrors(err, sourceFormFields, "name")...)
	}
	if herr != nil && errs.For("every") == "" {
		errs = append(errs, fieldErrors(herr, sourceFormFields, "every")...)
	}
	return f, src, errs
}

// saveSourceForm reads the posted form and saves it with save, answering
// a form with faults itself; it reports whether the source was saved.
func (s *Server) saveSourceForm(w http.ResponseWriter, r *http.Request, id int64, save func(*rollcall.Source) error) (*rollcall.Source, bool) {
	f, src, errs := readSourceForm(r, id)
	if errs != nil {
		s.renderSourceForm(w, r, http.StatusUnprocessableEntity, f, errs)
		return nil, false
	}
	if err := save(src); err != nil {
		if errs := fieldErrors(err, sourceFormFields, "name"); errs != nil {
			s.renderSourceForm(w, r, formStatus(err), f, errs)
			return nil, false
		}
		s.error(w, r, err)
		return nil, false
	}
	return src, true
}

// requireSourceAuthor refuses everyone but the centre's analysts.
func (s *Server) requireSourceAuthor(w http.ResponseWriter, r *http.Request, a *rollcall.Actor) bool {
	if !a.CanAuthorAlerts() {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can change feeds."))
		return false
	}
	return true
}

// handleNewSourcePage shows the form to add a feed; analysts only.
func (s *Server) handleNewSourcePage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil || !s.requireSourceAuthor(w, r, a) {
		return
	}
	s.renderSourceForm(w, r, http.StatusOK, sourceForm{Kind: string(rollcall.SourceKEV), Every: sourceEveryDefaultHours, Enabled: true}, nil)
}

// handleCreateSource adds a feed, due to be read at once.
func (s *Server) handleCreateSource(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	if !s.requireSourceAuthor(w, r, a) {
		return
	}
	src, ok := s.saveSourceForm(w, r, 0, func(src *rollcall.Source) error { return s.svc.CreateSource(r.Context(), a, src) })
	if !ok {
		return
	}
	msg := fmt.Sprintf("Feed %s added. It will be read within a minute.", src.Name)
	if !src.Enabled {
		msg = fmt.Sprintf("Feed %s added, disabled: it is not read until you enable it.", src.Name)
	}
	s.redirect(w, r, "/sources", msg)
}

// handleEditSourcePage shows the form to change a feed; analysts only.
func (s *Server) handleEditSourcePage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil || !s.requireSourceAuthor(w, r, a) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	src, err := s.svc.GetSource(r.Context(), a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderSourceForm(w, r, http.StatusOK, sourceForm{ID: src.ID, Name: src.Name, Kind: string(src.Kind), Location: src.Location,
		Every: sourceHours(src.Every), Enabled: src.Enabled}, nil)
}

// handleEditSource changes a feed: its name, address, schedule, or
// whether it is read at all.
func (s *Server) handleEditSource(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	if !s.requireSourceAuthor(w, r, a) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	// A source that does not exist is "not found", not a form to fix.
	if _, err := s.svc.GetSource(r.Context(), a, id); err != nil {
		s.error(w, r, err)
		return
	}
	src, ok := s.saveSourceForm(w, r, id, func(src *rollcall.Source) error { return s.svc.UpdateSource(r.Context(), a, src) })
	if !ok {
		return
	}
	msg := fmt.Sprintf("Feed %s saved.", src.Name)
	if !src.Enabled {
		msg = fmt.Sprintf("Feed %s saved, disabled: it is not read until you enable it.", src.Name)
	}
	s.redirect(w, r, "/sources", msg)
}

// handleRunSource makes a feed due at once: the next sync, within a
// minute, reads it. A disabled feed is never read, so it is refused
// rather than promised.
func (s *Server) handleRunSource(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	src, err := s.runSourceNow(r, a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, "/sources", fmt.Sprintf("%s: it will be read within a minute.", src.Name))
}

// runSourceNow makes a source due at once, for the page and the API: the
// caller must be an analyst, the source must exist and be enabled.
func (s *Server) runSourceNow(r *http.Request, a *rollcall.Actor, id int64) (*rollcall.Source, error) {
	if !a.CanAuthorAlerts() {
		return nil, rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can run feeds.")
	}
	src, err := s.svc.GetSource(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	if !src.Enabled {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "%s is disabled, so it is not read: enable it first.", src.Name)
	}
	if err := s.svc.RunSourceNow(r.Context(), a, id); err != nil {
		return nil, err
	}
	return src, nil
}
