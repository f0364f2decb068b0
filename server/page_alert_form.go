package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"rollcall"
)

// alertForm is the alert form as typed, so that a form with a mistake comes
// back exactly as the analyst left it.
type alertForm struct {
	ID        int64
	Reference string
	// Published is set when editing a published alert: saving publishes a
	// new revision and needs a note of what changed.
	Published bool
	Revision  int

	Title, Severity, Summary, CVEs, CVSSVector string
	AffectedProducts, Remediation, References  string
	// AffectedSoftware and AffectedWindows are the structured products,
	// one a line, as typed.
	AffectedSoftware, AffectedWindows string
	// Target is "all", "some" or "exposed". Regions, Types and OrgCodes
	// narrow (or add to) an exposed target as they make up a chosen one.
	Target                  string
	Regions                 map[int64]bool
	Types                   map[rollcall.OrgType]bool
	OrgCodes                string
	AckHours, RemediateDays string
	ChangeNote              string
}

// alertFormData is what the form page needs beside the form.
type alertFormData struct {
	Form       alertForm
	Regions    []rollcall.Region
	Types      []rollcall.OrgType
	Severities []rollcall.Severity
	// PolicyClocks says what each severity's clocks are.
	PolicyClocks string
}

// alertFieldIDs maps the domain's field names to the form's input ids.
var alertFieldIDs = map[string]string{
	"title": "title", "severity": "severity", "summary": "summary", "cves": "cves",
	"cvss_vector": "cvss_vector", "references": "references", "target": "target",
	"target.region_ids": "target-regions", "target.types": "target-types", "target.org_ids": "org_codes",
	"acknowledge_within": "acknowledge_within", "remediate_within": "remediate_within",
	"change_note": "change_note", "target.exposed": "target",
	"affected": "affected_software", "affected_software": "affected_software", "affected_windows": "affected_windows",
}

// alertFieldIDsFor is alertFieldIDs for the form as sent: an exposed
// target's regions, types and codes are its own inputs.
func alertFieldIDsFor(f alertForm) map[string]string {
	if f.Target != "exposed" {
		return alertFieldIDs
	}
	ids := make(map[string]string, len(alertFieldIDs))
	for k, v := range alertFieldIDs {
		ids[k] = v
	}
	ids["target.region_ids"], ids["target.types"], ids["target.org_ids"] = "exposed-regions", "exposed-types", "exposed_org_codes"
	return ids
}

// alertFormErrors turns a service error into the form's faults: one
// about a structured product names its textarea and line.
func alertFormErrors(err error, f alertForm, lines affectedLines) formErrors {
	if errs := affectedError(err, lines); errs != nil {
		return errs
	}
	return fieldErrors(err, alertFieldIDsFor(f), "title")
}

// handleNewAlertPage shows an empty alert form; analysts only.
func (s *Server) handleNewAlertPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if !a.CanAuthorAlerts() {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can write alerts."))
		return
	}
	s.renderAlertForm(w, r, http.StatusOK, alertForm{Target: "all"}, nil)
}

