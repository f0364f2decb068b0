package sqlstore_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

// randomResponses makes a directory of orgs organisations in three
// regions, publishes one alert to all of them and then overwrites every
// response with random facts (any phase; times on a half-day grid, so that
// deadlines, answers and escalation thresholds often coincide), so that
// every combination and boundary the SQL rules must handle turns up. It returns the
// alert, the regions, the organisations by id and the responses as stored.
func randomResponses(t *testing.T, db *sqlstore.DB, rng *rand.Rand, orgs int) (*rollcall.Alert, []rollcall.Region, map[int64]*rollcall.Organisation, []*rollcall.Response) {
	t.Helper()
	var regions []rollcall.Region
	for i := range 3 {
		r := rollcall.Region{Code: fmt.Sprint("R", i), Name: fmt.Sprint("Region ", i)}
		must(t, db.CreateRegion(ctx, &r))
		regions = append(regions, r)
	}
	var list []*rollcall.Organisation
	for i := range orgs {
		list = append(list, &rollcall.Organisation{Code: fmt.Sprintf("P%04d", i), Name: fmt.Sprint("Practice ", i),
			Type: rollcall.OrgTypes[rng.IntN(3)], RegionID: regions[rng.IntN(len(regions))].ID})
	}
	_, _, err := db.ImportOrganisations(ctx, list, t0)
	must(t, err)
	byID := map[int64]*rollcall.Organisation{}
	var orgIDs []int64
	for _, o := range list {
		byID[o.ID] = o
		orgIDs = append(orgIDs, o.ID)
	}
	a, _ := publish(t, db, rollcall.Target{All: true}, t0)

	at := func(p int) time.Time { // a time on the grid, or (1 in p) none
		if rng.IntN(p) == 0 {
			return time.Time{}
		}
		return gridTime(rng)
	}
	applicability := []rollcall.Applicability{"", rollcall.Applicable, rollcall.NotApplicable}
	var out []*rollcall.Response
	must(t, db.UpdateResponses(ctx, a.ID, orgIDs, t0, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
		r.TargetedAt = t0.Add(-time.Duration(rng.IntN(3)) * 12 * time.Hour)
		r.AckDue, r.RemediateDue = at(4), at(3)
		r.AcknowledgedAt, r.ClosedAt = at(2), at(2)
		r.Applicability = applicability[rng.IntN(len(applicability))]
		r.Phase = rollcall.Phases[rng.IntN(len(rollcall.Phases))]
		out = append(out, r)
		return &rollcall.ResponseEvent{Kind: "test"}, nil
	}))
	return a, regions, byID, out
}

// gridTime is a time in the 12 days after t0 on a half-day grid.
func gridTime(rng *rand.Rand) time.Time {
	return t0.Add(time.Duration(rng.IntN(24)) * 12 * time.Hour)
}

