package rollcall_test

import (
	"reflect"
	"testing"

	"rollcall"
)

func TestFoldRollCall(t *testing.T) {
	regions := []rollcall.Region{{ID: 1, Code: "LDN", Name: "London"}, {ID: 2, Code: "NEY", Name: "North East and Yorkshire"}}
	groups := []rollcall.RollCallGroup{
		{RegionID: 1, OrgType: rollcall.OrgAcuteTrust, Phase: rollcall.PhasePatched, Stated: true, Acknowledged: true, Count: 5},
		{RegionID: 1, OrgType: rollcall.OrgAcuteTrust, Phase: rollcall.PhasePatched, Stated: true, Acknowledged: true, AckLate: true, RemediationLate: true, Count: 1},
		{RegionID: 1, OrgType: rollcall.OrgGPPractice, Phase: rollcall.PhaseAwaitingAck, AckOverdue: true, Escalation: rollcall.EscalationCentre, Count: 3},
		{RegionID: 2, OrgType: rollcall.OrgGPPractice, Phase: rollcall.PhaseAwaitingAck, Count: 4},
		{RegionID: 2, OrgType: rollcall.OrgAcuteTrust, Phase: rollcall.PhaseInProgress, Stated: true, Acknowledged: true, RemediationOverdue: true, Escalation: rollcall.EscalationSecurityLead, Count: 2},
	}
	rc := rollcall.FoldRollCall(7, t0, groups, regions)
	want := rollcall.Tally{Targeted: 15, Acknowledged: 8, AckOnTime: 7, AckLate: 1, Stated: 8, Remediated: 6, RemediatedOnTime: 5, RemediatedLate: 1, Overdue: 5}
	got := rc.Tally
	got.ByState = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tally = %+v\nwant    %+v", got, want)
	}
	wantStates := map[rollcall.State]int{rollcall.StatePatched: 6, rollcall.StateAckOverdue: 3, rollcall.StateAwaitingAck: 4, rollcall.StateRemediationOverdue: 2}
	for s, n := range wantStates {
		if rc.Tally.ByState[s] != n {
			t.Errorf("ByState[%s] = %d, want %d", s, rc.Tally.ByState[s], n)
		}
	}
	if rc.ByEscalation[rollcall.EscalationCentre] != 3 || rc.ByEscalation[rollcall.EscalationSecurityLead] != 2 {
		t.Errorf("ByEscalation = %v", rc.ByEscalation)
	}
	if len(rc.ByRegion) != 2 || rc.ByRegion[0].Label != "London" || rc.ByRegion[0].Targeted != 9 {
		t.Errorf("ByRegion = %+v", rc.ByRegion)
	}
	if len(rc.ByType) != 2 || rc.ByType[0].Label != "Acute trust" || rc.ByType[0].Targeted != 8 {
		t.Errorf("ByType = %+v", rc.ByType)
	}
}

func TestPercentileIndex(t *testing.T) {
	tests := []struct {
		n    int
		p    float64
		want int
	}{
		{0, 50, 0}, {1, 50, 0}, {1, 90, 0}, {2, 50, 0}, {3, 50, 1}, {4, 50, 1},
		{10, 90, 8}, {10, 50, 4}, {11, 90, 9}, {100, 90, 89}, {20000, 50, 9999},
	}
	for _, tt := range tests {
		if got := rollcall.PercentileIndex(tt.n, tt.p); got != tt.want {
			t.Errorf("PercentileIndex(%d, %v) = %d, want %d", tt.n, tt.p, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	if got := rollcall.Percent(1, 3); got != 33 {
		t.Errorf("Percent(1,3) = %d, want 33", got)
	}
	if got := rollcall.Percent(5, 0); got != 0 {
		t.Errorf("Percent(5,0) = %d, want 0", got)
	}
}
