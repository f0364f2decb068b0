package server

import (
	"testing"
	"time"

	"rollcall"
)

func TestPageClockPhrase(t *testing.T) {
	t.Parallel()
	targeted := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	ackDue, remDue := targeted.Add(48*time.Hour), targeted.Add(14*rollcall.Day)
	open := rollcall.Response{TargetedAt: targeted, AckDue: ackDue, RemediateDue: remDue}
	acked := open
	acked.AcknowledgedAt = targeted.Add(time.Hour)
	closed := acked
	closed.ClosedAt = targeted.Add(3 * rollcall.Day)
	noClocks := rollcall.Response{TargetedAt: targeted}
	for _, tc := range []struct {
		name string
		r    rollcall.Response
		now  time.Time
		want string
	}{
		{"ack: hours left round up", open, ackDue.Add(-4*time.Hour - 10*time.Minute), "Acknowledge within 5 hours"},
		{"ack: one hour", open, ackDue.Add(-time.Hour), "Acknowledge within 1 hour"},
		{"ack: minutes", open, ackDue.Add(-20 * time.Minute), "Acknowledge within 20 minutes"},
		{"ack: days", open, targeted, "Acknowledge within 2 days"},
		{"ack overdue: days round down", open, ackDue.Add(2*rollcall.Day + 7*time.Hour), "Acknowledgement overdue by 2 days"},
		{"ack overdue: hours", open, ackDue.Add(29 * time.Hour), "Acknowledgement overdue by 29 hours"},
		{"remediate: date and days", acked, targeted.Add(rollcall.Day), "Remediate by 24 March 2026 (13 days)"},
		{"remediate in summer time", rollcall.Response{AcknowledgedAt: targeted, RemediateDue: time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC)}, targeted, "Remediate by 1 July 2026 (112 days)"},
		{"remediation overdue", acked, remDue.Add(3*rollcall.Day + time.Hour), "Remediation overdue by 3 days"},
		{"closed", closed, remDue.Add(rollcall.Day), "Closed 13 March 2026"},
		{"no clocks", noClocks, targeted, "No deadline"},
	} {
		if got := clockPhrase(tc.r, tc.now); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPageFormatTook(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "under a minute"},
		{45 * time.Minute, "45 min"},
		{6*time.Hour + 20*time.Minute, "6 h 20 min"},
		{6 * time.Hour, "6 h"},
		{rollcall.Day + 4*time.Hour, "1 day 4 h"},
		{rollcall.Day, "1 day"},
		{3*rollcall.Day - time.Hour, "3 days"},
		{14 * rollcall.Day, "14 days"},
	} {
		if got := formatTook(tc.d); got != tc.want {
			t.Errorf("formatTook(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestPageFormatTimes(t *testing.T) {
	t.Parallel()
	winter := time.Date(2026, 3, 10, 9, 5, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{formatDateTime(winter), "10 March 2026, 9:05am"},
		{formatDateTime(summer), "2 July 2026, 12:30am"}, // British Summer Time
		{formatDate(summer), "2 July 2026"},
		{formatDay(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)), "1 July 2026"},
		{formatDateTime(time.Time{}), "—"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestPageDateInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   dateInput
		want string // "" for an error
	}{
		{dateInput{"27", "3", "2026"}, "2026-03-27"},
		{dateInput{" 1", "07 ", "2026"}, "2026-07-01"},
		{dateInput{"31", "2", "2026"}, ""},
		{dateInput{"x", "2", "2026"}, ""},
		{dateInput{"1", "1", "26"}, ""},
	} {
		got, err := tc.in.Time("planned_date")
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%v: got %v, want an error", tc.in, got)
		case tc.want == "" && rollcall.ErrorField(err) != "planned_date":
			t.Errorf("%v: error %v is not about planned_date", tc.in, err)
		case tc.want != "" && (err != nil || got.Format("2006-01-02") != tc.want):
			t.Errorf("%v: got %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}
