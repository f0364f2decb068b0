package rollcall_test

import (
	"testing"
	"time"

	"rollcall"
)

func TestEscalationLadder(t *testing.T) {
	p := rollcall.DefaultPolicy()
	h := time.Hour
	tests := []struct {
		name  string
		steps []func(*rollcall.Response) error
		at    time.Duration
		want  rollcall.EscalationLevel
	}{
		{name: "not overdue stays with the responder", at: 47 * h, want: rollcall.EscalationNone},
		{name: "overdue goes to the data-security lead at once", at: 48*h + time.Minute, want: rollcall.EscalationSecurityLead},
		{name: "a day overdue reaches the regional coordinator", at: 72 * h, want: rollcall.EscalationCoordinator},
		{name: "three days overdue reaches the centre", at: 48*h + 3*rollcall.Day, want: rollcall.EscalationCentre},
		{name: "acknowledged late falls back until the remediation clock", steps: steps(ack(100 * h)), at: 5 * rollcall.Day, want: rollcall.EscalationNone},
		{name: "remediation overdue climbs from its own deadline", steps: steps(ack(h)), at: 14*rollcall.Day + 2*rollcall.Day, want: rollcall.EscalationCoordinator},
		{name: "closed is never escalated", steps: steps(answer(h, rollcall.Answer{Action: rollcall.ActionPatched})), at: 60 * rollcall.Day, want: rollcall.EscalationNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := highResponse()
			for _, s := range tt.steps {
				if err := s(r); err != nil {
					t.Fatal(err)
				}
			}
			now := t0.Add(tt.at)
			got := p.Escalation(r, now)
			if got != tt.want {
				t.Errorf("Escalation = %s, want %s", got.Label(), tt.want.Label())
			}
			// The thresholds a store compares against must give the same rung.
			since := r.OverdueSince(now)
			th := p.EscalationThresholds(now)
			byThreshold := rollcall.EscalationNone
			for i := range th {
				if !since.IsZero() && !since.After(th[i]) {
					byThreshold = rollcall.EscalationLevel(i + 1)
				}
			}
			if byThreshold != got {
				t.Errorf("by thresholds = %s, by Escalation = %s", byThreshold.Label(), got.Label())
			}
		})
	}
}
