package rollcall

import (
	"net/url"
	"strings"
	"time"
)

// Applicability is whether an organisation says an alert applies to it.
type Applicability string

// The applicability answers; "" means not yet stated.
const (
	Applicable    Applicability = "applicable"
	NotApplicable Applicability = "not_applicable"
)

// Action is what an organisation reports having done about an alert.
type Action string

// The actions; "" means none reported yet.
const (
	ActionPatched      Action = "patched"
	ActionMitigated    Action = "mitigated"
	ActionInProgress   Action = "in_progress"
	ActionRiskAccepted Action = "risk_accepted"
)

// Label is the action as people read it.
func (a Action) Label() string {
	switch a {
	case ActionPatched:
		return "Patched"
	case ActionMitigated:
		return "Mitigated"
	case ActionInProgress:
		return "In progress"
	case ActionRiskAccepted:
		return "Risk accepted"
	}
	return "None yet"
}

// SignOff is the data-security lead's decision on a risk acceptance.
type SignOff string

// The sign-off states; "" means none is needed.
const (
	SignOffPending  SignOff = "pending"
	SignOffApproved SignOff = "approved"
	SignOffRejected SignOff = "rejected"
)

// Response is one organisation's answer to one alert, with its two clocks.
// The stored fields are the facts; the state shown to people is derived
// from them and the time by StateOf.
type Response struct {
	AlertID int64 `json:"alert_id"`
	OrgID   int64 `json:"org_id"`
	// TargetedAt is when the alert reached the organisation; the clocks run
	// from it.
	TargetedAt     time.Time     `json:"targeted_at"`
	AckDue         time.Time     `json:"ack_due"`       // zero: no acknowledgement clock
	RemediateDue   time.Time     `json:"remediate_due"` // zero: no remediation clock
	AcknowledgedAt time.Time     `json:"acknowledged_at"`
	Applicability  Applicability `json:"applicability"`
	Action         Action        `json:"action"`
	// PlannedDate is when an action in progress is expected to finish.
	PlannedDate time.Time `json:"planned_date"`
	// Reason explains a "not applicable", justifies a risk acceptance, or
	// describes the action.
	Reason        string    `json:"reason"`
	Evidence      string    `json:"evidence"`
	EvidenceLinks []string  `json:"evidence_links"`
	SignOff       SignOff   `json:"sign_off"`
	SignOffBy     int64     `json:"sign_off_by,omitempty"`
	SignOffAt     time.Time `json:"sign_off_at"`
	SignOffNote   string    `json:"sign_off_note"`
	// ClosedAt is when the remediation clock stopped: patched, mitigated,
	// not applicable, or a risk acceptance signed off.
	ClosedAt time.Time `json:"closed_at"`
	// Phase is derived from the answers by PhaseOf and stored so the
	// database can group by it.
	Phase Phase `json:"phase"`
	// EscalationLevel is the last rung of the ladder recorded (and
	// announced as an event); Escalation(now) is the current one.
	EscalationLevel EscalationLevel `json:"escalation_level"`
	AnsweredBy      int64           `json:"answered_by,omitempty"`
	// AnsweredVia is the organisation that answered on this one's behalf,
	// when the answer came through a delegation.
	AnsweredVia int64     `json:"answered_via,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Version increases with every change; a change made against a stale
	// version is refused with ECONFLICT.
	Version int `json:"version"`
}

// Answer is what a responder submits about an alert. Every field is the
// whole new answer, not a patch: an empty Action clears the action.
type Answer struct {
	Applicability Applicability `json:"applicability"`
	Action        Action        `json:"action"`
	PlannedDate   time.Time     `json:"planned_date"`
	Reason        string        `json:"reason"`
	Evidence      string        `json:"evidence"`
	EvidenceLinks []string      `json:"evidence_links"`
}

// Validate checks an answer given the time it is made.
func (a *Answer) Validate(now time.Time) error {
	a.Reason = strings.TrimSpace(a.Reason)
	a.Evidence = strings.TrimSpace(a.Evidence)
	switch a.Applicability {
	case "", Applicable, NotApplicable:
	default:
		return FieldError("applicability", "Applicability must be applicable or not_applicable.")
	}
	switch a.Action {
	case "", ActionPatched, ActionMitigated, ActionInProgress, ActionRiskAccepted:
	default:
		return FieldError("action", "Action must be patched, mitigated, in_progress or risk_accepted.")
	}
	if a.Applicability == NotApplicable {
		if a.Action != "" {
			return FieldError("action", "An alert that does not apply needs no action: leave the action empty.")
		}
		if a.Reason == "" {
			return FieldError("reason", "Say why the alert does not apply.")
		}
	}
	if a.Action != "" {
		a.Applicability = Applicable
	}
	switch a.Action {
	case ActionInProgress:
		if a.PlannedDate.IsZero() {
			return FieldError("planned_date", "Give the date the work is planned to finish.")
		}
		if a.PlannedDate.Before(now.Truncate(Day)) {
			return FieldError("planned_date", "The planned date is in the past.")
		}
	case ActionRiskAccepted:
		if a.Reason == "" {
			return FieldError("reason", "A risk acceptance needs a justification for the data-security lead.")
		}
	}
	if a.Action != ActionInProgress {
		a.PlannedDate = time.Time{}
	}
	if len(a.Reason) > 10000 || len(a.Evidence) > 10000 {
		return FieldError("evidence", "Reason and evidence must each be at most 10,000 characters.")
	}
	links := a.EvidenceLinks[:0:0]
	for _, l := range a.EvidenceLinks {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return FieldError("evidence_links", "Evidence link %q is not a web address (http:// or https://).", l)
		}
		links = append(links, l)
	}
	a.EvidenceLinks = links
	return nil
}

// Acknowledge records that the organisation has seen the alert. It is a
// no-op when the response is already acknowledged.
func (r *Response) Acknowledge(now time.Time) bool {
	if !r.AcknowledgedAt.IsZero() {
		return false
	}
	r.AcknowledgedAt = now
	r.Phase = PhaseOf(r)
	return true
}

// Apply records a new answer made at now. Any answer acknowledges. A risk
// acceptance waits for the data-security lead's sign-off; changing an
// answer reopens the remediation clock unless the new answer closes it.
func (r *Response) Apply(a Answer, now time.Time) error {
	if err := a.Validate(now); err != nil {
		return err
	}
	if r.AcknowledgedAt.IsZero() {
		r.AcknowledgedAt = now
	}
	wasClosed := r.Phase.Closed()
	r.Applicability = a.Applicability
	r.Action = a.Action
	r.PlannedDate = a.PlannedDate
	r.Reason = a.Reason
	r.Evidence = a.Evidence
	r.EvidenceLinks = a.EvidenceLinks
	if a.Action == ActionRiskAccepted {
		r.SignOff, r.SignOffBy, r.SignOffAt, r.SignOffNote = SignOffPending, 0, time.Time{}, ""
	} else {
		r.SignOff, r.SignOffBy, r.SignOffAt, r.SignOffNote = "", 0, time.Time{}, ""
	}
	r.Phase = PhaseOf(r)
	switch {
	case r.Phase.Closed() && !wasClosed:
		r.ClosedAt = now
	case !r.Phase.Closed():
		r.ClosedAt = time.Time{}
	}
	return nil
}

// Decide records the data-security lead's decision on a pending risk
// acceptance.
func (r *Response) Decide(approve bool, note string, by int64, now time.Time) error {
	if r.SignOff != SignOffPending {
		return Errorf(ECONFLICT, "There is no risk acceptance waiting for sign-off.")
	}
	note = strings.TrimSpace(note)
	if !approve && note == "" {
		return FieldError("note", "Say why the risk acceptance is rejected, so the responder can act on it.")
	}
	r.SignOff, r.SignOffBy, r.SignOffAt, r.SignOffNote = SignOffRejected, by, now, note
	if approve {
		r.SignOff = SignOffApproved
	}
	r.Phase = PhaseOf(r)
	if r.Phase.Closed() {
		r.ClosedAt = now
	}
	return nil
}

// AckOverdue reports whether the acknowledgement clock has run out
// unanswered at now.
func (r *Response) AckOverdue(now time.Time) bool {
	return r.AcknowledgedAt.IsZero() && !r.AckDue.IsZero() && now.After(r.AckDue)
}

// RemediationOverdue reports whether the remediation clock has run out with
// the response still open at now.
func (r *Response) RemediationOverdue(now time.Time) bool {
	return r.ClosedAt.IsZero() && !r.RemediateDue.IsZero() && now.After(r.RemediateDue)
}

// AckLate reports whether the acknowledgement came after its deadline.
func (r *Response) AckLate() bool {
	return !r.AcknowledgedAt.IsZero() && !r.AckDue.IsZero() && r.AcknowledgedAt.After(r.AckDue)
}

// RemediationLate reports whether the response closed after its deadline.
func (r *Response) RemediationLate() bool {
	return !r.ClosedAt.IsZero() && !r.RemediateDue.IsZero() && r.ClosedAt.After(r.RemediateDue)
}

// OverdueSince is when the response first became overdue, or the zero time
// if it is not overdue at now.
func (r *Response) OverdueSince(now time.Time) time.Time {
	switch {
	case r.AckOverdue(now):
		return r.AckDue
	case r.RemediationOverdue(now):
		return r.RemediateDue
	}
	return time.Time{}
}

// State is the response's state at now: the one rule pages, the API and
// the figures all use.
func (r *Response) State(now time.Time) State {
	return StateOf(r.Phase, r.AckOverdue(now), r.RemediationOverdue(now))
}

// NextDeadline is the clock the organisation should watch now: the
// acknowledgement deadline until it acknowledges, then the remediation
// deadline until it closes. Zero when no clock runs.
func (r *Response) NextDeadline() (due time.Time, which string) {
	switch {
	case r.AcknowledgedAt.IsZero() && !r.AckDue.IsZero():
		return r.AckDue, "acknowledge"
	case r.ClosedAt.IsZero() && !r.RemediateDue.IsZero():
		return r.RemediateDue, "remediate"
	}
	return time.Time{}, ""
}

// ResponseEvent is one change to a response, kept for ever: who, when,
// through which delegation, and what.
type ResponseEvent struct {
	ID      int64  `json:"id"`
	AlertID int64  `json:"alert_id"`
	OrgID   int64  `json:"org_id"`
	Kind    string `json:"kind"`
	// ActorID is the user who made the change; zero for the system (the
	// escalation ladder).
	ActorID   int64  `json:"actor_id,omitempty"`
	ActorName string `json:"actor_name"`
	// ViaOrgID is the organisation that answered on this one's behalf;
	// ViaOrgName names it, so the organisation answered for can read who
	// answered even though it may not see that organisation otherwise.
	ViaOrgID   int64  `json:"via_org_id,omitempty"`
	ViaOrgName string `json:"via_org_name,omitempty"`
	Summary    string `json:"summary"`
	// Answer is the answer after the change, for answer events.
	Answer *Answer   `json:"answer,omitempty"`
	At     time.Time `json:"at"`
}

// The kinds of response event.
const (
	EventAcknowledged = "acknowledged"
	EventAnswered     = "answered"
	EventSignedOff    = "signed_off"
	EventEscalated    = "escalated"
)
