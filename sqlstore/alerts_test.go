package sqlstore_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

func TestCreateAlertReferences(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		tests := []struct {
			name    string
			created time.Time
			want    string
		}{
			{"first of 2017", t0, "RC-2017-0001"},
			{"second of 2017", t0.Add(time.Hour), "RC-2017-0002"},
			{"first of 2018", time.Date(2018, 4, 1, 0, 0, 0, 0, time.UTC), "RC-2018-0001"},
			{"third of 2017, made late", time.Date(2017, 12, 31, 23, 0, 0, 0, time.UTC), "RC-2017-0003"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a := &rollcall.Alert{Title: "T", Severity: rollcall.SeverityLow, Summary: "S", Target: rollcall.Target{All: true}, CreatedAt: tt.created}
				must(t, db.CreateAlert(ctx, a))
				if a.Reference != tt.want || a.ID == 0 || a.Status != rollcall.AlertDraft {
					t.Fatalf("got %q (id %d, %s), want %q, an id, draft", a.Reference, a.ID, a.Status, tt.want)
				}
			})
		}
	})
}

func TestAlertRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		cvss, err := rollcall.ParseCVSS("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
		must(t, err)
		a := &rollcall.Alert{
			Title: "SMBv1", Severity: rollcall.SeverityHigh, Summary: "Patch it.", CVEs: []string{"CVE-2017-0144", "CVE-2017-0145"},
			CVSS: &cvss, AffectedProducts: "Windows 7", Remediation: "Apply MS17-010.", References: []string{"https://example.org/ms17-010"},
			Target:        rollcall.Target{RegionIDs: []int64{f.north.ID}, Types: []rollcall.OrgType{rollcall.OrgAcuteTrust}},
			ClockOverride: &rollcall.Clocks{Acknowledge: 24 * time.Hour, Remediate: 7 * rollcall.Day},
			CreatedAt:     t0, UpdatedAt: t0,
		}
		must(t, db.CreateAlert(ctx, a))
		got, err := db.FindAlertByID(ctx, a.ID)
		must(t, err)
		if !reflect.DeepEqual(got, a) {
			t.Fatalf("got %+v, want %+v", got, a)
		}

		a.Title, a.CVSS, a.ClockOverride, a.UpdatedAt = "SMBv1 (updated)", nil, nil, t0.Add(time.Minute)
		must(t, db.UpdateDraft(ctx, a))
		got, err = db.FindAlertByID(ctx, a.ID)
		must(t, err)
		if !reflect.DeepEqual(got, a) {
			t.Fatalf("after update: got %+v, want %+v", got, a)
		}

		_, err = db.FindAlertByID(ctx, 999)
		wantCode(t, err, rollcall.ENOTFOUND)
		wantCode(t, db.UpdateDraft(ctx, &rollcall.Alert{ID: 999, Title: "x"}), rollcall.ENOTFOUND)
		_, err = db.PublishAlert(ctx, &rollcall.Alert{ID: 999}, &rollcall.AlertRevision{Revision: 1}, highClocks, false, t0)
		wantCode(t, err, rollcall.ENOTFOUND)

		rev := &rollcall.AlertRevision{Revision: 1, ChangeNote: "First published.", CreatedAt: t0}
		_, err = db.PublishAlert(ctx, a, rev, highClocks, false, t0)
		must(t, err)
		wantCode(t, db.UpdateDraft(ctx, a), rollcall.ECONFLICT)
		_, err = db.PublishAlert(ctx, a, &rollcall.AlertRevision{Revision: 1}, highClocks, false, t0)
		wantCode(t, err, rollcall.ECONFLICT)
	})
}

