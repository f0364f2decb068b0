package rollcall_test

import (
	"testing"
	"time"

	"rollcall"
)

var t0 = time.Date(2017, 5, 12, 9, 0, 0, 0, time.UTC) // targeted

// highResponse is a response to a high-severity alert targeted at t0 under
// the default policy: acknowledge by t0+48h, remediate by t0+14d.
func highResponse() *rollcall.Response {
	ack, rem := rollcall.DefaultPolicy().Clocks[rollcall.SeverityHigh].Deadlines(t0)
	r := &rollcall.Response{AlertID: 1, OrgID: 1, TargetedAt: t0, AckDue: ack, RemediateDue: rem}
	r.Phase = rollcall.PhaseOf(r)
	return r
}

func TestStateRules(t *testing.T) {
	h := time.Hour
	tests := []struct {
		name string
		// steps apply answers at offsets from t0 before the state is read.
		steps []func(r *rollcall.Response) error
		at    time.Duration // when the state is read, from t0
		want  rollcall.State
		late  [2]bool // AckLate, RemediationLate
	}{
		{name: "new, inside 48 hours", at: 47 * h, want: rollcall.StateAwaitingAck},
		{name: "new, exactly at the deadline is not yet overdue", at: 48 * h, want: rollcall.StateAwaitingAck},
		{name: "silent past 48 hours", at: 48*h + time.Second, want: rollcall.StateAckOverdue},
		{name: "silent past both clocks stays acknowledgement overdue", at: 15 * rollcall.Day, want: rollcall.StateAckOverdue},
		{name: "acknowledged on time", steps: steps(ack(5 * h)), at: 3 * rollcall.Day, want: rollcall.StateAcknowledged},
		{name: "acknowledged late", steps: steps(ack(50 * h)), at: 3 * rollcall.Day, want: rollcall.StateAcknowledged, late: [2]bool{true, false}},
		{name: "acknowledged then remediation overdue", steps: steps(ack(5 * h)), at: 14*rollcall.Day + h, want: rollcall.StateRemediationOverdue},
		{name: "patched directly acknowledges", steps: steps(answer(10*h, rollcall.Answer{Action: rollcall.ActionPatched})), at: 20 * rollcall.Day, want: rollcall.StatePatched},
		{name: "patched after the deadline is late", steps: steps(answer(15*rollcall.Day, rollcall.Answer{Action: rollcall.ActionPatched})), at: 20 * rollcall.Day, want: rollcall.StatePatched, late: [2]bool{true, true}},
		{name: "mitigated closes", steps: steps(answer(h, rollcall.Answer{Action: rollcall.ActionMitigated, Reason: "SMBv1 disabled by GPO"})), at: 20 * rollcall.Day, want: rollcall.StateMitigated},
		{name: "in progress inside the deadline", steps: steps(answer(h, rollcall.Answer{Action: rollcall.ActionInProgress, PlannedDate: t0.Add(10 * rollcall.Day)})), at: 5 * rollcall.Day, want: rollcall.StateInProgress},
		{name: "in progress past the deadline is overdue", steps: steps(answer(h, rollcall.Answer{Action: rollcall.ActionInProgress, PlannedDate: t0.Add(20 * rollcall.Day)})), at: 15 * rollcall.Day, want: rollcall.StateRemediationOverdue},
		{name: "not applicable closes", steps: steps(answer(h, rollcall.Answer{Applicability: rollcall.NotApplicable, Reason: "No Windows estate"})), at: 30 * rollcall.Day, want: rollcall.StateNotApplicable},
		{name: "applicable but no action yet", steps: steps(answer(h, rollcall.Answer{Applicability: rollcall.Applicable})), at: 2 * rollcall.Day, want: rollcall.StateAcknowledged},
		{name: "risk accepted waits for sign-off", steps: steps(answer(h, riskAnswer)), at: 2 * rollcall.Day, want: rollcall.StateRiskPending},
		{name: "risk accepted, unsigned past the deadline, is overdue", steps: steps(answer(h, riskAnswer)), at: 15 * rollcall.Day, want: rollcall.StateRemediationOverdue},
		{name: "risk accepted and signed off closes", steps: steps(answer(h, riskAnswer), decide(2*h, true)), at: 30 * rollcall.Day, want: rollcall.StateRiskAccepted},
		{name: "risk acceptance rejected reopens", steps: steps(answer(h, riskAnswer), decide(2*h, false)), at: 3 * rollcall.Day, want: rollcall.StateRiskRejected},
		{name: "patched then reopened as in progress", steps: steps(answer(h, rollcall.Answer{Action: rollcall.ActionPatched}), answer(2*h, rollcall.Answer{Action: rollcall.ActionInProgress, PlannedDate: t0.Add(5 * rollcall.Day)})), at: 3 * rollcall.Day, want: rollcall.StateInProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := highResponse()
			for _, step := range tt.steps {
				if err := step(r); err != nil {
					t.Fatalf("step: %v", err)
				}
			}
			if got := r.State(t0.Add(tt.at)); got != tt.want {
				t.Errorf("State = %s, want %s", got, tt.want)
			}
			if got := [2]bool{r.AckLate(), r.RemediationLate()}; got != tt.late {
				t.Errorf("late (ack, remediation) = %v, want %v", got, tt.late)
			}
		})
	}
}

