package rollcall

import "time"

// OrgFilter selects organisations. Scope always applies.
type OrgFilter struct {
	Scope    Scope
	RegionID int64
	Type     OrgType
	// Query matches the code exactly or the name in part, ignoring case.
	Query  string
	IDs    []int64
	Limit  int // 0 means no limit
	Offset int
}

// AlertFilter selects alerts. Scope always applies: a scope that does not
// see everything sees only published or withdrawn alerts that target an
// organisation in it.
type AlertFilter struct {
	Scope    Scope
	Statuses []AlertStatus
	Severity Severity
	Limit    int
	Offset   int
}

// AlertItem is an alert in a list, with the caller's roll-call headline.
type AlertItem struct {
	Alert
	// Targeted and Open count the responses in the caller's scope, and
	// Overdue those overdue at the time the list was made.
	Targeted int `json:"targeted"`
	Open     int `json:"open"`
	Overdue  int `json:"overdue"`
}

// ResponseFilter selects the responses of one alert, or of every alert
// when AlertID is zero. Scope always applies.
type ResponseFilter struct {
	AlertID  int64
	Scope    Scope
	OrgIDs   []int64
	RegionID int64
	OrgType  OrgType
	Phases   []Phase
	// Overdue keeps only responses with a clock run out at Now.
	Overdue bool
	// Open keeps only responses not yet closed.
	Open bool
	// Closed keeps only responses closed.
	Closed bool
	// OnlyPublished keeps only responses to published alerts.
	OnlyPublished bool
	// SignOff keeps only responses whose sign-off is in this state.
	SignOff SignOff
	// MinEscalation keeps only responses at or above this rung at Now, by
	// Thresholds (Policy.EscalationThresholds(Now)).
	MinEscalation EscalationLevel
	Thresholds    [3]time.Time
	Query         string
	Now           time.Time
	// Order: "overdue" (longest overdue first, then by name), "name", or
	// "deadline" (soonest next deadline first).
	Order  string
	Limit  int
	Offset int
}

// ResponseRow is a response with what a list needs to show it.
type ResponseRow struct {
	Response
	OrgCode       string      `json:"org_code"`
	OrgName       string      `json:"org_name"`
	OrgType       OrgType     `json:"org_type"`
	RegionID      int64       `json:"region_id"`
	AlertRef      string      `json:"alert_reference"`
	AlertTitle    string      `json:"alert_title"`
	AlertSeverity Severity    `json:"alert_severity"`
	AlertStatus   AlertStatus `json:"alert_status"`
	// AlertWithdrawnAt is when the alert was withdrawn, if it was.
	AlertWithdrawnAt time.Time `json:"alert_withdrawn_at"`
}

// ClockTime is the time to read the row's clocks at, given now: a
// withdrawn alert's clocks stopped when it was withdrawn.
func (r *ResponseRow) ClockTime(now time.Time) time.Time {
	if !r.AlertWithdrawnAt.IsZero() && r.AlertWithdrawnAt.Before(now) {
		return r.AlertWithdrawnAt
	}
	return now
}
