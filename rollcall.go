package rollcall

import (
	"sort"
	"time"
)

// RollCallFigures is what the store reads for one roll call, from one
// snapshot: the groups FoldRollCall folds, and the times to acknowledge and
// to close.
type RollCallFigures struct {
	Groups         []RollCallGroup
	Ack, Remediate Durations
}

// RollCallGroup is one row of the roll call as the database counts it:
// how many responses share these facts. The store groups an alert's
// responses by them; FoldRollCall turns the groups into the figures people
// read, through StateOf, so the state rule stays in one place.
type RollCallGroup struct {
	RegionID           int64
	OrgType            OrgType
	Phase              Phase
	Stated             bool // applicability stated
	Acknowledged       bool
	AckOverdue         bool
	AckLate            bool
	RemediationOverdue bool
	RemediationLate    bool
	Escalation         EscalationLevel
	Count              int
}

// Tally is the roll call's counts over some set of responses.
type Tally struct {
	Targeted         int           `json:"targeted"`
	Acknowledged     int           `json:"acknowledged"`
	AckOnTime        int           `json:"acknowledged_on_time"`
	AckLate          int           `json:"acknowledged_late"`
	Stated           int           `json:"applicability_stated"`
	Remediated       int           `json:"remediated"`
	RemediatedOnTime int           `json:"remediated_on_time"`
	RemediatedLate   int           `json:"remediated_late"`
	Overdue          int           `json:"overdue"`
	ByState          map[State]int `json:"by_state"`
}

func (t *Tally) add(g RollCallGroup, s State) {
	if t.ByState == nil {
		t.ByState = map[State]int{}
	}
	t.Targeted += g.Count
	t.ByState[s] += g.Count
	if g.Acknowledged {
		t.Acknowledged += g.Count
		if g.AckLate {
			t.AckLate += g.Count
		} else {
			t.AckOnTime += g.Count
		}
	}
	if g.Stated {
		t.Stated += g.Count
	}
	if s.Closed() {
		t.Remediated += g.Count
		if g.RemediationLate {
			t.RemediatedLate += g.Count
		} else {
			t.RemediatedOnTime += g.Count
		}
	}
	if s.Overdue() {
		t.Overdue += g.Count
	}
}

// Percent is part of whole as a whole-number percentage, 0 when whole is 0.
func Percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return int(float64(part)*100/float64(whole) + 0.5)
}

// TallyRow is the tally for one region or one organisation type.
type TallyRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Tally
}

// Durations summarises how long something took across organisations.
type Durations struct {
	Count  int           `json:"count"`
	Median time.Duration `json:"median"`
	P90    time.Duration `json:"p90"`
}

// RollCall is the summary of one alert's roll call at a moment.
type RollCall struct {
	AlertID         int64                   `json:"alert_id"`
	At              time.Time               `json:"at"`
	Tally           Tally                   `json:"tally"`
	ByRegion        []TallyRow              `json:"by_region"`
	ByType          []TallyRow              `json:"by_type"`
	ByEscalation    map[EscalationLevel]int `json:"by_escalation"`
	TimeToAck       Durations               `json:"time_to_acknowledge"`
	TimeToRemediate Durations               `json:"time_to_remediate"`
}

// FoldRollCall turns the store's groups into the roll call. Region names
// come from regions; rows are sorted by label.
func FoldRollCall(alertID int64, at time.Time, groups []RollCallGroup, regions []Region) RollCall {
	rc := RollCall{AlertID: alertID, At: at, ByEscalation: map[EscalationLevel]int{}}
	rc.Tally.ByState = map[State]int{}
	byRegion := map[int64]*TallyRow{}
	byType := map[OrgType]*TallyRow{}
	names := map[int64]Region{}
	for _, r := range regions {
		names[r.ID] = r
	}
	for _, g := range groups {
		s := StateOf(g.Phase, g.AckOverdue, g.RemediationOverdue)
		rc.Tally.add(g, s)
		rr := byRegion[g.RegionID]
		if rr == nil {
			reg := names[g.RegionID]
			rr = &TallyRow{Key: reg.Code, Label: reg.Name}
			byRegion[g.RegionID] = rr
		}
		rr.add(g, s)
		tr := byType[g.OrgType]
		if tr == nil {
			tr = &TallyRow{Key: string(g.OrgType), Label: g.OrgType.Label()}
			byType[g.OrgType] = tr
		}
		tr.add(g, s)
		if s.Overdue() {
			rc.ByEscalation[g.Escalation] += g.Count
		}
	}
	for _, r := range byRegion {
		rc.ByRegion = append(rc.ByRegion, *r)
	}
	for _, r := range byType {
		rc.ByType = append(rc.ByType, *r)
	}
	sort.Slice(rc.ByRegion, func(i, j int) bool { return rc.ByRegion[i].Label < rc.ByRegion[j].Label })
	sort.Slice(rc.ByType, func(i, j int) bool { return rc.ByType[i].Label < rc.ByType[j].Label })
	return rc
}

// PercentileIndex is the 0-based position of the p-th percentile (0 < p <=
// 100) in n sorted values, by the nearest-rank method. Stores use it to
// fetch the one row they need.
func PercentileIndex(n int, p float64) int {
	if n <= 0 {
		return 0
	}
	i := int(p/100*float64(n)+0.999999999) - 1
	if i < 0 {
		i = 0
	}
	if i >= n {
		i = n - 1
	}
	return i
}
