package rollcall

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// AlertStatus is where an alert is in its life.
type AlertStatus string

// The alert statuses.
const (
	AlertDraft     AlertStatus = "draft"
	AlertPublished AlertStatus = "published"
	AlertWithdrawn AlertStatus = "withdrawn"
)

// Alert is a security alert the centre sends to organisations.
type Alert struct {
	ID int64 `json:"id"`
	// Reference is the alert's public name, e.g. "RC-2017-0042".
	Reference string      `json:"reference"`
	Status    AlertStatus `json:"status"`
	// Revision counts published revisions: 1 when first published.
	Revision int      `json:"revision"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
	CVEs     []string `json:"cves"`
	CVSS     *CVSS    `json:"cvss,omitempty"`
	// AffectedProducts describes what is affected for people; Affected
	// says it for the exposure matcher.
	AffectedProducts string   `json:"affected_products"`
	Affected         Affected `json:"affected"`
	Remediation      string   `json:"remediation"`
	References       []string `json:"references"`
	Target           Target   `json:"target"`
	// Advisory names the library advisory the alert was made from
	// ("kev:CVE-2017-0144", "csaf:RHSA-2022:0011"), if any.
	Advisory string `json:"advisory,omitempty"`
	// ClockOverride, when set, replaces the policy's clocks for this alert.
	ClockOverride *Clocks   `json:"clock_override,omitempty"`
	CreatedBy     int64     `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	PublishedAt   time.Time `json:"published_at"`
}

var cvePattern = regexp.MustCompile(`^CVE-\d{4}-\d{4,}$`)

// Validate checks an alert before it is saved or published. It normalises
// CVE identifiers and references, and scores the CVSS vector.
func (a *Alert) Validate() error {
	a.Title = strings.TrimSpace(a.Title)
	a.Summary = strings.TrimSpace(a.Summary)
	switch {
	case a.Title == "":
		return FieldError("title", "A title is required.")
	case len(a.Title) > 300:
		return FieldError("title", "A title must be at most 300 characters.")
	case !a.Severity.Valid():
		return FieldError("severity", "Severity must be high, medium or low.")
	case a.Summary == "":
		return FieldError("summary", "A summary is required.")
	}
	cves := make([]string, 0, len(a.CVEs))
	for _, c := range a.CVEs {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if !cvePattern.MatchString(c) {
			return FieldError("cves", "%q is not a CVE identifier (CVE-YYYY-NNNN).", c)
		}
		if !slices.Contains(cves, c) {
			cves = append(cves, c)
		}
	}
	a.CVEs = cves
	if a.CVSS != nil {
		if strings.TrimSpace(a.CVSS.Vector) == "" {
			a.CVSS = nil
		} else {
			c, err := ParseCVSS(a.CVSS.Vector)
			if err != nil {
				return err
			}
			a.CVSS = &c
		}
	}
	refs := make([]string, 0, len(a.References))
	for _, r := range a.References {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return FieldError("references", "Reference %q is not a web address (http:// or https://).", r)
		}
		refs = append(refs, r)
	}
	a.References = refs
	if a.ClockOverride != nil {
		if err := a.ClockOverride.Validate(); err != nil {
			return err
		}
	}
	if err := a.Affected.Validate(); err != nil {
		return err
	}
	if a.Target.Exposed && a.Affected.IsZero() {
		return FieldError("target.exposed", "To send the alert to the organisations that are exposed, list the affected software or Windows builds.")
	}
	return a.Target.Validate()
}

// ClockTime is the time to read the alert's clocks at, given now: a
// withdrawn alert's clocks stopped when it was withdrawn (its last change),
// so its roll call stays as it stood and nobody turns overdue afterwards.
func (a *Alert) ClockTime(now time.Time) time.Time {
	if a.Status == AlertWithdrawn && !a.UpdatedAt.IsZero() && a.UpdatedAt.Before(now) {
		return a.UpdatedAt
	}
	return now
}

// Target says which organisations an alert is for.
//
// All targets everyone. Otherwise an organisation is targeted when it is
// listed in OrgIDs, or when RegionIDs or Types is given and it matches both
// filters that are given (an empty filter matches any).
//
// Exposed targets instead the organisations whose inventory shows a host
// exposed to the alert, or one whose exposure cannot be told, within the
// RegionIDs and Types filters if given, plus any listed in OrgIDs. The
// service resolves it from the estate when the alert is published and at
// each revision (newly exposed organisations are then sent it), and keeps
// the organisations it found in Resolved.
type Target struct {
	All       bool      `json:"all"`
	Exposed   bool      `json:"exposed,omitempty"`
	RegionIDs []int64   `json:"region_ids,omitempty"`
	Types     []OrgType `json:"types,omitempty"`
	OrgIDs    []int64   `json:"org_ids,omitempty"`
	// Resolved is, for an Exposed target, every organisation it reached:
	// set by the service, never by the author.
	Resolved []int64 `json:"resolved_org_ids,omitempty"`
}

