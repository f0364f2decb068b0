package rollcall

import "time"

// EscalationLevel is the rung of the escalation ladder an overdue response
// sits on.
type EscalationLevel int

// The rungs, in order.
const (
	EscalationNone         EscalationLevel = iota // with the responder; not overdue
	EscalationSecurityLead                        // the organisation's data-security lead
	EscalationCoordinator                         // the regional coordinator
	EscalationCentre                              // the national centre
)

// EscalationChange moves one response to a new rung.
type EscalationChange struct {
	AlertID int64
	OrgID   int64
	From    EscalationLevel
	To      EscalationLevel
}

// Label is the rung as people read it.
func (l EscalationLevel) Label() string {
	switch l {
	case EscalationSecurityLead:
		return "Data-security lead"
	case EscalationCoordinator:
		return "Regional coordinator"
	case EscalationCentre:
		return "National centre"
	}
	return "Responder"
}

// Escalation is the rung a response sits on at now under the policy: none
// while it is not overdue; then each rung once it has been overdue for that
// rung's time.
func (p Policy) Escalation(r *Response, now time.Time) EscalationLevel {
	since := r.OverdueSince(now)
	if since.IsZero() {
		return EscalationNone
	}
	return p.EscalationAfter(now.Sub(since))
}

// EscalationAfter is the rung for a response that has been overdue for d.
func (p Policy) EscalationAfter(d time.Duration) EscalationLevel {
	level := EscalationNone
	for i, step := range p.EscalationSteps {
		if d >= step {
			level = EscalationLevel(i + 1)
		}
	}
	return level
}

// EscalationThresholds returns, for each rung above the responder, the
// latest "overdue since" time that puts a response on that rung at now. A
// store uses them to count rungs in SQL by the same rule as Escalation.
func (p Policy) EscalationThresholds(now time.Time) [3]time.Time {
	var t [3]time.Time
	for i, step := range p.EscalationSteps {
		t[i] = now.Add(-step)
	}
	return t
}

// OutboxEvent is something that happened and must be delivered (by email,
// webhook or chat) by the notifications worker: an alert published or
// revised, a response escalated. Nothing is dropped: an event stays in the
// outbox until it is delivered.
type OutboxEvent struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	AlertID     int64           `json:"alert_id"`
	OrgID       int64           `json:"org_id,omitempty"`
	Level       EscalationLevel `json:"level,omitempty"`
	Summary     string          `json:"summary"`
	CreatedAt   time.Time       `json:"created_at"`
	DeliveredAt time.Time       `json:"delivered_at"`
}

// The kinds of outbox event.
const (
	OutboxAlertPublished = "alert.published"
	OutboxAlertRevised   = "alert.revised"
	OutboxAlertWithdrawn = "alert.withdrawn"
	OutboxEscalated      = "response.escalated"
)
