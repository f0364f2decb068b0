package server

import (
	"time"

	"rollcall"
)

var apiApplicabilityLabels = map[rollcall.Applicability]string{
	"":                     "Not stated",
	rollcall.Applicable:    "Applicable",
	rollcall.NotApplicable: "Not applicable",
}

var apiSignOffLabels = map[rollcall.SignOff]string{
	"":                       "No sign-off needed",
	rollcall.SignOffPending:  "Awaiting sign-off",
	rollcall.SignOffApproved: "Approved",
	rollcall.SignOffRejected: "Rejected",
}

// apiOrgRef is the organisation a response belongs to.
type apiOrgRef struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	TypeLabel string `json:"type_label"`
	RegionID  int64  `json:"region_id"`
}

// apiAlertRef is the alert a response answers.
type apiAlertRef struct {
	ID            int64  `json:"id"`
	Reference     string `json:"reference"`
	Title         string `json:"title"`
	Severity      string `json:"severity"`
	SeverityLabel string `json:"severity_label"`
	Status        string `json:"status"`
}

// apiResponse is one organisation's response to one alert: its state now,
// its clocks and its answer.
type apiResponse struct {
	Alert apiAlertRef `json:"alert"`
	Org   apiOrgRef   `json:"org"`
	// State is the state now, by the one rule (rollcall.StateOf).
	State      string `json:"state"`
	StateLabel string `json:"state_label"`
	Overdue    bool   `json:"overdue"`
	Closed     bool   `json:"closed"`
	// Escalation is the rung of the ladder the response sits on now.
	Escalation      string          `json:"escalation"`
	EscalationLabel string          `json:"escalation_label"`
	Clocks          apiClockTimes   `json:"clocks"`
	Answer          apiAnswer       `json:"answer"`
	SignOff         apiSignOffState `json:"sign_off"`
	AnsweredBy      *int64          `json:"answered_by"`
	// AnsweredVia is the organisation that answered through a delegation.
	AnsweredVia *int64     `json:"answered_via"`
	UpdatedAt   *time.Time `json:"updated_at"`
	// Version is sent back with an answer to refuse it if someone else
	// has answered since (409).
	Version int `json:"version"`
}

// apiClockTimes are a response's deadlines and when they were met.
type apiClockTimes struct {
	TargetedAt       *time.Time `json:"targeted_at"`
	AcknowledgeDue   *time.Time `json:"acknowledge_due"`
	RemediateDue     *time.Time `json:"remediate_due"`
	AcknowledgedAt   *time.Time `json:"acknowledged_at"`
	ClosedAt         *time.Time `json:"closed_at"`
	NextDeadline     *time.Time `json:"next_deadline"`
	NextDeadlineKind *string    `json:"next_deadline_kind"`
	OverdueSince     *time.Time `json:"overdue_since"`
	AcknowledgedLate bool       `json:"acknowledged_late"`
	RemediatedLate   bool       `json:"remediated_late"`
}

// apiAnswer is what an organisation has said about an alert.
type apiAnswer struct {
	Applicability      string   `json:"applicability"`
	ApplicabilityLabel string   `json:"applicability_label"`
	Action             string   `json:"action"`
	ActionLabel        string   `json:"action_label"`
	PlannedDate        *string  `json:"planned_date"`
	Reason             string   `json:"reason"`
	Evidence           string   `json:"evidence"`
	EvidenceLinks      []string `json:"evidence_links"`
}

func apiAnswerOf(applicability rollcall.Applicability, action rollcall.Action, planned time.Time, reason, evidence string, links []string) apiAnswer {
	out := apiAnswer{Applicability: string(applicability), ApplicabilityLabel: apiApplicabilityLabels[applicability],
		Action: string(action), ActionLabel: action.Label(), Reason: reason, Evidence: evidence, EvidenceLinks: apiNonNil(links)}
	if !planned.IsZero() {
		d := planned.UTC().Format(time.DateOnly)
		out.PlannedDate = &d
	}
	return out
}

// apiSignOffState is the data-security lead's decision on a risk
// acceptance; status "none" when no sign-off is needed.
type apiSignOffState struct {
	Status      string     `json:"status"`
	StatusLabel string     `json:"status_label"`
	By          *int64     `json:"by"`
	At          *time.Time `json:"at"`
	Note        string     `json:"note"`
}

// apiResponseDetail is a response with its history, oldest first.
type apiResponseDetail struct {
	apiResponse
	Events []apiEvent `json:"events"`
}