func TestPublishAlert(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		raa, rbb, rcc, rdd := f.orgs[0].ID, f.orgs[1].ID, f.orgs[2].ID, f.orgs[3].ID
		a, n := publish(t, db, rollcall.Target{RegionIDs: []int64{f.north.ID}}, t0)
		if n != 2 {
			t.Fatalf("got %d targeted, want 2", n)
		}
		if a.Status != rollcall.AlertPublished || a.Revision != 1 || !a.PublishedAt.Equal(t0) {
			t.Fatalf("got status %s revision %d published %v, want published, 1, %v", a.Status, a.Revision, a.PublishedAt, t0)
		}
		r, err := db.FindResponse(ctx, a.ID, raa)
		must(t, err)
		want := rollcall.Response{AlertID: a.ID, OrgID: raa, TargetedAt: t0, AckDue: t0.Add(48 * time.Hour),
			RemediateDue: t0.Add(14 * rollcall.Day), Phase: rollcall.PhaseAwaitingAck, UpdatedAt: t0, Version: 1}
		if !reflect.DeepEqual(*r, want) {
			t.Fatalf("got %+v, want %+v", *r, want)
		}
		_, err = db.FindResponse(ctx, a.ID, rcc)
		wantCode(t, err, rollcall.ENOTFOUND)

		// Revision 2 adds a type across regions and changes the clocks: the
		// south's acute trust is targeted now, the north's keep their
		// TargetedAt and get deadlines from it.
		t1 := t0.Add(6 * time.Hour)
		a.Target = rollcall.Target{RegionIDs: []int64{f.north.ID}, OrgIDs: []int64{rcc}}
		clocks := rollcall.Clocks{Acknowledge: 24 * time.Hour}
		rev := &rollcall.AlertRevision{Revision: 2, Changes: []rollcall.FieldChange{{Field: "Clocks", Before: "x", After: "y"}}, ChangeNote: "Shorter", CreatedAt: t1}
		n, err = db.PublishAlert(ctx, a, rev, clocks, true, t1)
		must(t, err)
		if n != 1 {
			t.Fatalf("revision 2: got %d newly targeted, want 1", n)
		}
		tests := []struct {
			org                   int64
			targeted, ack, remedy time.Time
			version               int
		}{
			{raa, t0, t0.Add(24 * time.Hour), time.Time{}, 2},
			{rbb, t0, t0.Add(24 * time.Hour), time.Time{}, 2},
			{rcc, t1, t1.Add(24 * time.Hour), time.Time{}, 1},
		}
		for _, tt := range tests {
			r, err := db.FindResponse(ctx, a.ID, tt.org)
			must(t, err)
			if !r.TargetedAt.Equal(tt.targeted) || !r.AckDue.Equal(tt.ack) || !r.RemediateDue.Equal(tt.remedy) || r.Version != tt.version {
				t.Errorf("org %d: got targeted %v ack %v remediate %v version %d, want %v %v %v %d",
					tt.org, r.TargetedAt, r.AckDue, r.RemediateDue, r.Version, tt.targeted, tt.ack, tt.remedy, tt.version)
			}
		}
		_, err = db.FindResponse(ctx, a.ID, rdd)
		wantCode(t, err, rollcall.ENOTFOUND)

		revs, err := db.ListAlertRevisions(ctx, a.ID)
		must(t, err)
		if len(revs) != 2 || revs[0].Revision != 1 || revs[1].Revision != 2 || revs[1].ChangeNote != "Shorter" ||
			!reflect.DeepEqual(revs[1].Changes, rev.Changes) || revs[0].Alert.Title != a.Title || revs[1].Alert.ID != a.ID {
			t.Fatalf("got revisions %+v, want 1 and 2 with their snapshots and changes", revs)
		}

		out, _, err := db.ListOutbox(ctx, 0, 0)
		must(t, err)
		var kinds []string
		for _, e := range out {
			kinds = append(kinds, e.Kind)
		}
		if want := []string{rollcall.OutboxAlertPublished, rollcall.OutboxAlertRevised}; !reflect.DeepEqual(kinds, want) {
			t.Fatalf("got outbox %v, want %v", kinds, want)
		}
		if out, _, _ := db.ListOutbox(ctx, 1, 0); len(out) != 1 {
			t.Fatalf("got %d events with limit 1, want 1", len(out))
		}
	})
}

// TestTargetMatches checks that target resolution in SQL agrees with
// rollcall.Target.Matches on random directories and targets.
func TestTargetMatches(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		rng := rand.New(rand.NewPCG(1, 2))
		var regions []int64
		for i := range 4 {
			r := rollcall.Region{Code: string(rune('A' + i)), Name: "Region " + string(rune('A'+i))}
			must(t, db.CreateRegion(ctx, &r))
			regions = append(regions, r.ID)
		}
		var orgs []*rollcall.Organisation
		for i := range 60 {
			o := &rollcall.Organisation{Code: "O" + string(rune('A'+i/26)) + string(rune('A'+i%26)), Name: "Org",
				Type: rollcall.OrgTypes[rng.IntN(4)], RegionID: regions[rng.IntN(len(regions))]}
			orgs = append(orgs, o)
		}
		_, _, err := db.ImportOrganisations(ctx, orgs, t0)
		must(t, err)
		pick := func(n int, from func() any) []any {
			var out []any
			for range rng.IntN(n + 1) {
				out = append(out, from())
			}
			return out
		}
		for i := range 40 {
			var target rollcall.Target
			target.All = rng.IntN(10) == 0
			for _, v := range pick(3, func() any { return regions[rng.IntN(len(regions))] }) {
				target.RegionIDs = append(target.RegionIDs, v.(int64))
			}
			for _, v := range pick(2, func() any { return rollcall.OrgTypes[rng.IntN(5)] }) {
				target.Types = append(target.Types, v.(rollcall.OrgType))
			}
			for _, v := range pick(5, func() any { return orgs[rng.IntN(len(orgs))].ID }) {
				target.OrgIDs = append(target.OrgIDs, v.(int64))
			}
			a, n := publish(t, db, target, t0)
			var want []int64
			for _, o := range orgs {
				if target.Matches(o) {
					want = append(want, o.ID)
				}
			}
			rows, total, err := db.ListResponses(ctx, rollcall.ResponseFilter{AlertID: a.ID, Scope: rollcall.Scope{All: true}, Now: t0})
			must(t, err)
			var got []int64
			for _, r := range rows {
				got = append(got, r.OrgID)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) || n != len(want) || total != len(want) {
				t.Fatalf("target %d %+v: got %v (published to %d), want %v", i, target, got, n, want)
			}
		}
	})
}

