package demo_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"rollcall"
	"rollcall/demo"
	"rollcall/service"
	"rollcall/sqlstore"
)

// testNow is the demo's "now" in these tests, so that runs compare.
var testNow = time.Date(2026, 5, 15, 10, 30, 0, 0, time.UTC)

// generate makes a demo federation on a fresh SQLite database.
func generate(t *testing.T, opts demo.Options) (*service.Service, *demo.Result, time.Duration) {
	t.Helper()
	return generateOn(t, filepath.Join(t.TempDir(), "rollcall.db"), opts)
}

// generateOn makes a demo federation on the empty database dsn.
func generateOn(t *testing.T, dsn string, opts demo.Options) (*service.Service, *demo.Result, time.Duration) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	clock := rollcall.NewFixedClock(testNow)
	svc := service.New(db, clock, rollcall.DefaultPolicy(), nil)
	start := time.Now()
	res, err := demo.Generate(ctx, svc, clock, opts)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if got := clock.Now(); !got.Equal(testNow) {
		t.Fatalf("clock left at %s, want %s", got, testNow)
	}
	return svc, res, took
}

func analyst(t *testing.T, svc *service.Service) *rollcall.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := svc.FindUserByEmail(ctx, service.Operator(), demo.AnalystEmail)
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestGenerateIsDeterministic(t *testing.T) {
	opts := demo.Options{Seed: 7, Practices: 120}
	svc1, res1, _ := generate(t, opts)
	svc2, res2, _ := generate(t, opts)
	if !reflect.DeepEqual(res1, res2) {
		t.Fatalf("results differ:\n%+v\n%+v", res1, res2)
	}
	orgs1, orgs2 := organisations(t, svc1), organisations(t, svc2)
	if !reflect.DeepEqual(orgs1, orgs2) {
		t.Fatal("the same seed made different organisations")
	}
	for key, id := range res1.Alerts {
		if key == demo.SambaCry {
			continue // a draft has no roll call
		}
		rc1, err := svc1.RollCall(context.Background(), analyst(t, svc1), id)
		if err != nil {
			t.Fatal(err)
		}
		rc2, err := svc2.RollCall(context.Background(), analyst(t, svc2), res2.Alerts[key])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rc1, rc2) {
			t.Errorf("%s: roll calls differ:\n%+v\n%+v", key, rc1, rc2)
		}
	}

	_, other, _ := generate(t, demo.Options{Seed: 8, Practices: 120})
	if reflect.DeepEqual(res1.Accounts, other.Accounts) {
		t.Error("seeds 7 and 8 made the same accounts; want different trust names")
	}
}

// TestGenerateOnPostgres makes the same federation on PostgreSQL as on
// SQLite and checks the roll calls agree, when ROLLCALL_TEST_POSTGRES
// names a database to use.
func TestGenerateOnPostgres(t *testing.T) {
	base := os.Getenv("ROLLCALL_TEST_POSTGRES")
	if base == "" {
		t.Skip("set ROLLCALL_TEST_POSTGRES to a postgres:// URL to run the demo on PostgreSQL")
	}
	opts := demo.Options{Seed: 11, Practices: 150}
	pg, pgRes, took := generateOn(t, postgresSchema(t, base), opts)
	t.Logf("demo of %d organisations on PostgreSQL in %s", pgRes.Organisations, took.Round(time.Millisecond))
	lite, liteRes, _ := generate(t, opts)
	if !reflect.DeepEqual(organisations(t, pg), organisations(t, lite)) {
		t.Error("PostgreSQL and SQLite hold different organisations")
	}
	for _, key := range []string{demo.MS17010, demo.FirefoxSVG, demo.OfficeRTF, demo.Phishing} {
		rc1, err := pg.RollCall(context.Background(), analyst(t, pg), pgRes.Alerts[key])
		if err != nil {
			t.Fatal(err)
		}
		rc2, err := lite.RollCall(context.Background(), analyst(t, lite), liteRes.Alerts[key])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rc1, rc2) {
			t.Errorf("%s: the engines' roll calls differ:\npostgres %+v\nsqlite   %+v", key, rc1, rc2)
		}
	}
}