// Validate checks a target.
func (t *Target) Validate() error {
	if t.All {
		t.Exposed, t.RegionIDs, t.Types, t.OrgIDs, t.Resolved = false, nil, nil, nil, nil
		return nil
	}
	if !t.Exposed {
		t.Resolved = nil
	}
	if !t.Exposed && len(t.RegionIDs) == 0 && len(t.Types) == 0 && len(t.OrgIDs) == 0 {
		return FieldError("target", "Choose who the alert is for: everyone, regions, organisation types or organisations.")
	}
	for i, ty := range t.Types {
		if !ty.Valid() {
			return FieldError(fmt.Sprintf("target.types[%d]", i), "Unknown organisation type %q.", ty)
		}
	}
	for i, id := range t.RegionIDs {
		if id <= 0 {
			return FieldError(fmt.Sprintf("target.region_ids[%d]", i), "Region id %d is not valid.", id)
		}
	}
	for i, id := range t.OrgIDs {
		if id <= 0 {
			return FieldError(fmt.Sprintf("target.org_ids[%d]", i), "Organisation id %d is not valid.", id)
		}
	}
	return nil
}

// Matches reports whether the target includes the organisation. The store
// resolves targets in SQL by the same rule; a store test checks they agree.
func (t Target) Matches(o *Organisation) bool {
	if t.Exposed {
		return slices.Contains(t.Resolved, o.ID)
	}
	if t.All || slices.Contains(t.OrgIDs, o.ID) {
		return true
	}
	if len(t.RegionIDs) == 0 && len(t.Types) == 0 {
		return false
	}
	return (len(t.RegionIDs) == 0 || slices.Contains(t.RegionIDs, o.RegionID)) &&
		(len(t.Types) == 0 || slices.Contains(t.Types, o.Type))
}

// String describes the target for revision diffs; an Exposed target's
// resolved organisations are not part of what the author changed.
func (t Target) String() string {
	var parts []string
	switch {
	case t.All:
		return "everyone"
	case t.Exposed:
		parts = append(parts, "exposed organisations")
	}
	if len(t.RegionIDs) > 0 {
		parts = append(parts, fmt.Sprintf("regions %v", t.RegionIDs))
	}
	if len(t.Types) > 0 {
		parts = append(parts, fmt.Sprintf("types %v", t.Types))
	}
	if len(t.OrgIDs) > 0 {
		parts = append(parts, fmt.Sprintf("organisations %v", t.OrgIDs))
	}
	return strings.Join(parts, "; ")
}

// AlertRevision is one published version of an alert, kept for ever.
type AlertRevision struct {
	AlertID  int64 `json:"alert_id"`
	Revision int   `json:"revision"`
	// Alert is the alert as it was published in this revision.
	Alert Alert `json:"alert"`
	// Changes lists what changed since the previous revision.
	Changes    []FieldChange `json:"changes"`
	ChangeNote string        `json:"change_note"`
	CreatedBy  int64         `json:"created_by"`
	CreatedAt  time.Time     `json:"created_at"`
}

// FieldChange is one field that a revision changed, as people read it.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// DiffAlerts lists the fields that differ between two versions of an alert.
func DiffAlerts(before, after *Alert) []FieldChange {
	var out []FieldChange
	add := func(field, b, a string) {
		if b != a {
			out = append(out, FieldChange{Field: field, Before: b, After: a})
		}
	}
	add("Title", before.Title, after.Title)
	add("Severity", before.Severity.Label(), after.Severity.Label())
	add("Summary", before.Summary, after.Summary)
	add("CVEs", strings.Join(before.CVEs, ", "), strings.Join(after.CVEs, ", "))
	add("CVSS", cvssText(before.CVSS), cvssText(after.CVSS))
	add("Affected products", before.AffectedProducts, after.AffectedProducts)
	add("Affected software and Windows builds", before.Affected.String(), after.Affected.String())
	add("Remediation", before.Remediation, after.Remediation)
	add("References", strings.Join(before.References, "\n"), strings.Join(after.References, "\n"))
	add("Clocks", clocksText(before.ClockOverride), clocksText(after.ClockOverride))
	add("Targets", before.Target.String(), after.Target.String())
	return out
}

func cvssText(c *CVSS) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%s (%.1f %s)", c.Vector, c.Score, c.Rating)
}

func clocksText(c *Clocks) string {
	if c == nil {
		return "policy"
	}
	return fmt.Sprintf("acknowledge %s, remediate %s", FormatDuration(c.Acknowledge), FormatDuration(c.Remediate))
}
