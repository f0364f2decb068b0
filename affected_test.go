package rollcall

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSupersedenceExpand(t *testing.T) {
	got := DefaultSupersedence.Expand([]string{"KB4012212", "kb4012215"})
	if got[0] != "KB4012212" || got[1] != "KB4012215" {
		t.Fatalf("Expand keeps the given updates first: %v", got)
	}
	for _, later := range []string{"KB4015549", "KB4019264", "KB4054518"} {
		if !slices.Contains(got, later) {
			t.Errorf("Expand(KB4012215) = %v, lacks the later Windows 7 rollup %s", got, later)
		}
	}
	if slices.Contains(got, "KB3212646") || slices.Contains(got, "KB4015550") {
		t.Errorf("Expand(KB4012215) = %v: an earlier rollup, or another series, does not contain the fix", got)
	}
	if got := DefaultSupersedence.Expand([]string{"KB4012598"}); len(got) != 1 {
		t.Errorf("an update in no series expands to itself: %v", got)
	}
	for _, bad := range []string{"month,update\n", "series,month,update\nw7,2017-04,KB4015549\nw7,2017-03,KB4012215\n", "series,month,update\nw7,2017-03,MS17-010\n"} {
		if _, err := ParseRollups(bad); err == nil {
			t.Errorf("ParseRollups(%q) accepted", bad)
		}
	}
}

func TestAffectedValidate(t *testing.T) {
	a := Affected{Windows: []AffectedWindows{{Build: " 6.1.7601 ", FixedBy: []string{"4012212", "kb4012212", " KB4012215", ""}}}}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	w := a.Windows[0]
	if w.Name != "Windows 6.1.7601" || !slices.Equal(w.FixedBy, []string{"KB4012212", "KB4012215"}) {
		t.Errorf("normalised to %+v", w)
	}
	if s := a.String(); !strings.Contains(s, "fixed by KB4012212, KB4012215") {
		t.Errorf("String() = %q", s)
	}
	for _, bad := range []Affected{
		{Software: []AffectedSoftware{{Product: "", Vers: "vers:npm/<1"}}},
		{Software: []AffectedSoftware{{Product: "pkg:npm/x", Vers: ""}}},
		{Windows: []AffectedWindows{{Build: "10.0.14393.953", FixedRevision: 953}}},
		{Windows: []AffectedWindows{{Build: "10.0.14393", FixedRevision: -1}}},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func TestObserveAndCompliance(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	fresh := InventoryAge{Hosts: 3, Latest: now.Add(-2 * Day)}
	stale := InventoryAge{Hosts: 3, Latest: now.Add(-31 * Day)}
	tests := []struct {
		exp, unk, freshExp, freshUnk int
		age                          InventoryAge
		want                         Observation
	}{
		{0, 0, 0, 0, InventoryAge{}, ObservedNoInventory},
		{1, 0, 1, 0, fresh, ObservedExposed},
		{1, 1, 1, 1, fresh, ObservedExposed},
		{0, 1, 0, 1, fresh, ObservedUnknown},
		{0, 0, 0, 0, fresh, ObservedClear},
		{0, 0, 0, 0, stale, ObservedStale},
		{0, 2, 0, 0, stale, ObservedStale},
		// Exposed hosts sent before the window, another host sent since:
		// not evidence of safety.
		{7, 0, 0, 0, fresh, ObservedStale},
		{0, 2, 0, 0, fresh, ObservedStale},
		{3, 0, 1, 0, fresh, ObservedExposed},
		{0, 0, 0, 0, InventoryAge{Hosts: 1, Latest: now.Add(-30 * Day)}, ObservedClear}, // on the edge of the window
	}
	for _, tt := range tests {
		if got := Observe(tt.exp, tt.unk, tt.freshExp, tt.freshUnk, tt.age, now, 30*Day); got != tt.want {
			t.Errorf("Observe(%d, %d, %d, %d, %+v) = %s, want %s", tt.exp, tt.unk, tt.freshExp, tt.freshUnk, tt.age, got, tt.want)
		}
	}
	var c Compliance
	c.Add(ClaimPatched, ObservedExposed)
	c.Add(ClaimNotApplicable, ObservedClear)
	c.Add(ClaimMitigated, ObservedExposed)
	c.Add(ClaimNone, ObservedStale)
	c.Add(ClaimRiskAccepted, ObservedNoInventory)
	want := Compliance{Targeted: 5, SaysSafe: 2, Mitigated: 1, RiskAccepted: 1, Clear: 1, Exposed: 2, Stale: 1, NoInventory: 1, Discrepancies: 1}
	if c != want {
		t.Errorf("compliance %+v, want %+v", c, want)
	}
	if c.Evidenced() != 3 {
		t.Errorf("evidenced %d, want 3", c.Evidenced())
	}
	if ClaimOf(&Response{Applicability: NotApplicable}) != ClaimNotApplicable || ClaimOf(&Response{Applicability: Applicable, Action: ActionInProgress}) != ClaimNone {
		t.Error("ClaimOf")
	}
}

func TestPolicyFileEndOfSupport(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"inventory_freshness": "14d", "end_of_support": [
		{"name": "Ubuntu 20.04", "product": "os:ubuntu", "versions": "vers:generic/>=20.04|<20.05", "ends": "2025-05-31"},
		{"name": "Windows XP", "product": "windows", "versions": "vers:windows/>=5.1.0|<5.2.0", "ends": "2014-04-08"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.InventoryFreshness != 14*Day || len(p.EndOfSupport) != len(DefaultEndOfSupport())+1 {
		t.Errorf("freshness %v, %d entries", p.InventoryFreshness, len(p.EndOfSupport))
	}
	for _, bad := range []struct{ json, field string }{
		{`{"inventory_freshness": "soon"}`, "inventory_freshness"},
		{`{"end_of_support": [{"name": "X", "product": "os:x", "ends": "31/05/2025"}]}`, "end_of_support[0].ends"},
		{`{"end_of_support": [{"name": "X", "ends": "2025-05-31"}]}`, "end_of_support[0].product"},
		{`{"end_of_support": [{"name": "X", "product": "os:x", "versions": "<20", "ends": "2025-05-31"}]}`, "end_of_support[0].versions"},
	} {
		if _, err := ParsePolicy([]byte(bad.json)); ErrorField(err) != bad.field {
			t.Errorf("%s: %v (field %q), want field %q", bad.json, err, ErrorField(err), bad.field)
		}
	}
}

// The default end-of-support ranges are valid vers ranges that do not
// overlap, so no host counts twice.
func TestDefaultEndOfSupportShape(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range DefaultEndOfSupport() {
		if err := e.validate("end_of_support"); err != nil {
			t.Errorf("%s: %v", e.Name, err)
		}
		if seen[e.Name] {
			t.Errorf("%s twice", e.Name)
		}
		seen[e.Name] = true
	}
}
