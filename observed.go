package rollcall

import "time"

// Claim is what an organisation says about an alert, read for comparison
// with what its inventory shows.
type Claim string

// The claims the comparison distinguishes.
const (
	ClaimNone          Claim = ""               // nothing said yet, or work in progress
	ClaimPatched       Claim = "patched"        // says the fix is applied
	ClaimNotApplicable Claim = "not_applicable" // says it has nothing affected
	ClaimMitigated     Claim = "mitigated"      // says a workaround is in place
	ClaimRiskAccepted  Claim = "risk_accepted"  // says it accepts the risk
)

// ClaimOf reads a response's answer as a Claim.
func ClaimOf(r *Response) Claim {
	switch {
	case r.Applicability == NotApplicable:
		return ClaimNotApplicable
	case r.Action == ActionPatched:
		return ClaimPatched
	case r.Action == ActionMitigated:
		return ClaimMitigated
	case r.Action == ActionRiskAccepted:
		return ClaimRiskAccepted
	}
	return ClaimNone
}

// SaysSafe reports whether the claim says the organisation is not exposed
// any more: patched or not applicable. These are the claims an inventory
// can contradict; a mitigation or an accepted risk leaves hosts exposed by
// design.
func (c Claim) SaysSafe() bool { return c == ClaimPatched || c == ClaimNotApplicable }

// Label is the claim as people read it.
func (c Claim) Label() string {
	switch c {
	case ClaimPatched:
		return "Patched"
	case ClaimNotApplicable:
		return "Not applicable"
	case ClaimMitigated:
		return "Mitigated"
	case ClaimRiskAccepted:
		return "Risk accepted"
	}
	return "Not yet"
}

// Observation is what an organisation's inventory shows about an alert.
type Observation string

// The observations.
const (
	// ObservedNoInventory: no inventory at all.
	ObservedNoInventory Observation = "no_inventory"
	// ObservedStale: the newest snapshot is older than the policy's
	// freshness window, or the hosts that are (or may be) exposed were
	// last sent before it, so it is not evidence either way.
	ObservedStale Observation = "stale"
	// ObservedExposed: a fresh snapshot shows an exposed host.
	ObservedExposed Observation = "exposed"
	// ObservedUnknown: no host is shown exposed, but some cannot be told
	// (a version Rollcall cannot compare).
	ObservedUnknown Observation = "unknown"
	// ObservedClear: a fresh inventory shows no exposed host.
	ObservedClear Observation = "clear"
)

// Label is the observation as people read it.
func (o Observation) Label() string {
	switch o {
	case ObservedNoInventory:
		return "No inventory"
	case ObservedStale:
		return "Inventory stale"
	case ObservedExposed:
		return "Exposed"
	case ObservedUnknown:
		return "Cannot tell"
	case ObservedClear:
		return "Not exposed"
	}
	return string(o)
}

// Observe decides an organisation's observation from its exposed and
// unknown host counts — of any age, and those whose snapshot is within the
// freshness window — and its inventory age at now. Only fresh hosts are
// evidence: an organisation whose exposed hosts were all last sent before
// the window is stale, not clear, whatever else it has sent since, so a
// fresh upload of other machines cannot clear old evidence.
func Observe(exposed, unknown, freshExposed, freshUnknown int, age InventoryAge, now time.Time, fresh time.Duration) Observation {
	switch {
	case age.Hosts == 0:
		return ObservedNoInventory
	case freshExposed > 0:
		return ObservedExposed
	case age.Stale(now, fresh), exposed > 0:
		return ObservedStale
	case freshUnknown > 0:
		return ObservedUnknown
	case unknown > 0:
		return ObservedStale
	}
	return ObservedClear
}

// Discrepancy is an organisation that says it is safe while its fresh
// inventory shows exposed hosts.
func Discrepancy(c Claim, o Observation) bool { return c.SaysSafe() && o == ObservedExposed }

// Compliance counts, side by side, what organisations say and what their
// inventories show, for the alert's targeted organisations in a scope.
type Compliance struct {
	Targeted int `json:"targeted"`
	// SaysSafe answered patched or not applicable; Mitigated and
	// RiskAccepted are counted apart.
	SaysSafe     int `json:"says_safe"`
	Mitigated    int `json:"mitigated"`
	RiskAccepted int `json:"risk_accepted"`
	// The observations, which add up to Targeted.
	Clear       int `json:"observed_clear"`
	Exposed     int `json:"observed_exposed"`
	Unknown     int `json:"observed_unknown"`
	Stale       int `json:"inventory_stale"`
	NoInventory int `json:"no_inventory"`
	// Discrepancies says safe but is observed exposed.
	Discrepancies int `json:"discrepancies"`
}

// Add counts one organisation.
func (c *Compliance) Add(claim Claim, o Observation) {
	c.Targeted++
	switch {
	case claim.SaysSafe():
		c.SaysSafe++
	case claim == ClaimMitigated:
		c.Mitigated++
	case claim == ClaimRiskAccepted:
		c.RiskAccepted++
	}
	switch o {
	case ObservedClear:
		c.Clear++
	case ObservedExposed:
		c.Exposed++
	case ObservedUnknown:
		c.Unknown++
	case ObservedStale:
		c.Stale++
	default:
		c.NoInventory++
	}
	if Discrepancy(claim, o) {
		c.Discrepancies++
	}
}

// Evidenced is how many organisations have a fresh inventory.
func (c Compliance) Evidenced() int { return c.Clear + c.Exposed + c.Unknown }

// ClaimRow is one targeted organisation's answer, as the national
// comparison reads it.
type ClaimRow struct {
	OrgID         int64
	RegionID      int64
	Applicability Applicability
	Action        Action
}

// Claim reads the row's answer.
func (r ClaimRow) Claim() Claim {
	return ClaimOf(&Response{Applicability: r.Applicability, Action: r.Action})
}
