package server

import (
	"time"

	"rollcall"
)

// apiAlertStatusLabels are alert statuses as people read them.
var apiAlertStatusLabels = map[rollcall.AlertStatus]string{
	rollcall.AlertDraft:     "Draft",
	rollcall.AlertPublished: "Published",
	rollcall.AlertWithdrawn: "Withdrawn",
}

// apiCVSS is a scored CVSS vector.
type apiCVSS struct {
	Vector  string  `json:"vector"`
	Version string  `json:"version"`
	Score   float64 `json:"score"`
	Rating  string  `json:"rating"`
}

// apiClocks are an alert's two deadlines as seconds from when an
// organisation was targeted; 0 means no clock.
type apiClocks struct {
	AcknowledgeSeconds int64 `json:"acknowledge_seconds"`
	RemediateSeconds   int64 `json:"remediate_seconds"`
}

func apiClocksOf(c rollcall.Clocks) apiClocks {
	return apiClocks{AcknowledgeSeconds: int64(c.Acknowledge / time.Second), RemediateSeconds: int64(c.Remediate / time.Second)}
}

// apiTarget says which organisations an alert is for; see rollcall.Target.
type apiTarget struct {
	All bool `json:"all"`
	// Exposed targets the organisations whose inventory shows an exposed
	// host (or one that cannot be told), within the filters, plus OrgIDs.
	Exposed   bool     `json:"exposed"`
	RegionIDs []int64  `json:"region_ids"`
	Types     []string `json:"types"`
	OrgIDs    []int64  `json:"org_ids"`
	// ResolvedOrgIDs is, for an exposed target, every organisation it
	// reached; set by Rollcall when it publishes, never by the author.
	ResolvedOrgIDs []int64 `json:"resolved_org_ids"`
}

func apiTargetOf(t rollcall.Target) apiTarget {
	out := apiTarget{All: t.All, Exposed: t.Exposed, RegionIDs: apiNonNil(t.RegionIDs), Types: []string{}, OrgIDs: apiNonNil(t.OrgIDs),
		ResolvedOrgIDs: apiNonNil(t.Resolved)}
	for _, ty := range t.Types {
		out.Types = append(out.Types, string(ty))
	}
	return out
}

// apiAffected is what an alert affects, structured for the exposure
// matcher; see rollcall.Affected. The lists are never null.
type apiAffected struct {
	Software []apiAffectedSoftware `json:"software"`
	Windows  []apiAffectedWindows  `json:"windows"`
}

// apiAffectedSoftware is one product (a package URL without version, or a
// CPE 2.3 name) and its affected versions in vers notation.
type apiAffectedSoftware struct {
	Product string `json:"product"`
	Vers    string `json:"vers"`
}

// apiAffectedWindows is one Windows NT build and what fixes it.
type apiAffectedWindows struct {
	Name          string   `json:"name"`
	Build         string   `json:"build"`
	FixedRevision int      `json:"fixed_revision"`
	FixedBy       []string `json:"fixed_by"`
}

func apiAffectedOf(a rollcall.Affected) apiAffected {
	out := apiAffected{Software: []apiAffectedSoftware{}, Windows: []apiAffectedWindows{}}
	for _, s := range a.Software {
		out.Software = append(out.Software, apiAffectedSoftware(s))
	}
	for _, w := range a.Windows {
		out.Windows = append(out.Windows, apiAffectedWindows{Name: w.Name, Build: w.Build, FixedRevision: w.FixedRevision, FixedBy: apiNonNil(w.FixedBy)})
	}
	return out
}

