package service

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"rollcall"
)

// DraftAlertFromAdvisory makes a draft alert from an advisory of the
// library, in one step: its title, summary, CVEs, score, severity, affected
// software and Windows builds, remediation and references filled in, and,
// where the advisory names products Rollcall can match, sent to the
// organisations whose inventory shows them exposed. The analyst reviews
// it, sees its exposure on the draft's page, and publishes. Analysts only.
func (s *Library) DraftAlertFromAdvisory(ctx context.Context, actor *rollcall.Actor, source, sourceID string) (*rollcall.Alert, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.CanAuthorAlerts() {
		return nil, forbidden("write alerts")
	}
	adv, err := s.store.FindAdvisory(ctx, source, sourceID)
	if err != nil {
		return nil, err
	}
	if !adv.Withdrawn.IsZero() {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Advisory %s was withdrawn by its source on %s: there is nothing to alert on.", adv.SourceID, adv.Withdrawn.Format("2 January 2006"))
	}
	a := AlertFromAdvisory(adv)
	if err := s.alerts.CreateAlert(ctx, actor, a); err != nil {
		return nil, err
	}
	return a, nil
}

// AlertFromAdvisory is the draft an advisory makes; see
// DraftAlertFromAdvisory. Products a vers range or build Rollcall cannot
// read are left out of the structured list (the text keeps them), so the
// draft always saves.
func AlertFromAdvisory(adv *rollcall.Advisory) *rollcall.Alert {
	f := adv.Facts
	a := &rollcall.Alert{
		Title:    clip(firstNonEmpty(adv.Summary, adv.SourceID), 300),
		Severity: advisorySeverity(adv),
		Summary:  firstNonEmpty(adv.Details, adv.Summary, adv.SourceID),
		Advisory: adv.Source + ":" + adv.SourceID,
	}
	if f.CVSS != nil {
		// Alerts take CVSS v3.1 and v4.0; an older score stays in the
		// advisory.
		if c, err := rollcall.ParseCVSS(f.CVSS.Vector); err == nil {
			a.CVSS = &c
		}
	}
	for _, alias := range adv.Aliases {
		if strings.HasPrefix(strings.ToUpper(alias), "CVE-") && !slices.Contains(a.CVEs, strings.ToUpper(alias)) {
			a.CVEs = append(a.CVEs, strings.ToUpper(alias))
		}
	}
	var lines []string
	if f.Vendor != "" || f.Product != "" {
		lines = append(lines, strings.TrimSpace(f.Vendor+" "+f.Product))
	}
	for _, p := range adv.Affected {
		sw := rollcall.AffectedSoftware{Product: p.PURL, Vers: p.Vers}
		if _, err := compileAffected(rollcall.Affected{Software: []rollcall.AffectedSoftware{sw}}, rollcall.DefaultSupersedence); err == nil {
			a.Affected.Software = append(a.Affected.Software, sw)
		}
		lines = append(lines, firstNonEmpty(p.Name, p.PURL)+": "+p.Vers)
	}
	for _, w := range f.Windows {
		if err := (&rollcall.Affected{Windows: []rollcall.AffectedWindows{w}}).Validate(); err == nil {
			a.Affected.Windows = append(a.Affected.Windows, w)
		}
	}
	a.AffectedProducts = strings.Join(lines, "\n")
	var todo []string
	for _, r := range f.Remediations {
		t := strings.TrimSpace(r.Details)
		if r.URL != "" {
			t = strings.TrimSpace(t + " " + r.URL)
		}
		if t != "" && !slices.Contains(todo, t) {
			todo = append(todo, t)
		}
	}
	if k := f.KEV; k != nil && !k.DueDate.IsZero() {
		todo = append(todo, fmt.Sprintf("The KEV catalogue asks US federal agencies to act by %s.", k.DueDate.Format("2 January 2006")))
	}
	a.Remediation = strings.Join(todo, "\n\n")
	for _, r := range adv.References {
		if u, err := url.Parse(r); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !slices.Contains(a.References, r) {
			a.References = append(a.References, r)
		}
	}
	if a.Affected.IsZero() {
		a.Target = rollcall.Target{All: true}
	} else {
		a.Target = rollcall.Target{Exposed: true}
	}
	return a
}