func TestListAlerts(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		raa, rcc := f.orgs[0].ID, f.orgs[2].ID
		north, _ := publish(t, db, rollcall.Target{RegionIDs: []int64{f.north.ID}}, t0)
		everyone, _ := publish(t, db, rollcall.Target{All: true}, t0.Add(time.Hour))
		draft := &rollcall.Alert{Title: "Draft", Severity: rollcall.SeverityLow, Summary: "S", Target: rollcall.Target{All: true}, CreatedAt: t0.Add(2 * time.Hour)}
		must(t, db.CreateAlert(ctx, draft))
		// RAA answers the national alert; at now the others' 48 hours are up.
		at := t0.Add(2 * time.Hour)
		must(t, db.UpdateResponses(ctx, everyone.ID, []int64{raa}, at, answer(rollcall.Answer{Action: rollcall.ActionPatched}, at)))
		now := t0.Add(50 * time.Hour)

		type headline struct {
			id                      int64
			targeted, open, overdue int
		}
		tests := []struct {
			name      string
			filter    rollcall.AlertFilter
			want      []headline
			wantTotal int
		}{
			{"the centre sees all, newest first", rollcall.AlertFilter{Scope: rollcall.Scope{All: true}},
				[]headline{{draft.ID, 0, 0, 0}, {everyone.ID, 4, 3, 3}, {north.ID, 2, 2, 2}}, 3},
			{"by status", rollcall.AlertFilter{Scope: rollcall.Scope{All: true}, Statuses: []rollcall.AlertStatus{rollcall.AlertDraft}},
				[]headline{{draft.ID, 0, 0, 0}}, 1},
			{"by severity", rollcall.AlertFilter{Scope: rollcall.Scope{All: true}, Severity: rollcall.SeverityLow},
				[]headline{{draft.ID, 0, 0, 0}}, 1},
			{"a page", rollcall.AlertFilter{Scope: rollcall.Scope{All: true}, Limit: 1, Offset: 1},
				[]headline{{everyone.ID, 4, 3, 3}}, 3},
			{"the south sees what reached it, no drafts", rollcall.AlertFilter{Scope: rollcall.Scope{RegionIDs: []int64{f.south.ID}}},
				[]headline{{everyone.ID, 2, 2, 2}}, 1},
			{"an organisation counts only itself", rollcall.AlertFilter{Scope: rollcall.Scope{OrgIDs: []int64{raa}}},
				[]headline{{everyone.ID, 1, 0, 0}, {north.ID, 1, 1, 1}}, 2},
			{"orgs or regions", rollcall.AlertFilter{Scope: rollcall.Scope{OrgIDs: []int64{rcc}, RegionIDs: []int64{f.north.ID}}},
				[]headline{{everyone.ID, 3, 2, 2}, {north.ID, 2, 2, 2}}, 2},
			{"the empty scope sees nothing", rollcall.AlertFilter{}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				items, total, err := db.ListAlerts(ctx, tt.filter, now)
				must(t, err)
				var got []headline
				for _, it := range items {
					got = append(got, headline{it.ID, it.Targeted, it.Open, it.Overdue})
				}
				if !reflect.DeepEqual(got, tt.want) || total != tt.wantTotal {
					t.Fatalf("got %+v (total %d), want %+v (total %d)", got, total, tt.want, tt.wantTotal)
				}
			})
		}
	})
}

// answer is an UpdateResponses function that applies an answer.
func answer(a rollcall.Answer, now time.Time) func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
	return func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
		if err := r.Apply(a, now); err != nil {
			return nil, err
		}
		return &rollcall.ResponseEvent{Kind: rollcall.EventAnswered, ActorID: 0, ActorName: "Test", Summary: "Answered", Answer: &a}, nil
	}
}