// apiAlert is a security alert.
type apiAlert struct {
	ID               int64       `json:"id"`
	Reference        string      `json:"reference"`
	Status           string      `json:"status"`
	StatusLabel      string      `json:"status_label"`
	Revision         int         `json:"revision"`
	Title            string      `json:"title"`
	Severity         string      `json:"severity"`
	SeverityLabel    string      `json:"severity_label"`
	Summary          string      `json:"summary"`
	CVEs             []string    `json:"cves"`
	CVSS             *apiCVSS    `json:"cvss"`
	AffectedProducts string      `json:"affected_products"`
	Affected         apiAffected `json:"affected"`
	Remediation      string      `json:"remediation"`
	References       []string    `json:"references"`
	Target           apiTarget   `json:"target"`
	// Advisory is the library advisory the alert was made from
	// ("kev:CVE-2017-0144"), or null.
	Advisory      *string    `json:"advisory"`
	ClockOverride *apiClocks `json:"clock_override"`
	// Clocks are the clocks in force: the override, or the policy's for
	// the severity.
	Clocks      apiClocks  `json:"clocks"`
	CreatedBy   *int64     `json:"created_by"`
	CreatedAt   *time.Time `json:"created_at"`
	UpdatedAt   *time.Time `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at"`
}

func (s *Server) alertOf(a *rollcall.Alert) apiAlert {
	out := apiAlert{
		ID: a.ID, Reference: a.Reference, Status: string(a.Status), StatusLabel: apiAlertStatusLabels[a.Status],
		Revision: a.Revision, Title: a.Title, Severity: string(a.Severity), SeverityLabel: a.Severity.Label(),
		Summary: a.Summary, CVEs: apiNonNil(a.CVEs), AffectedProducts: a.AffectedProducts, Affected: apiAffectedOf(a.Affected), Remediation: a.Remediation,
		References: apiNonNil(a.References), Target: apiTargetOf(a.Target), Clocks: apiClocksOf(s.svc.Policy().ClocksFor(a)),
		CreatedBy: apiRef(a.CreatedBy), CreatedAt: apiTime(a.CreatedAt), UpdatedAt: apiTime(a.UpdatedAt), PublishedAt: apiTime(a.PublishedAt),
	}
	if a.CVSS != nil {
		out.CVSS = &apiCVSS{Vector: a.CVSS.Vector, Version: a.CVSS.Version, Score: a.CVSS.Score, Rating: a.CVSS.Rating}
	}
	if a.Advisory != "" {
		adv := a.Advisory
		out.Advisory = &adv
	}
	if a.ClockOverride != nil {
		c := apiClocksOf(*a.ClockOverride)
		out.ClockOverride = &c
	}
	return out
}

// apiAlertItem is an alert in a list, with the headline of its roll call
// within what the caller may see.
type apiAlertItem struct {
	apiAlert
	Targeted int `json:"targeted"`
	Open     int `json:"open"`
	Overdue  int `json:"overdue"`
}

// apiRevision is one published revision of an alert.
type apiRevision struct {
	AlertID    int64            `json:"alert_id"`
	Revision   int              `json:"revision"`
	Alert      apiAlert         `json:"alert"`
	Changes    []apiFieldChange `json:"changes"`
	ChangeNote string           `json:"change_note"`
	CreatedBy  *int64           `json:"created_by"`
	CreatedAt  *time.Time       `json:"created_at"`
}

// apiFieldChange is one field a revision changed.
type apiFieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

func (s *Server) revisionOf(r *rollcall.AlertRevision) apiRevision {
	out := apiRevision{AlertID: r.AlertID, Revision: r.Revision, Alert: s.alertOf(&r.Alert), Changes: []apiFieldChange{},
		ChangeNote: r.ChangeNote, CreatedBy: apiRef(r.CreatedBy), CreatedAt: apiTime(r.CreatedAt)}
	for _, c := range r.Changes {
		out.Changes = append(out.Changes, apiFieldChange(c))
	}
	return out
}

// apiRollCall is the summary of an alert's roll call within what the
// caller may see.
type apiRollCall struct {
	AlertID           int64                `json:"alert_id"`
	At                *time.Time           `json:"at"`
	Tally             apiTally             `json:"tally"`
	ByRegion          []apiTallyRow        `json:"by_region"`
	ByType            []apiTallyRow        `json:"by_type"`
	ByEscalation      []apiEscalationCount `json:"by_escalation"`
	TimeToAcknowledge apiDurations         `json:"time_to_acknowledge"`
	TimeToRemediate   apiDurations         `json:"time_to_remediate"`
}

