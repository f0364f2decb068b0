package rollcall

import (
	"strings"
	"testing"
	"time"
)

func TestChallengeValidate(t *testing.T) {
	now := time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		c         Challenge
		wantField string
	}{
		{"a note", Challenge{Note: "  Inventory shows WS-001 unpatched.  "}, ""},
		{"a note and a new deadline", Challenge{Note: "Patch WS-001.", RemediateDue: now.Add(Day)}, ""},
		{"no note", Challenge{Note: " \n "}, "note"},
		{"a note too long", Challenge{Note: strings.Repeat("é", MaxChallengeNote+1)}, "note"},
		{"a note at the limit", Challenge{Note: strings.Repeat("é", MaxChallengeNote)}, ""},
		{"a deadline already past", Challenge{Note: "Patch WS-001.", RemediateDue: now}, "remediate_due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate(now)
			if got := ErrorField(err); got != tt.wantField || (tt.wantField == "") != (err == nil) {
				t.Fatalf("Validate: %v (field %q), want field %q", err, got, tt.wantField)
			}
			if err == nil && tt.c.Note != strings.TrimSpace(tt.c.Note) {
				t.Errorf("note %q kept its spaces", tt.c.Note)
			}
		})
	}
}

func TestReopen(t *testing.T) {
	now := time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)
	due := now.Add(14 * Day)
	closed := func(a Answer) *Response {
		r := &Response{RemediateDue: due}
		if err := r.Apply(a, now.Add(-Day)); err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := closed(Answer{Action: ActionPatched, Evidence: "WSUS report"})
	c := &Challenge{Note: "WS-001 is still exposed."}
	if err := r.Reopen(c); err != nil {
		t.Fatal(err)
	}
	if c.Claim != ClaimPatched {
		t.Errorf("challenged claim %q, want patched", c.Claim)
	}
	if r.Phase != PhaseAcknowledged || !r.ClosedAt.IsZero() || ClaimOf(r) != ClaimNone || r.Evidence != "WSUS report" {
		t.Errorf("reopened response %+v: want acknowledged, open, no claim, evidence kept", r)
	}
	if !r.RemediateDue.Equal(due) {
		t.Errorf("deadline %v, want %v kept", r.RemediateDue, due)
	}
	if got := r.State(now); got != StateAcknowledged {
		t.Errorf("state %q, want acknowledged", got)
	}
	if err := r.Reopen(c); ErrorCode(err) != ECONFLICT {
		t.Errorf("reopening an open answer: %v, want a conflict", err)
	}

	r = closed(Answer{Applicability: NotApplicable, Reason: "No Windows 7 here."})
	later := now.Add(3 * Day)
	c = &Challenge{Note: "Two Windows 7 hosts in your inventory.", RemediateDue: later}
	if err := r.Reopen(c); err != nil || c.Claim != ClaimNotApplicable || !r.RemediateDue.Equal(later) || r.Applicability != "" {
		t.Errorf("reopen not applicable: %v, claim %q, due %v, applicability %q", err, c.Claim, r.RemediateDue, r.Applicability)
	}
}

func TestCanChallenge(t *testing.T) {
	north, south := int64(1), int64(2)
	tests := []struct {
		name string
		user User
		want bool
	}{
		{"analyst", User{Role: RoleAnalyst}, true},
		{"coordinator of the region", User{Role: RoleCoordinator, RegionID: north}, true},
		{"coordinator of another region", User{Role: RoleCoordinator, RegionID: south}, false},
		{"auditor", User{Role: RoleAuditor}, false},
		{"responder", User{Role: RoleResponder}, false},
		{"disabled analyst", User{Role: RoleAnalyst, Disabled: true}, false},
	}
	for _, tt := range tests {
		if got := (&Actor{User: tt.user}).CanChallenge(north); got != tt.want {
			t.Errorf("%s: CanChallenge = %v, want %v", tt.name, got, tt.want)
		}
	}
}