var riskAnswer = rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: "Legacy MRI scanner; vendor patch due; isolated VLAN"}

func steps(s ...func(*rollcall.Response) error) []func(*rollcall.Response) error { return s }

func ack(at time.Duration) func(*rollcall.Response) error {
	return func(r *rollcall.Response) error { r.Acknowledge(t0.Add(at)); return nil }
}

func answer(at time.Duration, a rollcall.Answer) func(*rollcall.Response) error {
	return func(r *rollcall.Response) error { return r.Apply(a, t0.Add(at)) }
}

func decide(at time.Duration, approve bool) func(*rollcall.Response) error {
	return func(r *rollcall.Response) error { return r.Decide(approve, "reviewed at board", 99, t0.Add(at)) }
}

func TestLowSeverityHasNoAcknowledgementClock(t *testing.T) {
	ackDue, remDue := rollcall.DefaultPolicy().Clocks[rollcall.SeverityLow].Deadlines(t0)
	r := &rollcall.Response{TargetedAt: t0, AckDue: ackDue, RemediateDue: remDue, Phase: rollcall.PhaseAwaitingAck}
	if !ackDue.IsZero() {
		t.Fatalf("low ack due = %v, want none", ackDue)
	}
	if got := r.State(t0.Add(89 * rollcall.Day)); got != rollcall.StateAwaitingAck {
		t.Errorf("day 89: got %s, want %s", got, rollcall.StateAwaitingAck)
	}
	if got := r.State(t0.Add(91 * rollcall.Day)); got != rollcall.StateRemediationOverdue {
		t.Errorf("day 91: got %s, want %s", got, rollcall.StateRemediationOverdue)
	}
}

func TestAnswerValidation(t *testing.T) {
	now := t0.Add(time.Hour)
	tests := []struct {
		name      string
		a         rollcall.Answer
		wantField string
	}{
		{"patched", rollcall.Answer{Action: rollcall.ActionPatched}, ""},
		{"unknown action", rollcall.Answer{Action: "ignored"}, "action"},
		{"unknown applicability", rollcall.Answer{Applicability: "maybe"}, "applicability"},
		{"not applicable needs a reason", rollcall.Answer{Applicability: rollcall.NotApplicable}, "reason"},
		{"not applicable with an action", rollcall.Answer{Applicability: rollcall.NotApplicable, Action: rollcall.ActionPatched, Reason: "x"}, "action"},
		{"in progress needs a date", rollcall.Answer{Action: rollcall.ActionInProgress}, "planned_date"},
		{"in progress in the past", rollcall.Answer{Action: rollcall.ActionInProgress, PlannedDate: t0.Add(-48 * time.Hour)}, "planned_date"},
		{"in progress later today is fine", rollcall.Answer{Action: rollcall.ActionInProgress, PlannedDate: now.Truncate(rollcall.Day)}, ""},
		{"risk needs a justification", rollcall.Answer{Action: rollcall.ActionRiskAccepted}, "reason"},
		{"evidence link must be a web address", rollcall.Answer{Action: rollcall.ActionPatched, EvidenceLinks: []string{"javascript:alert(1)"}}, "evidence_links"},
		{"evidence links are trimmed", rollcall.Answer{Action: rollcall.ActionPatched, EvidenceLinks: []string{" https://intranet.example/change/42 ", ""}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate(now)
			if got := rollcall.ErrorField(err); got != tt.wantField {
				t.Errorf("field = %q (err %v), want %q", got, err, tt.wantField)
			}
			if tt.wantField != "" && rollcall.ErrorCode(err) != rollcall.EINVALID {
				t.Errorf("code = %q, want %q", rollcall.ErrorCode(err), rollcall.EINVALID)
			}
		})
	}
}

func TestDecideNeedsPendingAndReason(t *testing.T) {
	r := highResponse()
	if err := r.Decide(true, "", 1, t0); rollcall.ErrorCode(err) != rollcall.ECONFLICT {
		t.Errorf("deciding with nothing pending: code %q, want %q", rollcall.ErrorCode(err), rollcall.ECONFLICT)
	}
	if err := r.Apply(riskAnswer, t0); err != nil {
		t.Fatal(err)
	}
	if err := r.Decide(false, "  ", 1, t0); rollcall.ErrorField(err) != "note" {
		t.Errorf("rejecting without a reason: field %q, want note", rollcall.ErrorField(err))
	}
	if err := r.Decide(true, "", 1, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !r.ClosedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("ClosedAt = %v, want the sign-off time", r.ClosedAt)
	}
}

func TestStateOfCoversEveryPhase(t *testing.T) {
	for _, p := range rollcall.Phases {
		for _, ackOver := range []bool{false, true} {
			for _, remOver := range []bool{false, true} {
				s := rollcall.StateOf(p, ackOver, remOver)
				if s.Label() == string(s) {
					t.Errorf("StateOf(%s, %v, %v) = %q has no label", p, ackOver, remOver, s)
				}
				if p.Closed() != s.Closed() {
					t.Errorf("StateOf(%s, …) = %s: closed %v, want %v", p, s, s.Closed(), p.Closed())
				}
			}
		}
	}
}