// apiTally counts responses; see rollcall.Tally.
type apiTally struct {
	Targeted            int             `json:"targeted"`
	Acknowledged        int             `json:"acknowledged"`
	AcknowledgedOnTime  int             `json:"acknowledged_on_time"`
	AcknowledgedLate    int             `json:"acknowledged_late"`
	AcknowledgedPercent int             `json:"acknowledged_percent"`
	ApplicabilityStated int             `json:"applicability_stated"`
	Remediated          int             `json:"remediated"`
	RemediatedOnTime    int             `json:"remediated_on_time"`
	RemediatedLate      int             `json:"remediated_late"`
	RemediatedPercent   int             `json:"remediated_percent"`
	Overdue             int             `json:"overdue"`
	ByState             []apiStateCount `json:"by_state"`
}

// apiStateCount is how many responses are in one state.
type apiStateCount struct {
	State      string `json:"state"`
	StateLabel string `json:"state_label"`
	Count      int    `json:"count"`
}

// apiTallyRow is the tally of one region or organisation type.
type apiTallyRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	apiTally
}

// apiEscalationCount is how many overdue responses sit on one rung.
type apiEscalationCount struct {
	Escalation      string `json:"escalation"`
	EscalationLabel string `json:"escalation_label"`
	Count           int    `json:"count"`
}

// apiDurations summarises how long organisations took, in seconds.
type apiDurations struct {
	Count         int   `json:"count"`
	MedianSeconds int64 `json:"median_seconds"`
	P90Seconds    int64 `json:"p90_seconds"`
}

func apiTallyOf(t rollcall.Tally) apiTally {
	out := apiTally{
		Targeted: t.Targeted, Acknowledged: t.Acknowledged, AcknowledgedOnTime: t.AckOnTime, AcknowledgedLate: t.AckLate,
		AcknowledgedPercent: rollcall.Percent(t.Acknowledged, t.Targeted), ApplicabilityStated: t.Stated,
		Remediated: t.Remediated, RemediatedOnTime: t.RemediatedOnTime, RemediatedLate: t.RemediatedLate,
		RemediatedPercent: rollcall.Percent(t.Remediated, t.Targeted), Overdue: t.Overdue,
	}
	// Every state, in the roll call's order, so a chart has a stable shape.
	for _, st := range rollcall.States {
		out.ByState = append(out.ByState, apiStateCount{State: string(st), StateLabel: st.Label(), Count: t.ByState[st]})
	}
	return out
}

func apiDurationsOf(d rollcall.Durations) apiDurations {
	return apiDurations{Count: d.Count, MedianSeconds: int64(d.Median / time.Second), P90Seconds: int64(d.P90 / time.Second)}
}

func apiRollCallOf(rc *rollcall.RollCall) apiRollCall {
	out := apiRollCall{AlertID: rc.AlertID, At: apiTime(rc.At), Tally: apiTallyOf(rc.Tally),
		ByRegion: []apiTallyRow{}, ByType: []apiTallyRow{}, ByEscalation: []apiEscalationCount{},
		TimeToAcknowledge: apiDurationsOf(rc.TimeToAck), TimeToRemediate: apiDurationsOf(rc.TimeToRemediate)}
	for _, r := range rc.ByRegion {
		out.ByRegion = append(out.ByRegion, apiTallyRow{Key: r.Key, Label: r.Label, apiTally: apiTallyOf(r.Tally)})
	}
	for _, r := range rc.ByType {
		out.ByType = append(out.ByType, apiTallyRow{Key: r.Key, Label: r.Label, apiTally: apiTallyOf(r.Tally)})
	}
	for _, l := range []rollcall.EscalationLevel{rollcall.EscalationNone, rollcall.EscalationSecurityLead, rollcall.EscalationCoordinator, rollcall.EscalationCentre} {
		out.ByEscalation = append(out.ByEscalation, apiEscalationCount{Escalation: apiEscalationCode(l), EscalationLabel: l.Label(), Count: rc.ByEscalation[l]})
	}
	return out
}
