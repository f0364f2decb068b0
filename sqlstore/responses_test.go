package sqlstore_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

func TestUpdateResponses(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		raa, rbb, rcc, rdd := f.orgs[0].ID, f.orgs[1].ID, f.orgs[2].ID, f.orgs[3].ID
		a, _ := publish(t, db, rollcall.Target{OrgIDs: []int64{raa, rbb, rcc}}, t0)
		now := t0.Add(3 * time.Hour)

		// A bulk answer saves each response and its event.
		ans := rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "WSUS report", EvidenceLinks: []string{"https://example.org/report"}}
		must(t, db.UpdateResponses(ctx, a.ID, []int64{raa, rbb}, now, answer(ans, now)))
		r, err := db.FindResponse(ctx, a.ID, raa)
		must(t, err)
		if r.Version != 2 || !r.UpdatedAt.Equal(now) || r.Phase != rollcall.PhasePatched || !r.ClosedAt.Equal(now) ||
			!r.AcknowledgedAt.Equal(now) || !slices.Equal(r.EvidenceLinks, ans.EvidenceLinks) {
			t.Fatalf("got %+v, want version 2, patched, closed and acknowledged at %v, with the evidence", r, now)
		}
		events, err := db.ListResponseEvents(ctx, a.ID, raa)
		must(t, err)
		if len(events) != 1 || events[0].ID == 0 || events[0].AlertID != a.ID || events[0].OrgID != raa ||
			!events[0].At.Equal(now) || events[0].Answer == nil || events[0].Answer.Evidence != "WSUS report" {
			t.Fatalf("got events %+v, want one answer event at %v with its answer", events, now)
		}

		// A function that returns no event changes nothing.
		must(t, db.UpdateResponses(ctx, a.ID, []int64{raa}, now.Add(time.Hour), func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
			r.Reason = "not saved"
			return nil, nil
		}))
		if r, _ := db.FindResponse(ctx, a.ID, raa); r.Version != 2 || r.Reason != "" {
			t.Fatalf("got version %d reason %q, want nothing saved", r.Version, r.Reason)
		}

		boom := errors.New("boom")
		tests := []struct {
			name     string
			orgs     []int64
			failOn   int // 1-based call that fails; 0 never
			wantErr  error
			wantCode string
		}{
			{"an error on the 2nd of 3 saves none", []int64{raa, rbb, rcc}, 2, boom, ""},
			{"an organisation not sent the alert", []int64{rcc, rdd}, 0, nil, rollcall.ENOTFOUND},
			{"an organisation that does not exist", []int64{rcc, 999}, 0, nil, rollcall.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := versions(t, db, a.ID, raa, rbb, rcc)
				calls := 0
				err := db.UpdateResponses(ctx, a.ID, tt.orgs, now, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
					calls++
					if calls == tt.failOn {
						return nil, boom
					}
					r.Reason = "changed"
					return &rollcall.ResponseEvent{Kind: rollcall.EventAnswered, Summary: "x"}, nil
				})
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Fatalf("got error %v, want %v", err, tt.wantErr)
				}
				if tt.wantCode != "" {
					wantCode(t, err, tt.wantCode)
				}
				if after := versions(t, db, a.ID, raa, rbb, rcc); !reflect.DeepEqual(after, before) {
					t.Fatalf("got versions %v, want them unchanged %v", after, before)
				}
				for _, org := range []int64{raa, rbb, rcc} {
					if evs, _ := db.ListResponseEvents(ctx, a.ID, org); slices.ContainsFunc(evs, func(e rollcall.ResponseEvent) bool { return e.Summary == "x" }) {
						t.Fatalf("got an event saved for org %d, want none", org)
					}
				}
			})
		}
		err = db.UpdateResponses(ctx, a.ID, []int64{rdd}, now, answer(ans, now))
		if msg := rollcall.ErrorMessage(err); msg != "Alert "+itoa(a.ID)+" was not sent to organisation RDD." {
			t.Fatalf("got message %q, want it to name RDD", msg)
		}
	})
}

