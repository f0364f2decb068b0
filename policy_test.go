package rollcall_test

import (
	"testing"
	"time"

	"rollcall"
)

func TestDefaultPolicy(t *testing.T) {
	p := rollcall.DefaultPolicy()
	want := map[rollcall.Severity]rollcall.Clocks{
		rollcall.SeverityHigh:   {Acknowledge: 48 * time.Hour, Remediate: 14 * rollcall.Day},
		rollcall.SeverityMedium: {Acknowledge: 7 * rollcall.Day, Remediate: 30 * rollcall.Day},
		rollcall.SeverityLow:    {Acknowledge: 0, Remediate: 90 * rollcall.Day},
	}
	for s, w := range want {
		if got := p.Clocks[s]; got != w {
			t.Errorf("%s: got %+v, want %+v", s, got, w)
		}
	}
	if err := p.Validate(); err != nil {
		t.Errorf("default policy invalid: %v", err)
	}
}

func TestClockOverride(t *testing.T) {
	p := rollcall.DefaultPolicy()
	a := &rollcall.Alert{Severity: rollcall.SeverityHigh}
	if got := p.ClocksFor(a); got.Acknowledge != 48*time.Hour {
		t.Errorf("no override: ack %v, want 48h", got.Acknowledge)
	}
	a.ClockOverride = &rollcall.Clocks{Acknowledge: 24 * time.Hour, Remediate: 7 * rollcall.Day}
	if got := p.ClocksFor(a); got != *a.ClockOverride {
		t.Errorf("override: got %+v, want %+v", got, *a.ClockOverride)
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name      string
		json      string
		wantField string
		check     func(t *testing.T, p rollcall.Policy)
	}{
		{name: "empty keeps the defaults", json: `{}`, check: func(t *testing.T, p rollcall.Policy) {
			if p.Clocks[rollcall.SeverityHigh].Acknowledge != 48*time.Hour {
				t.Errorf("high ack = %v", p.Clocks[rollcall.SeverityHigh].Acknowledge)
			}
		}},
		{name: "days and hours", json: `{"clocks":{"high":{"acknowledge":"24h","remediate":"7d"}},"escalation":["2h","1d","2d"]}`, check: func(t *testing.T, p rollcall.Policy) {
			if got := p.Clocks[rollcall.SeverityHigh]; got.Acknowledge != 24*time.Hour || got.Remediate != 7*rollcall.Day {
				t.Errorf("high = %+v", got)
			}
			if p.Clocks[rollcall.SeverityMedium].Remediate != 30*rollcall.Day {
				t.Errorf("medium not kept from the default")
			}
			if p.EscalationSteps != [3]time.Duration{2 * time.Hour, rollcall.Day, 2 * rollcall.Day} {
				t.Errorf("escalation = %v", p.EscalationSteps)
			}
		}},
		{name: "unknown severity", json: `{"clocks":{"urgent":{"acknowledge":"1h"}}}`, wantField: "clocks.urgent"},
		{name: "bad duration", json: `{"clocks":{"high":{"acknowledge":"two days"}}}`, wantField: "clocks.high.acknowledge"},
		{name: "unknown field", json: `{"clock":{}}`, wantField: "policy"},
		{name: "escalation not ascending", json: `{"escalation":["3d","1d","2d"]}`, wantField: "policy"},
		{name: "escalation wrong length", json: `{"escalation":["1d"]}`, wantField: "escalation"},
		{name: "remediate before acknowledge", json: `{"clocks":{"high":{"acknowledge":"10d","remediate":"1d"}}}`, wantField: "remediate_within"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := rollcall.ParsePolicy([]byte(tt.json))
			if got := rollcall.ErrorField(err); got != tt.wantField {
				t.Fatalf("field = %q (err %v), want %q", got, err, tt.wantField)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}