// apiEvent is one change to a response.
type apiEvent struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	ActorID   *int64     `json:"actor_id"`
	ActorName string     `json:"actor_name"`
	ViaOrgID  *int64     `json:"via_org_id"`
	ViaOrg    string     `json:"via_org_name"`
	Summary   string     `json:"summary"`
	Answer    *apiAnswer `json:"answer"`
	At        *time.Time `json:"at"`
}

func apiEventOf(e rollcall.ResponseEvent) apiEvent {
	out := apiEvent{ID: e.ID, Kind: e.Kind, ActorID: apiRef(e.ActorID), ActorName: e.ActorName,
		ViaOrgID: apiRef(e.ViaOrgID), ViaOrg: e.ViaOrgName, Summary: e.Summary, At: apiTime(e.At)}
	if a := e.Answer; a != nil {
		ans := apiAnswerOf(a.Applicability, a.Action, a.PlannedDate, a.Reason, a.Evidence, a.EvidenceLinks)
		out.Answer = &ans
	}
	return out
}

// responseOf represents a response as it stands at its clock time (now,
// or when its alert was withdrawn), by the one state rule and the policy's
// ladder, so the API agrees with the pages.
func (s *Server) responseOf(r *rollcall.Response, now time.Time, alert apiAlertRef, org apiOrgRef) apiResponse {
	state, level := r.State(now), s.svc.Policy().Escalation(r, now)
	out := apiResponse{
		Alert: alert, Org: org,
		State: string(state), StateLabel: state.Label(), Overdue: state.Overdue(), Closed: state.Closed(),
		Escalation: apiEscalationCode(level), EscalationLabel: level.Label(),
		Clocks: apiClockTimes{
			TargetedAt: apiTime(r.TargetedAt), AcknowledgeDue: apiTime(r.AckDue), RemediateDue: apiTime(r.RemediateDue),
			AcknowledgedAt: apiTime(r.AcknowledgedAt), ClosedAt: apiTime(r.ClosedAt), OverdueSince: apiTime(r.OverdueSince(now)),
			AcknowledgedLate: r.AckLate(), RemediatedLate: r.RemediationLate(),
		},
		Answer: apiAnswerOf(r.Applicability, r.Action, r.PlannedDate, r.Reason, r.Evidence, r.EvidenceLinks),
		SignOff: apiSignOffState{Status: string(r.SignOff), StatusLabel: apiSignOffLabels[r.SignOff],
			By: apiRef(r.SignOffBy), At: apiTime(r.SignOffAt), Note: r.SignOffNote},
		AnsweredBy: apiRef(r.AnsweredBy), AnsweredVia: apiRef(r.AnsweredVia), UpdatedAt: apiTime(r.UpdatedAt), Version: r.Version,
	}
	if out.SignOff.Status == "" {
		out.SignOff.Status = "none"
	}
	if due, which := r.NextDeadline(); !due.IsZero() {
		out.Clocks.NextDeadline, out.Clocks.NextDeadlineKind = apiTime(due), &which
	}
	return out
}

// responseRowOf represents a row of a response list.
func (s *Server) responseRowOf(row *rollcall.ResponseRow) apiResponse {
	return s.responseOf(&row.Response, row.ClockTime(s.svc.Clock().Now()),
		apiAlertRef{ID: row.AlertID, Reference: row.AlertRef, Title: row.AlertTitle,
			Severity: string(row.AlertSeverity), SeverityLabel: row.AlertSeverity.Label(), Status: string(row.AlertStatus)},
		apiOrgRef{ID: row.OrgID, Code: row.OrgCode, Name: row.OrgName, Type: string(row.OrgType),
			TypeLabel: row.OrgType.Label(), RegionID: row.RegionID})
}

func (s *Server) responseRowsOf(rows []rollcall.ResponseRow) []apiResponse {
	out := make([]apiResponse, 0, len(rows))
	for i := range rows {
		out = append(out, s.responseRowOf(&rows[i]))
	}
	return out
}

func apiAlertRefOf(a *rollcall.Alert) apiAlertRef {
	return apiAlertRef{ID: a.ID, Reference: a.Reference, Title: a.Title, Severity: string(a.Severity),
		SeverityLabel: a.Severity.Label(), Status: string(a.Status)}
}

func apiOrgRefOf(o *rollcall.Organisation) apiOrgRef {
	return apiOrgRef{ID: o.ID, Code: o.Code, Name: o.Name, Type: string(o.Type), TypeLabel: o.Type.Label(), RegionID: o.RegionID}
}