func versions(t *testing.T, db *sqlstore.DB, alertID int64, orgIDs ...int64) []int {
	t.Helper()
	var out []int
	for _, id := range orgIDs {
		r, err := db.FindResponse(ctx, alertID, id)
		must(t, err)
		out = append(out, r.Version)
	}
	return out
}

func TestListResponses(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		raa, rbb, rcc, rdd := f.orgs[0].ID, f.orgs[1].ID, f.orgs[2].ID, f.orgs[3].ID
		policy := rollcall.DefaultPolicy()
		a, _ := publish(t, db, rollcall.Target{All: true}, t0)
		// A second, later alert to the south only, with a 24-hour clock.
		b := &rollcall.Alert{Title: "Second", Severity: rollcall.SeverityMedium, Summary: "S", Target: rollcall.Target{RegionIDs: []int64{f.south.ID}}, CreatedAt: t0}
		must(t, db.CreateAlert(ctx, b))
		t1 := t0.Add(time.Hour)
		_, err := db.PublishAlert(ctx, b, &rollcall.AlertRevision{Revision: 1}, rollcall.Clocks{Acknowledge: 24 * time.Hour, Remediate: 30 * rollcall.Day}, false, t1)
		must(t, err)

		// RAA patched; RBB accepted the risk, awaiting sign-off; RCC and
		// RDD have not answered alert a.
		at := t0.Add(2 * time.Hour)
		must(t, db.UpdateResponses(ctx, a.ID, []int64{raa}, at, answer(rollcall.Answer{Action: rollcall.ActionPatched}, at)))
		must(t, db.UpdateResponses(ctx, a.ID, []int64{rbb}, at, answer(rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: "Legacy scanner"}, at)))

		// Four days and two hours in: a's 48 hours ran out over two days ago for RCC and RDD
		// (coordinator rung), b's 24 hours over three days ago (centre rung).
		now := t0.Add(4*rollcall.Day + 2*time.Hour)
		all := rollcall.Scope{All: true}
		th := policy.EscalationThresholds(now)
		type key struct{ alert, org int64 }
		tests := []struct {
			name      string
			filter    rollcall.ResponseFilter
			want      []key
			wantTotal int
		}{
			{"one alert by name", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, Order: "name"},
				[]key{{a.ID, raa}, {a.ID, rbb}, {a.ID, rcc}, {a.ID, rdd}}, 4},
			{"every alert, newest targeted first", rollcall.ResponseFilter{Scope: all},
				[]key{{b.ID, rcc}, {b.ID, rdd}, {a.ID, raa}, {a.ID, rbb}, {a.ID, rcc}, {a.ID, rdd}}, 6},
			{"empty scope", rollcall.ResponseFilter{AlertID: a.ID}, nil, 0},
			{"a region's scope", rollcall.ResponseFilter{AlertID: a.ID, Scope: rollcall.Scope{RegionIDs: []int64{f.north.ID}}, Order: "name"},
				[]key{{a.ID, raa}, {a.ID, rbb}}, 2},
			{"organisations' scope", rollcall.ResponseFilter{Scope: rollcall.Scope{OrgIDs: []int64{rdd}}, Order: "name"},
				[]key{{b.ID, rdd}, {a.ID, rdd}}, 2},
			{"org ids", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, OrgIDs: []int64{rbb, rcc}, Order: "name"},
				[]key{{a.ID, rbb}, {a.ID, rcc}}, 2},
			{"region", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, RegionID: f.south.ID, Order: "name"},
				[]key{{a.ID, rcc}, {a.ID, rdd}}, 2},
			{"type", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, OrgType: rollcall.OrgGPPractice, Order: "name"},
				[]key{{a.ID, rbb}, {a.ID, rdd}}, 2},
			{"phases", rollcall.ResponseFilter{Scope: all, Phases: []rollcall.Phase{rollcall.PhasePatched, rollcall.PhaseRiskPending}, Order: "name"},
				[]key{{a.ID, raa}, {a.ID, rbb}}, 2},
			{"open", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, Open: true, Order: "name"},
				[]key{{a.ID, rbb}, {a.ID, rcc}, {a.ID, rdd}}, 3},
			{"sign-off pending", rollcall.ResponseFilter{Scope: all, SignOff: rollcall.SignOffPending},
				[]key{{a.ID, rbb}}, 1},
			{"overdue, longest first", rollcall.ResponseFilter{Scope: all, Overdue: true, Now: now, Order: "overdue"},
				[]key{{b.ID, rcc}, {b.ID, rdd}, {a.ID, rcc}, {a.ID, rdd}}, 4},
			{"not yet overdue", rollcall.ResponseFilter{Scope: all, Overdue: true, Now: t0.Add(24*time.Hour + time.Hour)}, nil, 0},
			{"overdue a millisecond after the deadline", rollcall.ResponseFilter{Scope: all, Overdue: true, Now: t1.Add(24*time.Hour + time.Nanosecond), Order: "name"},
				[]key{{b.ID, rcc}, {b.ID, rdd}}, 2},
			{"escalated to the centre", rollcall.ResponseFilter{Scope: all, MinEscalation: rollcall.EscalationCentre, Thresholds: th, Now: now, Order: "name"},
				[]key{{b.ID, rcc}, {b.ID, rdd}}, 2},
			{"escalated to the coordinator or above", rollcall.ResponseFilter{Scope: all, MinEscalation: rollcall.EscalationCoordinator, Thresholds: th, Now: now},
				[]key{{b.ID, rcc}, {b.ID, rdd}, {a.ID, rcc}, {a.ID, rdd}}, 4},
			{"soonest deadline first", rollcall.ResponseFilter{Scope: all, Open: true, Order: "deadline"},
				[]key{{b.ID, rcc}, {b.ID, rdd}, {a.ID, rcc}, {a.ID, rdd}, {a.ID, rbb}}, 5},
			{"only published", rollcall.ResponseFilter{Scope: all, OnlyPublished: true, AlertID: b.ID, Order: "name"},
				[]key{{b.ID, rcc}, {b.ID, rdd}}, 2},
			{"query by code", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, Query: "rbb"}, []key{{a.ID, rbb}}, 1},
			{"query by name", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, Query: "ORG RD"}, []key{{a.ID, rdd}}, 1},
			{"page", rollcall.ResponseFilter{AlertID: a.ID, Scope: all, Order: "name", Limit: 2, Offset: 2},
				[]key{{a.ID, rcc}, {a.ID, rdd}}, 4},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rows, total, err := db.ListResponses(ctx, tt.filter)
				must(t, err)
				var got []key
				for _, r := range rows {
					got = append(got, key{r.AlertID, r.OrgID})
				}
				if !reflect.DeepEqual(got, tt.want) || total != tt.wantTotal {
					t.Fatalf("got %v (total %d), want %v (total %d)", got, total, tt.want, tt.wantTotal)
				}
			})
		}

		rows, _, err := db.ListResponses(ctx, rollcall.ResponseFilter{AlertID: a.ID, Scope: all, OrgIDs: []int64{rcc}})
		must(t, err)
		want := rollcall.ResponseRow{OrgCode: "RCC", OrgName: "Org RCC", OrgType: rollcall.OrgAcuteTrust, RegionID: f.south.ID,
			AlertRef: a.Reference, AlertTitle: a.Title, AlertSeverity: a.Severity, AlertStatus: rollcall.AlertPublished}
		want.Response = rows[0].Response
		if !reflect.DeepEqual(rows[0], want) || rows[0].Version != 1 {
			t.Fatalf("got row %+v, want %+v", rows[0], want)
		}
		_, _, err = db.ListResponses(ctx, rollcall.ResponseFilter{Scope: all, Order: "random"})
		wantCode(t, err, rollcall.EINVALID)
	})
}