// postgresSchema makes a schema of its own for the test in the database
// at base, dropped when the test ends, and returns a DSN that uses it.
func postgresSchema(t *testing.T, base string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "demo_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// organisations lists every organisation's visible facts (IDs aside).
func organisations(t *testing.T, svc *service.Service) []rollcall.Organisation {
	t.Helper()
	var out []rollcall.Organisation
	for offset := 0; ; offset += 500 {
		page, total, err := svc.ListOrganisations(context.Background(), analyst(t, svc), rollcall.OrgFilter{Limit: 500, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page {
			o.ID, o.DataSecurityLeadID = 0, 0
			out = append(out, o)
		}
		if offset+len(page) >= total {
			return out
		}
	}
}

// TestGenerateDefault checks the default federation: its size, the spread
// of the MS17-010 roll call, the printed accounts, and the time it takes.
func TestGenerateDefault(t *testing.T) {
	svc, res, took := generate(t, demo.Options{Seed: demo.DefaultSeed})
	t.Logf("default demo: %d regions, %d organisations, %d users, generated in %s",
		res.Regions, res.Organisations, res.Users, took.Round(time.Millisecond))
	if res.Regions != 7 {
		t.Errorf("got %d regions, want 7", res.Regions)
	}
	if res.Organisations < 800 || res.Organisations > 950 {
		t.Errorf("got %d organisations, want about 860", res.Organisations)
	}
	// Generous for a slow CI machine; on a laptop it takes a few seconds.
	if took > 90*time.Second {
		t.Errorf("generation took %s, want well under a minute", took)
	}
	ctx := context.Background()
	a := analyst(t, svc)
	rc, err := svc.RollCall(ctx, a, res.Alerts[demo.MS17010])
	if err != nil {
		t.Fatal(err)
	}
	tl := rc.Tally
	t.Logf("MS17-010: targeted %d, acknowledged %d (%d late), overdue %d, by state %v, by rung %v",
		tl.Targeted, tl.Acknowledged, tl.AckLate, tl.Overdue, tl.ByState, rc.ByEscalation)
	if tl.Targeted != res.Organisations {
		t.Errorf("targeted %d, want every organisation (%d)", tl.Targeted, res.Organisations)
	}
	if tl.Acknowledged*2 <= tl.Targeted {
		t.Errorf("acknowledged %d of %d, want more than half", tl.Acknowledged, tl.Targeted)
	}
	if tl.AckLate == 0 {
		t.Error("no acknowledgement came late, want some after 48 hours")
	}
	for _, s := range []rollcall.State{rollcall.StateAckOverdue, rollcall.StatePatched, rollcall.StateInProgress,
		rollcall.StateMitigated, rollcall.StateNotApplicable, rollcall.StateRiskAccepted, rollcall.StateRiskPending,
		rollcall.StateRiskRejected, rollcall.StateAcknowledged} {
		if tl.ByState[s] == 0 {
			t.Errorf("no response is %s", s.Label())
		}
	}
	if rc.ByEscalation[rollcall.EscalationCoordinator] == 0 {
		t.Errorf("nothing overdue reached the regional coordinators: %v", rc.ByEscalation)
	}
	if revs, err := svc.AlertRevisions(ctx, a, res.Alerts[demo.MS17010]); err != nil || len(revs) != 2 {
		t.Errorf("MS17-010 has %d revisions (err %v), want 2", len(revs), err)
	}

	checkAccounts(t, svc, res)
	checkOldAlertClosed(t, svc, a, res.Alerts[demo.OfficeRTF])
}

// checkAccounts signs in as every printed account and checks each finds
// what the tour says it will.
func checkAccounts(t *testing.T, svc *service.Service, res *demo.Result) {
	t.Helper()
	ctx := context.Background()
	actors := map[string]*rollcall.Actor{}
	for _, acc := range res.Accounts {
		u, err := svc.Authenticate(ctx, acc.Email, acc.Password)
		if err != nil {
			t.Fatalf("%s cannot sign in: %v", acc.Email, err)
		}
		if u.Role != acc.Role {
			t.Errorf("%s is %s, want %s", acc.Email, u.Role, acc.Role)
		}
		if actors[acc.Email], err = svc.ActorFor(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, n, err := svc.AwaitingSignOff(ctx, actors[demo.TrustLeadEmail]); err != nil || n == 0 {
		t.Errorf("the trust's lead has %d risk acceptances to sign off (err %v), want one", n, err)
	}
	if _, n, err := svc.Escalated(ctx, actors[demo.TrustLeadEmail], 10); err != nil || n == 0 {
		t.Errorf("nothing is escalated to the trust's lead (err %v)", err)
	}
	if _, n, err := svc.Escalated(ctx, actors[demo.CoordinatorEmail], 10); err != nil || n == 0 {
		t.Errorf("nothing is escalated to the London coordinator (err %v)", err)
	}
	support := actors[demo.SupportResponderEmail]
	if len(support.OrgIDs) < 10 {
		t.Errorf("the support unit answers for %d organisations, want many", len(support.OrgIDs)-1)
	}
	rows, _, err := svc.RollCallEntries(ctx, support, rollcall.ResponseFilter{AlertID: res.Alerts[demo.MS17010], Open: true, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 10 {
		t.Errorf("the support unit has %d open MS17-010 responses, want many to answer at once", len(rows))
	}
	if _, n, err := svc.Inbox(ctx, actors[demo.TrustResponderEmail], 50); err != nil || n == 0 {
		t.Errorf("the trust's responder has an empty inbox (err %v)", err)
	}
}

// checkOldAlertClosed checks the months-old alert was answered by all.
func checkOldAlertClosed(t *testing.T, svc *service.Service, a *rollcall.Actor, id int64) {
	t.Helper()
	rc, err := svc.RollCall(context.Background(), a, id)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Tally.Remediated != rc.Tally.Targeted {
		t.Errorf("the old alert has %d of %d closed, want all: %v", rc.Tally.Remediated, rc.Tally.Targeted, rc.Tally.ByState)
	}
	if rc.Tally.RemediatedLate == 0 {
		t.Error("nobody closed the old alert late, want some")
	}
}