// advisorySeverity is the source's own rating, else the score's, else
// high for an exploited vulnerability, else medium.
func advisorySeverity(adv *rollcall.Advisory) rollcall.Severity {
	f := adv.Facts
	switch {
	case f.Severity.Valid():
		return f.Severity
	case f.CVSS != nil:
		switch strings.ToLower(f.CVSS.Rating) {
		case "critical", "high":
			return rollcall.SeverityHigh
		case "medium":
			return rollcall.SeverityMedium
		case "low", "none":
			return rollcall.SeverityLow
		}
	}
	if f.KEV != nil {
		return rollcall.SeverityHigh
	}
	return rollcall.SeverityMedium
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// clip cuts s to at most n bytes, at a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// AdvisoryExposureOf matches one advisory of the library against the
// estate, for the centre's triage. The centre and auditors only.
func (s *Library) AdvisoryExposureOf(ctx context.Context, actor *rollcall.Actor, source, sourceID string) (*AdvisoryExposure, error) {
	adv, err := s.GetAdvisory(ctx, actor, source, sourceID)
	if err != nil {
		return nil, err
	}
	c := s.compiledAdvisory(adv)
	r := &AdvisoryExposure{Source: adv.Source, SourceID: adv.SourceID, Aliases: adv.Aliases, Summary: adv.Summary, Problem: c.problem}
	if c.problem != "" || len(c.advs) == 0 {
		return r, nil // nothing to match: no need to wait for exposure
	}
	m := s.exposure.matcher.Load()
	if m == nil {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Exposure is still loading: try again in a minute.")
	}
	{
		e := m.MatchAny(c.advs)
		r.Exposed, r.Unknown, r.Orgs = int(e.Exposed), int(e.Unknown), len(e.ByOrg)
	}
	return r, nil
}

// SourceAdvisory is the library advisory an alert was made from, and
// whether its source has changed it since the alert was last published
// or edited.
type SourceAdvisory struct {
	Advisory *rollcall.Advisory `json:"advisory"`
	// ChangedSince: a feed brought a new revision of the advisory after
	// the alert's last change; the analyst should look and revise.
	ChangedSince bool `json:"changed_since"`
}

// AlertSourceAdvisory returns the advisory the alert was made from, for
// the centre and auditors; nil when the alert was not made from one or
// the advisory is no longer in the library.
func (s *Library) AlertSourceAdvisory(ctx context.Context, actor *rollcall.Actor, a *rollcall.Alert) (*SourceAdvisory, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return nil, forbidden("read the advisory library")
	}
	source, id, ok := strings.Cut(a.Advisory, ":")
	if !ok {
		return nil, nil
	}
	adv, err := s.store.FindAdvisory(ctx, source, id)
	if rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &SourceAdvisory{Advisory: adv, ChangedSince: adv.Revision > 1 && adv.UpdatedAt.After(a.UpdatedAt)}, nil
}

// AlertsFromAdvisory lists the alerts made from an advisory, oldest first,
// so the analyst sees one was made before making another. The centre and
// auditors only.
func (s *Library) AlertsFromAdvisory(ctx context.Context, actor *rollcall.Actor, source, sourceID string) ([]*rollcall.Alert, error) {
	if _, err := s.GetAdvisory(ctx, actor, source, sourceID); err != nil {
		return nil, err
	}
	key := source + ":" + sourceID
	ids, err := s.store.AlertsFromAdvisories(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	var out []*rollcall.Alert
	for _, id := range ids[key] {
		a, err := s.alerts.GetAlert(ctx, actor, id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