// handleCreateAlert saves a new draft.
func (s *Server) handleCreateAlert(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	form := alertFormFrom(r)
	alert, lines, err := s.alertFromForm(r.Context(), a, form)
	if err == nil {
		err = s.svc.CreateAlert(r.Context(), a, alert)
	}
	if errs := alertFormErrors(err, form, lines); errs != nil {
		s.renderAlertForm(w, r, formStatus(err), form, errs)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/alerts/%d", alert.ID), fmt.Sprintf("Draft %s saved. Check it, then publish it.", alert.Reference))
}

// handleEditAlertPage shows an alert in the form: a draft to change, or a
// published alert to revise.
func (s *Server) handleEditAlertPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	alert, err := s.alertToEdit(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	form, err := s.alertFormOf(r.Context(), a, alert)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderAlertForm(w, r, http.StatusOK, form, nil)
}

// handleEditAlert saves a draft, or publishes a revision of a published
// alert (the service keeps the old revision and tells organisations what
// changed).
func (s *Server) handleEditAlert(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	old, err := s.alertToEdit(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	form := alertFormFrom(r)
	form.ID, form.Reference, form.Revision = old.ID, old.Reference, old.Revision
	form.Published = old.Status == rollcall.AlertPublished
	alert, lines, err := s.alertFromForm(r.Context(), a, form)
	var flash string
	if err == nil {
		alert.ID = old.ID
		if form.Published {
			var n int
			n, err = s.svc.ReviseAlert(r.Context(), a, alert, form.ChangeNote)
			flash = fmt.Sprintf("Revision %d of %s published.", alert.Revision, old.Reference)
			if n > 0 {
				flash += fmt.Sprintf(" It reached %d more %s.", n, plural(n, "organisation", "organisations"))
			}
		} else {
			err = s.svc.UpdateDraft(r.Context(), a, alert)
			flash = fmt.Sprintf("Draft %s saved.", old.Reference)
		}
	}
	if errs := alertFormErrors(err, form, lines); errs != nil {
		s.renderAlertForm(w, r, formStatus(err), form, errs)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/alerts/%d", old.ID), flash)
}

// handlePublishAlert publishes a draft: its clocks start for every
// organisation it targets.
func (s *Server) handlePublishAlert(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.svc.PublishAlert(r.Context(), a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/alerts/%d", id), fmt.Sprintf("Alert published to %d %s. Their clocks have started.", n, plural(n, "organisation", "organisations")))
}

// alertToEdit loads the alert of the path for an analyst.
func (s *Server) alertToEdit(r *http.Request, a *rollcall.Actor) (*rollcall.Alert, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	alert, err := s.svc.GetAlert(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	if !a.CanAuthorAlerts() {
		return nil, rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can change alerts.")
	}
	if alert.Status == rollcall.AlertWithdrawn {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is withdrawn and cannot be changed.", alert.Reference)
	}
	return alert, nil
}

func (s *Server) renderAlertForm(w http.ResponseWriter, r *http.Request, status int, form alertForm, errs formErrors) {
	a := actorFrom(r.Context())
	regions, err := s.svc.ListRegions(r.Context(), a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	title := "Write an alert"
	switch {
	case form.Published:
		title = "Publish a revision of " + form.Reference
	case form.ID != 0:
		title = "Change draft " + form.Reference
	}
	d := alertFormData{Form: form, Regions: regions, Types: rollcall.OrgTypes, Severities: rollcall.Severities, PolicyClocks: policyClocks(s.svc.Policy())}
	s.render(w, r, status, "alert_form", &page{Title: title, Errors: errs, Data: d})
}

// policyClocks says what the policy's clocks are for each severity.
func policyClocks(p rollcall.Policy) string {
	var parts []string
	for _, sev := range rollcall.Severities {
		c := p.Clocks[sev]
		parts = append(parts, fmt.Sprintf("%s: acknowledge %s, remediate %s", strings.ToLower(sev.Label()),
			rollcall.FormatDuration(c.Acknowledge), rollcall.FormatDuration(c.Remediate)))
	}
	return strings.Join(parts, "; ")
}

// alertFormFrom reads the posted alert form.
func alertFormFrom(r *http.Request) alertForm {
	f := alertForm{
		Title: r.PostFormValue("title"), Severity: r.PostFormValue("severity"), Summary: r.PostFormValue("summary"),
		CVEs: r.PostFormValue("cves"), CVSSVector: strings.TrimSpace(r.PostFormValue("cvss_vector")),
		AffectedProducts: r.PostFormValue("affected_products"), Remediation: r.PostFormValue("remediation"),
		AffectedSoftware: r.PostFormValue("affected_software"), AffectedWindows: r.PostFormValue("affected_windows"),
		References: r.PostFormValue("references"), Target: r.PostFormValue("target"),
		OrgCodes: r.PostFormValue("org_codes"), AckHours: strings.TrimSpace(r.PostFormValue("acknowledge_within")),
		RemediateDays: strings.TrimSpace(r.PostFormValue("remediate_within")), ChangeNote: r.PostFormValue("change_note"),
		Regions: map[int64]bool{}, Types: map[rollcall.OrgType]bool{},
	}
	// An exposed target has its own copies of the filters, in its own
	// part of the form; only the chosen part's are read.
	region, orgType := "region", "org_type"
	if f.Target == "exposed" {
		region, orgType = "exposed_region", "exposed_org_type"
		f.OrgCodes = r.PostFormValue("exposed_org_codes")
	}
	for _, v := range r.PostForm[region] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			f.Regions[id] = true
		}
	}
	for _, v := range r.PostForm[orgType] {
		f.Types[rollcall.OrgType(v)] = true
	}
	return f
}

// alertFromForm turns the form into an alert for the service to check.
// Only what the form itself must interpret is checked here: numbers, and
// organisation codes, which it resolves to organisations.
func (s *Server) alertFromForm(ctx context.Context, a *rollcall.Actor, f alertForm) (*rollcall.Alert, affectedLines, error) {
	lines, err := parseAffected(f.AffectedSoftware, f.AffectedWindows)
	if err != nil {
		return nil, lines, err
	}
	alert, err := s.alertOfForm(ctx, a, f)
	if alert != nil {
		alert.Affected = lines.Affected
	}
	return alert, lines, err
}

func (s *Server) alertOfForm(ctx context.Context, a *rollcall.Actor, f alertForm) (*rollcall.Alert, error) {
	alert := &rollcall.Alert{
		Title: f.Title, Severity: rollcall.Severity(f.Severity), Summary: f.Summary,
		CVEs: splitList(f.CVEs), AffectedProducts: strings.TrimSpace(f.AffectedProducts),
		Remediation: strings.TrimSpace(f.Remediation), References: splitLines(f.References),
	}
	if f.CVSSVector != "" {
		alert.CVSS = &rollcall.CVSS{Vector: f.CVSSVector}
	}
	if f.Target == "all" {
		alert.Target.All = true
	} else {
		alert.Target.Exposed = f.Target == "exposed"
		for _, rg := range sortedKeys(f.Regions) {
			alert.Target.RegionIDs = append(alert.Target.RegionIDs, rg)
		}
		for _, t := range rollcall.OrgTypes {
			if f.Types[t] {
				alert.Target.Types = append(alert.Target.Types, t)
			}
		}
		for _, code := range splitList(f.OrgCodes) {
			o, err := s.orgByCode(ctx, a, code)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(alert.Target.OrgIDs, o.ID) {
				alert.Target.OrgIDs = append(alert.Target.OrgIDs, o.ID)
			}
		}
	}
	if f.AckHours != "" || f.RemediateDays != "" {
		ack, err := wholeNumber(f.AckHours, "acknowledge_within", "hours")
		if err != nil {
			return nil, err
		}
		rem, err := wholeNumber(f.RemediateDays, "remediate_within", "days")
		if err != nil {
			return nil, err
		}
		alert.ClockOverride = &rollcall.Clocks{Acknowledge: time.Duration(ack) * time.Hour, Remediate: time.Duration(rem) * rollcall.Day}
	}
	return alert, nil
}

// wholeNumber reads a count of hours or days; empty is 0 (no clock).
func wholeNumber(s, field, unit string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 3650 {
		return 0, rollcall.FieldError(field, "Enter a whole number of %s, for example 48, or 0 for no clock.", unit)
	}
	return n, nil
}

// orgByCode finds the organisation with exactly this code.
func (s *Server) orgByCode(ctx context.Context, a *rollcall.Actor, code string) (*rollcall.Organisation, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	orgs, _, err := s.svc.ListOrganisations(ctx, a, rollcall.OrgFilter{Query: code, Limit: 20})
	if err != nil {
		return nil, err
	}
	for i := range orgs {
		if strings.EqualFold(orgs[i].Code, code) {
			return &orgs[i], nil
		}
	}
	return nil, rollcall.FieldError("target.org_ids", "No organisation has the code %q: check the codes, one per line.", code)
}

// alertFormOf fills the form from a stored alert.
func (s *Server) alertFormOf(ctx context.Context, a *rollcall.Actor, alert *rollcall.Alert) (alertForm, error) {
	f := alertForm{
		ID: alert.ID, Reference: alert.Reference, Revision: alert.Revision, Published: alert.Status == rollcall.AlertPublished,
		Title: alert.Title, Severity: string(alert.Severity), Summary: alert.Summary,
		CVEs: strings.Join(alert.CVEs, "\n"), AffectedProducts: alert.AffectedProducts,
		Remediation: alert.Remediation, References: strings.Join(alert.References, "\n"),
		Target: "some", Regions: map[int64]bool{}, Types: map[rollcall.OrgType]bool{},
	}
	if alert.CVSS != nil {
		f.CVSSVector = alert.CVSS.Vector
	}
	f.AffectedSoftware, f.AffectedWindows = affectedText(alert.Affected)
	switch {
	case alert.Target.All:
		f.Target = "all"
	case alert.Target.Exposed:
		f.Target = "exposed"
	}
	for _, id := range alert.Target.RegionIDs {
		f.Regions[id] = true
	}
	for _, t := range alert.Target.Types {
		f.Types[t] = true
	}
	if len(alert.Target.OrgIDs) > 0 {
		orgs, _, err := s.svc.ListOrganisations(ctx, a, rollcall.OrgFilter{IDs: alert.Target.OrgIDs})
		if err != nil {
			return f, err
		}
		codes := make([]string, len(orgs))
		for i, o := range orgs {
			codes[i] = o.Code
		}
		f.OrgCodes = strings.Join(codes, "\n")
	}
	if c := alert.ClockOverride; c != nil {
		f.AckHours = strconv.Itoa(int(c.Acknowledge / time.Hour))
		f.RemediateDays = strconv.Itoa(int(c.Remediate / rollcall.Day))
	}
	return f, nil
}

func sortedKeys(m map[int64]bool) []int64 {
	var out []int64
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
