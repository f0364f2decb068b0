package rollcall

// Phase is where a response stands by its answers alone, without the clock.
// It is derived by PhaseOf and stored, so that the database can count
// responses by it; State adds the clock.
type Phase string

// The phases.
const (
	PhaseAwaitingAck   Phase = "awaiting_ack"
	PhaseAcknowledged  Phase = "acknowledged"
	PhaseInProgress    Phase = "in_progress"
	PhaseRiskPending   Phase = "risk_pending"
	PhaseRiskRejected  Phase = "risk_rejected"
	PhasePatched       Phase = "patched"
	PhaseMitigated     Phase = "mitigated"
	PhaseNotApplicable Phase = "not_applicable"
	PhaseRiskAccepted  Phase = "risk_accepted"
)

// Phases lists every phase.
var Phases = []Phase{
	PhaseAwaitingAck, PhaseAcknowledged, PhaseInProgress, PhaseRiskPending, PhaseRiskRejected,
	PhasePatched, PhaseMitigated, PhaseNotApplicable, PhaseRiskAccepted,
}

// Closed reports whether the phase stops the remediation clock.
func (p Phase) Closed() bool {
	switch p {
	case PhasePatched, PhaseMitigated, PhaseNotApplicable, PhaseRiskAccepted:
		return true
	}
	return false
}

// PhaseOf derives a response's phase from its answers.
func PhaseOf(r *Response) Phase {
	switch {
	case r.Applicability == NotApplicable:
		return PhaseNotApplicable
	case r.Action == ActionPatched:
		return PhasePatched
	case r.Action == ActionMitigated:
		return PhaseMitigated
	case r.Action == ActionInProgress:
		return PhaseInProgress
	case r.Action == ActionRiskAccepted && r.SignOff == SignOffApproved:
		return PhaseRiskAccepted
	case r.Action == ActionRiskAccepted && r.SignOff == SignOffRejected:
		return PhaseRiskRejected
	case r.Action == ActionRiskAccepted:
		return PhaseRiskPending
	case !r.AcknowledgedAt.IsZero():
		return PhaseAcknowledged
	}
	return PhaseAwaitingAck
}

// State is what people see of a response at a moment: its phase, with the
// clocks applied.
type State string

// The states.
const (
	StateAwaitingAck        State = "awaiting_ack"
	StateAckOverdue         State = "ack_overdue"
	StateAcknowledged       State = "acknowledged"
	StateInProgress         State = "in_progress"
	StateRiskPending        State = "risk_pending"
	StateRiskRejected       State = "risk_rejected"
	StateRemediationOverdue State = "remediation_overdue"
	StatePatched            State = "patched"
	StateMitigated          State = "mitigated"
	StateNotApplicable      State = "not_applicable"
	StateRiskAccepted       State = "risk_accepted"
)

// States lists every state in the order the roll call shows them: the ones
// that need chasing first.
var States = []State{
	StateAckOverdue, StateRemediationOverdue, StateAwaitingAck, StateAcknowledged,
	StateInProgress, StateRiskPending, StateRiskRejected,
	StatePatched, StateMitigated, StateNotApplicable, StateRiskAccepted,
}

var stateLabels = map[State]string{
	StateAwaitingAck:        "Awaiting acknowledgement",
	StateAckOverdue:         "Acknowledgement overdue",
	StateAcknowledged:       "Acknowledged",
	StateInProgress:         "In progress",
	StateRiskPending:        "Risk acceptance awaiting sign-off",
	StateRiskRejected:       "Risk acceptance rejected",
	StateRemediationOverdue: "Remediation overdue",
	StatePatched:            "Patched",
	StateMitigated:          "Mitigated",
	StateNotApplicable:      "Not applicable",
	StateRiskAccepted:       "Risk accepted",
}

// Label is the state as people read it.
func (s State) Label() string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return string(s)
}

// Overdue reports whether a clock has run out in this state.
func (s State) Overdue() bool { return s == StateAckOverdue || s == StateRemediationOverdue }

// Closed reports whether the response needs nothing more.
func (s State) Closed() bool {
	switch s {
	case StatePatched, StateMitigated, StateNotApplicable, StateRiskAccepted:
		return true
	}
	return false
}

// Tone is a hint for how to colour the state: "red", "orange", "yellow",
// "blue", "green" or "grey".
func (s State) Tone() string {
	switch s {
	case StateAckOverdue, StateRemediationOverdue, StateRiskRejected:
		return "red"
	case StateAwaitingAck:
		return "orange"
	case StateRiskPending, StateInProgress:
		return "yellow"
	case StateAcknowledged:
		return "blue"
	case StatePatched, StateMitigated, StateRiskAccepted:
		return "green"
	}
	return "grey"
}

// StateOf is the one rule that turns a phase and the two clocks into a
// state. Everything that shows or counts states goes through it.
func StateOf(p Phase, ackOverdue, remediationOverdue bool) State {
	switch {
	case p.Closed():
		return State(p)
	case p == PhaseAwaitingAck && ackOverdue:
		return StateAckOverdue
	case remediationOverdue:
		return StateRemediationOverdue
	}
	return State(p)
}
