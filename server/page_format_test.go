package server

import (
	"strings"
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

// TestPageText renders text typed in a box through the pages' "text"
// template: paragraphs, the lines within them, numbered steps and bullet
// lists keep their shape, and nothing typed is trusted as HTML.
func TestPageText(t *testing.T) {
	t.Parallel()
	const (
		ol = `<ol class="nhsuk-list nhsuk-list--number">`
		ul = `<ul class="nhsuk-list nhsuk-list--bullet">`
	)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", " \n ", `<p>—</p>`},
		{"paragraphs", "Patch now.\n\nThen report.", `<p>Patch now.</p><p>Then report.</p>`},
		{"line breaks within a paragraph", "Flaws in SMBv1\nlet an attacker in.\r\n\r\nPatch.", `<p>Flaws in SMBv1<br>let an attacker in.</p><p>Patch.</p>`},
		{"numbered steps after a line",
			"Do this:\n1. Install the update.\n2. Disable SMBv1.\n3) Report within 48 hours.",
			`<p>Do this:</p>` + ol + `<li>Install the update.</li><li>Disable SMBv1.</li><li>Report within 48 hours.</li></ol>`},
		{"numbered list starting later", "4. Isolate it.\n5. Report it.", `<ol class="nhsuk-list nhsuk-list--number" start="4"><li>Isolate it.</li><li>Report it.</li></ol>`},
		{"an indented line continues its step",
			"1. Install the update\n   on every host.\n2. Report.",
			ol + `<li>Install the update<br>on every host.</li><li>Report.</li></ol>`},
		{"bullets of either kind, then a paragraph",
			"Each version:\n- Windows 7 SP1: KB4012212\n* Windows 8.1: KB4012213\n• Windows XP: KB4012598\nLater rollups also fix it.",
			`<p>Each version:</p>` + ul + `<li>Windows 7 SP1: KB4012212</li><li>Windows 8.1: KB4012213</li><li>Windows XP: KB4012598</li></ul><p>Later rollups also fix it.</p>`},
		{"bullets then steps are two lists", "- a\n- b\n1. c", ul + `<li>a</li><li>b</li></ul>` + ol + `<li>c</li></ol>`},
		{"a year or a dash inside a line is no list", "2017 was the year.\nA - B", `<p>2017 was the year.<br>A - B</p>`},
		{"nothing typed is HTML", "<script>x()</script>\n- <b>bold</b> & \"quoted\"",
			`<p>&lt;script&gt;x()&lt;/script&gt;</p>` + ul + `<li>&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;</li></ul>`},
	} {
		var buf strings.Builder
		if err := pageTemplates["error"].ExecuteTemplate(&buf, "text", tc.in); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := buf.String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestPageBreakable: long names offer a line break after each dot, slash,
// colon, underscore and @, and nowhere else, and stay escaped.
func TestPageBreakable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"WS-001", "WS-001"},
		{"mri-console-03.radiology.ntrust.nhs.uk", "mri-console-03.<wbr>radiology.<wbr>ntrust.<wbr>nhs.<wbr>uk"},
		{"pkg:npm/lodash@4.17.20", "pkg:<wbr>npm/<wbr>lodash@<wbr>4.<wbr>17.<wbr>20"},
		{"PATH_ANALYSER_01", "PATH_<wbr>ANALYSER_<wbr>01"},
		{"a.", "a."},
		{"<b>x.y</b>", "&lt;b&gt;x.<wbr>y&lt;/<wbr>b&gt;"},
	} {
		if got := string(breakable(tc.in)); got != tc.want {
			t.Errorf("breakable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
