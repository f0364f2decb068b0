package rollcall

import (
	"fmt"
	"time"
)

// Severity is how urgent an alert is. It sets the clocks through the Policy.
type Severity string

// The severities.
const (
	SeverityHigh   Severity = "high"
	SeverityMedium Severity = "medium"
	SeverityLow    Severity = "low"
)

// Severities lists every severity, most urgent first.
var Severities = []Severity{SeverityHigh, SeverityMedium, SeverityLow}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool {
	return s == SeverityHigh || s == SeverityMedium || s == SeverityLow
}

// Label is the severity as people read it.
func (s Severity) Label() string {
	switch s {
	case SeverityHigh:
		return "High"
	case SeverityMedium:
		return "Medium"
	case SeverityLow:
		return "Low"
	}
	return string(s)
}

// Clocks are the two deadlines an organisation owes for one alert, as
// durations from the moment it was targeted. A zero duration means no clock.
type Clocks struct {
	Acknowledge time.Duration `json:"acknowledge"`
	Remediate   time.Duration `json:"remediate"`
}

// Validate checks a pair of clocks.
func (c Clocks) Validate() error {
	switch {
	case c.Acknowledge < 0:
		return FieldError("acknowledge_within", "The acknowledgement clock cannot be negative.")
	case c.Remediate < 0:
		return FieldError("remediate_within", "The remediation clock cannot be negative.")
	case c.Acknowledge > 0 && c.Remediate > 0 && c.Remediate < c.Acknowledge:
		return FieldError("remediate_within", "The remediation deadline cannot come before the acknowledgement deadline.")
	}
	return nil
}

// Policy is the centre's rule book: the clocks per severity and the
// escalation ladder. It is configurable; an alert may override its clocks.
type Policy struct {
	Clocks map[Severity]Clocks
	// EscalationSteps gives, for each rung above the responder, how long a
	// response must have been overdue to sit there. It must be ascending.
	EscalationSteps [3]time.Duration
	// InventoryFreshness is how old an organisation's inventory may be and
	// still count as evidence: older inventories are flagged stale, and
	// their hosts raise no discrepancy against what the organisation says.
	InventoryFreshness time.Duration
	// EndOfSupport lists the products whose hosts are counted as end of
	// life.
	EndOfSupport []EndOfSupport
	// RiskSignOffFallback decides a risk acceptance for an organisation
	// with no data-security lead of its own or through a delegation (a GP
	// practice): the region's coordinator or the centre.
	RiskSignOffFallback SignerKind
}

// Day is 24 hours; policies are written in days and hours.
const Day = 24 * time.Hour

// DefaultPolicy is the policy Rollcall starts with: high — acknowledge
// within 48 hours, remediate within 14 days; medium — 7 and 30 days; low —
// no acknowledgement clock, 90 days. Overdue answers go to the
// data-security lead at once, to the regional coordinator after a day, and
// to the centre after three; a risk acceptance with no data-security lead
// to decide it goes to the region's coordinator. Inventories older than 30 days are stale;
// the Windows releases out of support are counted as end of life.
func DefaultPolicy() Policy {
	return Policy{
		Clocks: map[Severity]Clocks{
			SeverityHigh:   {Acknowledge: 48 * time.Hour, Remediate: 14 * Day},
			SeverityMedium: {Acknowledge: 7 * Day, Remediate: 30 * Day},
			SeverityLow:    {Acknowledge: 0, Remediate: 90 * Day},
		},
		EscalationSteps:     [3]time.Duration{0, 1 * Day, 3 * Day},
		InventoryFreshness:  30 * Day,
		EndOfSupport:        DefaultEndOfSupport(),
		RiskSignOffFallback: SignerCoordinator,
	}
}

// Validate checks a policy.
func (p Policy) Validate() error {
	for _, s := range Severities {
		c, ok := p.Clocks[s]
		if !ok {
			return FieldError("policy", "The policy has no clocks for %s severity.", s)
		}
		if err := c.Validate(); err != nil {
			return err
		}
	}
	for i := 1; i < len(p.EscalationSteps); i++ {
		if p.EscalationSteps[i] < p.EscalationSteps[i-1] || p.EscalationSteps[i-1] < 0 {
			return FieldError("policy", "Escalation steps must be ascending and not negative.")
		}
	}
	if p.InventoryFreshness <= 0 {
		return FieldError("inventory_freshness", "The inventory freshness window must be longer than zero.")
	}
	if !p.RiskSignOffFallback.ValidFallback() {
		return FieldError("risk_signoff_fallback", "Unknown risk sign-off fallback %q: use coordinator (the region's) or centre.", p.RiskSignOffFallback)
	}
	for i := range p.EndOfSupport {
		if err := p.EndOfSupport[i].validate(fmt.Sprintf("end_of_support[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

// ClocksFor returns the clocks for an alert: its own override, if it has
// one, else the policy's for its severity.
func (p Policy) ClocksFor(a *Alert) Clocks {
	if a.ClockOverride != nil {
		return *a.ClockOverride
	}
	return p.Clocks[a.Severity]
}

// Deadlines turns clocks into due times for an organisation targeted at t.
// A zero time means no deadline.
func (c Clocks) Deadlines(t time.Time) (ackDue, remediateDue time.Time) {
	if c.Acknowledge > 0 {
		ackDue = t.Add(c.Acknowledge)
	}
	if c.Remediate > 0 {
		remediateDue = t.Add(c.Remediate)
	}
	return ackDue, remediateDue
}

// FormatDuration writes a clock length as people say it: "48 hours",
// "14 days", "none".
func FormatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "none"
	case d%Day == 0 && d >= 3*Day:
		return fmt.Sprintf("%d days", d/Day)
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return d.String()
}