// TestRollCallAgreesWithGo is the guard on "state is computed in one
// place": for random responses, scopes, times and policies, the roll call
// folded from the database's groups equals the one folded from groups
// made one response at a time by the Go methods, its states equal
// Response.State, and the overdue and escalation filters of ListResponses
// count what Policy.Escalation counts.
func TestRollCallAgreesWithGo(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		rng := rand.New(rand.NewPCG(7, 11))
		a, regions, orgs, responses := randomResponses(t, db, rng, 400)
		policies := []rollcall.Policy{rollcall.DefaultPolicy(), {EscalationSteps: [3]time.Duration{12 * time.Hour, 12 * time.Hour, 5 * rollcall.Day}}}
		var someOrgs []int64
		for id := range orgs {
			if rng.IntN(5) == 0 {
				someOrgs = append(someOrgs, id)
			}
		}
		scopes := []rollcall.Scope{{All: true}, {RegionIDs: []int64{regions[1].ID}}, {OrgIDs: someOrgs},
			{OrgIDs: someOrgs, RegionIDs: []int64{regions[0].ID, regions[2].ID}}}
		inScope := func(s rollcall.Scope, r *rollcall.Response) bool {
			return s.All || slices.Contains(s.OrgIDs, r.OrgID) || slices.Contains(s.RegionIDs, orgs[r.OrgID].RegionID)
		}

		// On the grid, where deadlines fall, and just either side of it.
		var nows []time.Time
		for _, d := range []time.Duration{0, time.Nanosecond, -time.Nanosecond, time.Millisecond / 2} {
			for range 2 {
				nows = append(nows, gridTime(rng).Add(d))
			}
		}

		for _, now := range nows {
			for pi, policy := range policies {
				th := policy.EscalationThresholds(now)
				for si, scope := range scopes {
					name := fmt.Sprintf("now=%s policy=%d scope=%d", now.Format(time.RFC3339Nano), pi, si)
					figures, err := db.RollCallFigures(ctx, a.ID, scope, now, th)
					must(t, err)
					groups := figures.Groups
					if alone, err := db.RollCallGroups(ctx, a.ID, scope, now, th); err != nil || !reflect.DeepEqual(countGroups(alone), countGroups(groups)) {
						t.Fatalf("%s: RollCallGroups %v (%v), RollCallFigures %v", name, countGroups(alone), err, countGroups(groups))
					}
					if ack, rem, err := db.RollCallDurations(ctx, a.ID, scope); err != nil || ack != figures.Ack || rem != figures.Remediate {
						t.Fatalf("%s: RollCallDurations %+v %+v (%v), RollCallFigures %+v %+v", name, ack, rem, err, figures.Ack, figures.Remediate)
					}
					got := rollcall.FoldRollCall(a.ID, now, groups, regions)

					var mine []rollcall.RollCallGroup
					states := map[rollcall.State]int{}
					overdue, escalated := 0, map[rollcall.EscalationLevel]int{}
					for _, r := range responses {
						if !inScope(scope, r) {
							continue
						}
						o := orgs[r.OrgID]
						mine = append(mine, rollcall.RollCallGroup{RegionID: o.RegionID, OrgType: o.Type, Phase: r.Phase,
							Stated: r.Applicability != "", Acknowledged: !r.AcknowledgedAt.IsZero(),
							AckOverdue: r.AckOverdue(now), AckLate: r.AckLate(),
							RemediationOverdue: r.RemediationOverdue(now), RemediationLate: r.RemediationLate(),
							Escalation: policy.Escalation(r, now), Count: 1})
						states[r.State(now)]++
						if !r.OverdueSince(now).IsZero() {
							overdue++
						}
						for l := rollcall.EscalationSecurityLead; l <= policy.Escalation(r, now); l++ {
							escalated[l]++
						}
					}
					if got, want := countGroups(groups), countGroups(mine); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s: groups\n got %v\nwant %v", name, got, want)
					}
					want := rollcall.FoldRollCall(a.ID, now, mine, regions)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s: roll call\n got %+v\nwant %+v", name, got, want)
					}
					if !reflect.DeepEqual(got.Tally.ByState, states) && len(states) > 0 {
						t.Fatalf("%s: got states %v, want %v from Response.State", name, got.Tally.ByState, states)
					}

					_, n, err := db.ListResponses(ctx, rollcall.ResponseFilter{AlertID: a.ID, Scope: scope, Overdue: true, Now: now})
					must(t, err)
					if n != overdue {
						t.Fatalf("%s: got %d overdue, want %d", name, n, overdue)
					}
					for l := rollcall.EscalationSecurityLead; l <= rollcall.EscalationCentre; l++ {
						_, n, err := db.ListResponses(ctx, rollcall.ResponseFilter{AlertID: a.ID, Scope: scope, MinEscalation: l, Thresholds: th, Now: now})
						must(t, err)
						if n != escalated[l] {
							t.Fatalf("%s: got %d at rung %d or above, want %d", name, n, l, escalated[l])
						}
					}
				}
			}
		}

		for si, scope := range scopes {
			gotAck, gotRem, err := db.RollCallDurations(ctx, a.ID, scope)
			must(t, err)
			var acks, rems []time.Duration
			for _, r := range responses {
				if !inScope(scope, r) {
					continue
				}
				if !r.AcknowledgedAt.IsZero() {
					acks = append(acks, r.AcknowledgedAt.Sub(r.TargetedAt))
				}
				if !r.ClosedAt.IsZero() {
					rems = append(rems, r.ClosedAt.Sub(r.TargetedAt))
				}
			}
			if want := nearestRank(acks); gotAck != want {
				t.Errorf("scope %d: got time to acknowledge %+v, want %+v", si, gotAck, want)
			}
			if want := nearestRank(rems); gotRem != want {
				t.Errorf("scope %d: got time to remediate %+v, want %+v", si, gotRem, want)
			}
		}
	})
}

