package sqlstore_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"rollcall"
	"rollcall/sqlstore"
)

// benchOrgs is the national scale the mission plans for.
const benchOrgs = 20000

// benchDirectory fills a fresh database on the engine with 7 regions and
// 20,000 organisations of a realistic mix (mostly GP practices), in one
// import transaction, and returns the database and the organisations' ids.
func benchDirectory(b testing.TB, e engine) (*sqlstore.DB, []int64) {
	b.Helper()
	db := openDB(b, e)
	var regions []int64
	for i := range 7 {
		r := rollcall.Region{Code: fmt.Sprint("Y", 60+i), Name: fmt.Sprint("Region ", i+1)}
		must(b, db.CreateRegion(ctx, &r))
		regions = append(regions, r.ID)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	types := []rollcall.OrgType{rollcall.OrgGPPractice, rollcall.OrgGPPractice, rollcall.OrgGPPractice, rollcall.OrgGPPractice,
		rollcall.OrgAcuteTrust, rollcall.OrgCommissioningBody, rollcall.OrgCommunityProvider, rollcall.OrgSupplier}
	orgs := make([]*rollcall.Organisation, benchOrgs)
	for i := range orgs {
		orgs[i] = &rollcall.Organisation{Code: fmt.Sprintf("B%05d", i), Name: fmt.Sprintf("Organisation %05d", i),
			Type: types[rng.IntN(len(types))], RegionID: regions[rng.IntN(len(regions))]}
	}
	_, _, err := db.ImportOrganisations(ctx, orgs, t0)
	must(b, err)
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	return db, ids
}

// BenchmarkRollCall measures one alert's roll call across 20,000
// organisations as the dashboard asks for it: the groups and the two
// duration summaries, in the database.
func BenchmarkRollCall(b *testing.B) {
	for _, e := range engines(b) {
		db, orgIDs := benchDirectory(b, e)
		a, _ := publish(b, db, rollcall.Target{All: true}, t0)
		spreadAnswers(b, db, a.ID, orgIDs)
		now := t0.Add(3 * rollcall.Day)
		th := rollcall.DefaultPolicy().EscalationThresholds(now)
		b.Run(e.name, func(b *testing.B) {
			for b.Loop() {
				groups, err := db.RollCallGroups(ctx, a.ID, rollcall.Scope{All: true}, now, th)
				must(b, err)
				if _, _, err := db.RollCallDurations(ctx, a.ID, rollcall.Scope{All: true}); err != nil {
					b.Fatal(err)
				}
				if rc := rollcall.FoldRollCall(a.ID, now, groups, nil); rc.Tally.Targeted != benchOrgs {
					b.Fatalf("got %d targeted, want %d", rc.Tally.Targeted, benchOrgs)
				}
			}
		})
	}
}

// spreadAnswers answers an alert the way organisations do in the first
// days: 15% silent, the rest acknowledged over 72 hours, and about half
// closed (patched, mitigated or not applicable), some in progress, some
// accepting the risk.
func spreadAnswers(b testing.TB, db *sqlstore.DB, alertID int64, orgIDs []int64) {
	b.Helper()
	rng := rand.New(rand.NewPCG(2, 2))
	planned := t0.Add(10 * rollcall.Day)
	answers := []rollcall.Answer{
		{Action: rollcall.ActionPatched}, {Action: rollcall.ActionPatched}, {Action: rollcall.ActionPatched},
		{Action: rollcall.ActionPatched}, {Action: rollcall.ActionMitigated},
		{Applicability: rollcall.NotApplicable, Reason: "No Windows hosts"},
		{Action: rollcall.ActionInProgress, PlannedDate: planned}, {Action: rollcall.ActionInProgress, PlannedDate: planned},
		{Action: rollcall.ActionRiskAccepted, Reason: "Isolated scanner"},
		{}, {}, {}, // acknowledged only
	}
	const chunk = 1000
	for start := 0; start < len(orgIDs); start += chunk {
		batch := orgIDs[start:min(start+chunk, len(orgIDs))]
		at := t0.Add(time.Duration(start/chunk) * 72 * time.Hour / time.Duration(len(orgIDs)/chunk))
		must(b, db.UpdateResponses(ctx, alertID, batch, at, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
			if rng.IntN(100) < 15 {
				return nil, nil
			}
			ans := answers[rng.IntN(len(answers))]
			if ans.Action == "" && ans.Applicability == "" {
				r.Acknowledge(at)
				return &rollcall.ResponseEvent{Kind: rollcall.EventAcknowledged, Summary: "Acknowledged"}, nil
			}
			if err := r.Apply(ans, at); err != nil {
				return nil, err
			}
			return &rollcall.ResponseEvent{Kind: rollcall.EventAnswered, Summary: "Answered", Answer: &ans}, nil
		}))
	}
}

// BenchmarkPublish measures publishing an alert to all 20,000
// organisations: one op is one PublishAlert.
func BenchmarkPublish(b *testing.B) {
	for _, e := range engines(b) {
		db, _ := benchDirectory(b, e)
		b.Run(e.name, func(b *testing.B) {
			now := t0
			for b.Loop() {
				b.StopTimer()
				now = now.Add(time.Hour)
				a := &rollcall.Alert{Title: "Bench", Severity: rollcall.SeverityHigh, Summary: "S", Target: rollcall.Target{All: true}, CreatedAt: now}
				must(b, db.CreateAlert(ctx, a))
				b.StartTimer()
				n, err := db.PublishAlert(ctx, a, &rollcall.AlertRevision{Revision: 1}, highClocks, false, now)
				must(b, err)
				if n != benchOrgs {
					b.Fatalf("got %d targeted, want %d", n, benchOrgs)
				}
			}
		})
	}
}

// BenchmarkConcurrentAnswers measures 1,000 organisations answering one
// alert at once, each in its own goroutine and transaction, as the service
// does: one op is all 1,000 answers.
func BenchmarkConcurrentAnswers(b *testing.B) {
	const answerers = 1000
	for _, e := range engines(b) {
		db, orgIDs := benchDirectory(b, e)
		a, _ := publish(b, db, rollcall.Target{All: true}, t0)
		b.Run(e.name, func(b *testing.B) {
			round := 0
			for b.Loop() {
				now := t0.Add(time.Duration(round+1) * time.Minute)
				batch := orgIDs[(round*answerers)%len(orgIDs):][:answerers]
				round++
				var wg sync.WaitGroup
				errs := make(chan error, answerers)
				for _, org := range batch {
					wg.Go(func() {
						errs <- db.UpdateResponses(ctx, a.ID, []int64{org}, now, answer(rollcall.Answer{Action: rollcall.ActionPatched}, now))
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					must(b, err)
				}
			}
			b.ReportMetric(float64(answerers*b.N)/b.Elapsed().Seconds(), "answers/s")
		})
	}
}
