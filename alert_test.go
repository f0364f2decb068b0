package rollcall_test

import (
	"strings"
	"testing"
	"time"

	"rollcall"
)

func validAlert() *rollcall.Alert {
	return &rollcall.Alert{
		Title: "SMBv1 remote code execution", Severity: rollcall.SeverityHigh, Summary: "Patch now.",
		CVEs: []string{" cve-2017-0144 ", "CVE-2017-0144", ""}, Target: rollcall.Target{All: true},
		CVSS:       &rollcall.CVSS{Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"},
		References: []string{"https://learn.microsoft.com/security-updates/securitybulletins/2017/ms17-010", " "},
	}
}

func TestAlertValidate(t *testing.T) {
	tests := []struct {
		name      string
		change    func(a *rollcall.Alert)
		wantField string
	}{
		{name: "valid", change: func(a *rollcall.Alert) {}},
		{name: "no title", change: func(a *rollcall.Alert) { a.Title = "  " }, wantField: "title"},
		{name: "bad severity", change: func(a *rollcall.Alert) { a.Severity = "critical" }, wantField: "severity"},
		{name: "no summary", change: func(a *rollcall.Alert) { a.Summary = "" }, wantField: "summary"},
		{name: "bad CVE", change: func(a *rollcall.Alert) { a.CVEs = []string{"MS17-010"} }, wantField: "cves"},
		{name: "bad CVSS metric", change: func(a *rollcall.Alert) { a.CVSS.Vector = "CVSS:3.1/AV:X/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H" }, wantField: "cvss_vector"},
		{name: "CVSS of an unknown version", change: func(a *rollcall.Alert) { a.CVSS.Vector = "CVSS:2.0/AV:N" }, wantField: "cvss_vector"},
		{name: "CVSS v4.0", change: func(a *rollcall.Alert) {
			a.CVSS.Vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
		}},
		{name: "reference not a web address", change: func(a *rollcall.Alert) { a.References = []string{"file:///etc/passwd"} }, wantField: "references"},
		{name: "no target", change: func(a *rollcall.Alert) { a.Target = rollcall.Target{} }, wantField: "target"},
		{name: "bad target type", change: func(a *rollcall.Alert) { a.Target = rollcall.Target{Types: []rollcall.OrgType{"hospital"}} }, wantField: "target.types[0]"},
		{name: "bad clock override", change: func(a *rollcall.Alert) { a.ClockOverride = &rollcall.Clocks{Acknowledge: -1} }, wantField: "acknowledge_within"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAlert()
			tt.change(a)
			err := a.Validate()
			if got := rollcall.ErrorField(err); got != tt.wantField {
				t.Fatalf("field = %q (err %v), want %q", got, err, tt.wantField)
			}
		})
	}
}

func TestAlertValidateNormalises(t *testing.T) {
	a := validAlert()
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(a.CVEs) != 1 || a.CVEs[0] != "CVE-2017-0144" {
		t.Errorf("CVEs = %q, want [CVE-2017-0144]", a.CVEs)
	}
	if len(a.References) != 1 {
		t.Errorf("References = %q, want one", a.References)
	}
	if a.CVSS.Score != 8.1 || a.CVSS.Rating != "High" || a.CVSS.Version != "3.1" {
		t.Errorf("CVSS = %+v, want 8.1 High 3.1", a.CVSS)
	}
}

func TestCVSSErrorsNameTheComponent(t *testing.T) {
	tests := []struct {
		vector string
		want   string
	}{
		{"CVSS:3.1/AV:Q/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", `"AV:Q"`},
		{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z", `"E:Z"`},
		{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/XX:H", `"XX:H"`},
		{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H", "every base metric"},
		{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:Q", `"SA:Q"`},
	}
	for _, tt := range tests {
		_, err := rollcall.ParseCVSS(tt.vector)
		if msg := rollcall.ErrorMessage(err); !strings.Contains(msg, tt.want) || rollcall.ErrorField(err) != "cvss_vector" {
			t.Errorf("%s: message %q (field %q), want it to contain %s", tt.vector, msg, rollcall.ErrorField(err), tt.want)
		}
	}
}

func TestCVSSv4Score(t *testing.T) {
	c, err := rollcall.ParseCVSS("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
	if err != nil {
		t.Fatal(err)
	}
	if c.Score != 9.3 || c.Rating != "Critical" {
		t.Errorf("got %.1f %s, want 9.3 Critical", c.Score, c.Rating)
	}
}

func TestTargetMatches(t *testing.T) {
	london := &rollcall.Organisation{ID: 1, RegionID: 10, Type: rollcall.OrgAcuteTrust}
	leedsGP := &rollcall.Organisation{ID: 2, RegionID: 20, Type: rollcall.OrgGPPractice}
	tests := []struct {
		name   string
		target rollcall.Target
		want   [2]bool
	}{
		{"everyone", rollcall.Target{All: true}, [2]bool{true, true}},
		{"region", rollcall.Target{RegionIDs: []int64{10}}, [2]bool{true, false}},
		{"type", rollcall.Target{Types: []rollcall.OrgType{rollcall.OrgGPPractice}}, [2]bool{false, true}},
		{"region and type must both match", rollcall.Target{RegionIDs: []int64{10}, Types: []rollcall.OrgType{rollcall.OrgGPPractice}}, [2]bool{false, false}},
		{"a listed organisation is added to the filters", rollcall.Target{RegionIDs: []int64{10}, OrgIDs: []int64{2}}, [2]bool{true, true}},
		{"list only", rollcall.Target{OrgIDs: []int64{2}}, [2]bool{false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := [2]bool{tt.target.Matches(london), tt.target.Matches(leedsGP)}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWithdrawnAlertClocksStop(t *testing.T) {
	withdrawn := t0.Add(time.Hour)
	a := &rollcall.Alert{Status: rollcall.AlertPublished, UpdatedAt: withdrawn}
	if got := a.ClockTime(t0.Add(rollcall.Day)); !got.Equal(t0.Add(rollcall.Day)) {
		t.Errorf("published: clock time %v, want now", got)
	}
	a.Status = rollcall.AlertWithdrawn
	if got := a.ClockTime(t0.Add(rollcall.Day)); !got.Equal(withdrawn) {
		t.Errorf("withdrawn: clock time %v, want the withdrawal %v", got, withdrawn)
	}
	row := &rollcall.ResponseRow{AlertWithdrawnAt: withdrawn}
	if got := row.ClockTime(t0.Add(rollcall.Day)); !got.Equal(withdrawn) {
		t.Errorf("row of a withdrawn alert: clock time %v, want %v", got, withdrawn)
	}
}

func TestDiffAlerts(t *testing.T) {
	before := validAlert()
	after := validAlert()
	after.Severity = rollcall.SeverityMedium
	after.Remediation = "Disable SMBv1."
	changes := rollcall.DiffAlerts(before, after)
	if len(changes) != 2 || changes[0].Field != "Severity" || changes[1].Field != "Remediation" {
		t.Fatalf("changes = %+v, want Severity and Remediation", changes)
	}
	if changes[0].Before != "High" || changes[0].After != "Medium" {
		t.Errorf("severity change = %+v", changes[0])
	}
}