// countGroups adds up groups by their facts.
func countGroups(groups []rollcall.RollCallGroup) map[rollcall.RollCallGroup]int {
	out := map[rollcall.RollCallGroup]int{}
	for _, g := range groups {
		n := g.Count
		g.Count = 0
		out[g] += n
	}
	return out
}

// nearestRank is the Durations of ds by the nearest-rank method.
func nearestRank(ds []time.Duration) rollcall.Durations {
	slices.Sort(ds)
	d := rollcall.Durations{Count: len(ds)}
	if len(ds) > 0 {
		d.Median, d.P90 = ds[rollcall.PercentileIndex(len(ds), 50)], ds[rollcall.PercentileIndex(len(ds), 90)]
	}
	return d
}

func TestRollCallDurations(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		a, _ := publish(t, db, rollcall.Target{All: true}, t0)
		// Acknowledged after 1, 2, 3 and 10 hours; two of them closed after
		// 5 and 20 hours.
		for i, h := range []time.Duration{1, 2, 3, 10} {
			at := t0.Add(h * time.Hour)
			must(t, db.UpdateResponses(ctx, a.ID, []int64{f.orgs[i].ID}, at, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
				r.Acknowledge(at)
				return &rollcall.ResponseEvent{Kind: rollcall.EventAcknowledged}, nil
			}))
		}
		for i, h := range []time.Duration{5, 20} {
			at := t0.Add(h * time.Hour)
			must(t, db.UpdateResponses(ctx, a.ID, []int64{f.orgs[i].ID}, at, answer(rollcall.Answer{Action: rollcall.ActionMitigated}, at)))
		}
		tests := []struct {
			name     string
			scope    rollcall.Scope
			ack, rem rollcall.Durations
		}{
			{"everyone", rollcall.Scope{All: true},
				rollcall.Durations{Count: 4, Median: 2 * time.Hour, P90: 10 * time.Hour},
				rollcall.Durations{Count: 2, Median: 5 * time.Hour, P90: 20 * time.Hour}},
			{"the south", rollcall.Scope{RegionIDs: []int64{f.south.ID}},
				rollcall.Durations{Count: 2, Median: 3 * time.Hour, P90: 10 * time.Hour}, rollcall.Durations{}},
			{"nobody", rollcall.Scope{}, rollcall.Durations{}, rollcall.Durations{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ack, rem, err := db.RollCallDurations(ctx, a.ID, tt.scope)
				must(t, err)
				if ack != tt.ack || rem != tt.rem {
					t.Fatalf("got %+v and %+v, want %+v and %+v", ack, rem, tt.ack, tt.rem)
				}
			})
		}
		groups, err := db.RollCallGroups(ctx, a.ID, rollcall.Scope{}, t0, [3]time.Time{})
		must(t, err)
		if len(groups) != 0 {
			t.Fatalf("empty scope: got %d groups, want none", len(groups))
		}
	})
}
