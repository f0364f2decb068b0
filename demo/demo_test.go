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
	"slices"
	"strings"
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

	if e1, e2 := estate(t, svc1), estate(t, svc2); !reflect.DeepEqual(e1, e2) {
		t.Error("the same seed made different inventories")
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
	checkStructuredAlert(t, svc, a, res.Alerts[demo.MS17010])
	checkEstate(t, svc, a, res)
	checkExposure(t, svc, a, res)
	checkLibrary(t, svc, a, res)
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
	if _, n, err := svc.AwaitingSignOff(ctx, actors[demo.TrustLeadEmail], 100, 0); err != nil || n == 0 {
		t.Errorf("the trust's lead has %d risk acceptances to sign off (err %v), want one", n, err)
	}
	if _, n, err := svc.Escalated(ctx, actors[demo.TrustLeadEmail], 10, 0); err != nil || n == 0 {
		t.Errorf("nothing is escalated to the trust's lead (err %v)", err)
	}
	if _, n, err := svc.Escalated(ctx, actors[demo.CoordinatorEmail], 10, 0); err != nil || n == 0 {
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
	if _, n, err := svc.Inbox(ctx, actors[demo.TrustResponderEmail], 50, 0); err != nil || n == 0 {
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

// checkStructuredAlert checks that both revisions of MS17-010 name the
// affected Windows builds for the matcher, agreeing with their text: the
// first the versions in support, the second also the out-of-band ones.
func checkStructuredAlert(t *testing.T, svc *service.Service, a *rollcall.Actor, id int64) {
	t.Helper()
	ctx := context.Background()
	revs, err := svc.AlertRevisions(ctx, a, id)
	if err != nil || len(revs) != 2 {
		t.Fatalf("MS17-010 has %d revisions (err %v), want 2", len(revs), err)
	}
	slices.SortFunc(revs, func(x, y rollcall.AlertRevision) int { return x.Revision - y.Revision })
	first, second := revs[0].Alert, revs[1].Alert
	find := func(af rollcall.Affected, name string) *rollcall.AffectedWindows {
		for i := range af.Windows {
			if af.Windows[i].Name == name {
				return &af.Windows[i]
			}
		}
		return nil
	}
	type want struct {
		build string
		rev   int
		kbs   []string
	}
	inSupport := map[string]want{
		"Windows Vista SP2":          {"6.0.6002", 0, []string{"KB4012598"}},
		"Windows Server 2008 SP2":    {"6.0.6002", 0, []string{"KB4012598"}},
		"Windows 7 SP1":              {"6.1.7601", 0, []string{"KB4012212", "KB4012215"}},
		"Windows Server 2008 R2 SP1": {"6.1.7601", 0, []string{"KB4012212", "KB4012215"}},
		"Windows 8.1":                {"6.3.9600", 0, []string{"KB4012213", "KB4012216"}},
		"Windows RT 8.1":             {"6.3.9600", 0, []string{"KB4012216"}},
		"Windows Server 2012":        {"6.2.9200", 0, []string{"KB4012214", "KB4012217"}},
		"Windows Server 2012 R2":     {"6.3.9600", 0, []string{"KB4012213", "KB4012216"}},
		"Windows 10 1507":            {"10.0.10240", 17319, []string{"KB4012606"}},
		"Windows 10 1511":            {"10.0.10586", 839, []string{"KB4013198"}},
		"Windows 10 1607":            {"10.0.14393", 953, []string{"KB4013429"}},
		"Windows Server 2016":        {"10.0.14393", 953, []string{"KB4013429"}},
	}
	outOfBand := map[string]want{
		"Windows XP SP3":          {"5.1.2600", 0, []string{"KB4012598"}},
		"Windows Server 2003 SP2": {"5.2.3790", 0, []string{"KB4012598"}},
		"Windows 8":               {"6.2.9200", 0, []string{"KB4012598"}},
	}
	check := func(rev int, af rollcall.Affected, text string, wants map[string]want) {
		for name, w := range wants {
			got := find(af, name)
			if got == nil {
				t.Errorf("revision %d: %s is not among the affected Windows builds", rev, name)
				continue
			}
			if got.Build != w.build || got.FixedRevision != w.rev || !reflect.DeepEqual(got.FixedBy, w.kbs) {
				t.Errorf("revision %d: %s is %+v, want build %s, fixed revision %d, fixed by %v", rev, name, *got, w.build, w.rev, w.kbs)
			}
			if !strings.Contains(text, "- "+name+" (") {
				t.Errorf("revision %d: %s is structured but not in the affected products text", rev, name)
			}
			for _, kb := range w.kbs {
				if !strings.Contains(text, kb) {
					t.Errorf("revision %d: %s is fixed by %s, which the text does not name", rev, name, kb)
				}
			}
		}
	}
	check(1, first.Affected, first.AffectedProducts, inSupport)
	if n := len(first.Affected.Windows); n != len(inSupport) {
		t.Errorf("revision 1 names %d Windows builds, want the %d in support", n, len(inSupport))
	}
	for name := range outOfBand {
		if find(first.Affected, name) != nil {
			t.Errorf("revision 1 names %s, which had no fix until the out-of-band update", name)
		}
	}
	check(2, second.Affected, second.AffectedProducts, inSupport)
	check(2, second.Affected, second.AffectedProducts, outOfBand)
	if n := len(second.Affected.Windows); n != len(inSupport)+len(outOfBand) {
		t.Errorf("revision 2 names %d Windows builds, want %d", n, len(inSupport)+len(outOfBand))
	}
	if !reflect.DeepEqual(second.Affected.Windows[:len(first.Affected.Windows)], first.Affected.Windows) {
		t.Error("revision 2 changed the in-support builds of revision 1; want them kept, in order, with the out-of-band ones after")
	}
	if len(second.Affected.Software) != 0 {
		t.Errorf("MS17-010 names software %v, want Windows builds only", second.Affected.Software)
	}
	current, err := svc.GetAlert(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(current.Affected, second.Affected) {
		t.Errorf("the alert's affected products are not its latest revision's:\n%s\n%s", current.Affected, second.Affected)
	}
}

// orgEstate is one organisation's inventory summary, by code.
type orgEstate struct {
	Code    string
	Type    rollcall.OrgType
	Summary rollcall.InventorySummary
}

// estate lists every organisation's inventory summary, in code order.
func estate(t *testing.T, svc *service.Service) []orgEstate {
	t.Helper()
	ctx := context.Background()
	a := analyst(t, svc)
	var out []orgEstate
	for offset := 0; ; offset += 500 {
		page, total, err := svc.ListOrganisations(ctx, a, rollcall.OrgFilter{Limit: 500, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page {
			sum, err := svc.InventorySummary(ctx, a, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, orgEstate{o.Code, o.Type, sum})
		}
		if offset+len(page) >= total || len(page) == 0 {
			break
		}
	}
	slices.SortFunc(out, func(x, y orgEstate) int { return strings.Compare(x.Code, y.Code) })
	return out
}

// checkEstate checks the inventories were saved as the result says: a
// good share of the organisations have one, of a plausible size, some
// are too old to be evidence, and many have none.
func checkEstate(t *testing.T, svc *service.Service, a *rollcall.Actor, res *demo.Result) {
	t.Helper()
	fresh := rollcall.DefaultPolicy().InventoryFreshness
	with, stale, none, hosts := 0, 0, 0, 0
	for _, e := range estate(t, svc) {
		s := e.Summary
		if s.Hosts == 0 {
			none++
			continue
		}
		with++
		hosts += s.Hosts
		if testNow.Sub(s.Latest) > fresh {
			stale++
		}
		if s.Hosts < 4 || s.Hosts > 40 {
			t.Errorf("%s (%s) sent %d hosts, want 4 to 40", e.Code, e.Type, s.Hosts)
		}
		if s.Rows < 5*s.Hosts || s.Rows > 25*s.Hosts {
			t.Errorf("%s sent %d rows for %d hosts, want about 10 to 20 a host", e.Code, s.Rows, s.Hosts)
		}
		if s.Latest.After(testNow) || testNow.Sub(s.Oldest) > 120*rollcall.Day {
			t.Errorf("%s's inventory was collected from %s to %s, want within the demo's 120 days before %s", e.Code, s.Oldest, s.Latest, testNow)
		}
	}
	t.Logf("estate: %d organisations with an inventory (%d stale), %d without; %d hosts", with, stale, none, hosts)
	if with != res.InventoryOrgs || stale != res.StaleInventories || hosts != res.Hosts {
		t.Errorf("saved %d inventories (%d stale) of %d hosts; the result says %d (%d stale) of %d",
			with, stale, hosts, res.InventoryOrgs, res.StaleInventories, res.Hosts)
	}
	if with*4 < res.Organisations || none*4 < res.Organisations {
		t.Errorf("%d of %d organisations have an inventory, want a good share but far from all", with, res.Organisations)
	}
	if stale == 0 || stale*2 > with {
		t.Errorf("%d of %d inventories are stale, want some", stale, with)
	}
	if hosts > 8000 {
		t.Errorf("%d hosts, want a small estate that is quick to make", hosts)
	}
}

// checkExposure checks what the estate shows about MS17-010: exposed
// organisations, hosts that cannot be told, out-of-support Windows in
// every region, and organisations whose answers the inventory contradicts.
func checkExposure(t *testing.T, svc *service.Service, a *rollcall.Actor, res *demo.Result) {
	t.Helper()
	ctx := context.Background()
	load, err := svc.LoadExposure(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if load.Hosts != res.Hosts {
		t.Errorf("the exposure index loaded %d hosts, want %d", load.Hosts, res.Hosts)
	}
	ex, err := svc.AlertExposure(ctx, a, res.Alerts[demo.MS17010])
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Structured || !ex.Loaded {
		t.Fatalf("MS17-010 exposure: structured %v, loaded %v; want both", ex.Structured, ex.Loaded)
	}
	c := ex.Compliance
	exposedOrgs, silentExposed := 0, 0
	var discrepancies []string
	for _, o := range ex.Orgs {
		if o.Exposed > 0 {
			exposedOrgs++
		}
		if o.Observation == rollcall.ObservedExposed && o.Claim == rollcall.ClaimNone {
			silentExposed++
		}
		if o.Discrepancy {
			discrepancies = append(discrepancies, o.OrgCode+" says "+string(o.Claim))
		}
	}
	t.Logf("MS17-010 exposure: %d exposed and %d unknown hosts, %d organisations with exposed hosts; %+v", ex.Exposed, ex.Unknown, exposedOrgs, c)
	t.Logf("discrepancies: %s", strings.Join(discrepancies, ", "))
	if c.Targeted != res.Organisations {
		t.Errorf("compliance over %d organisations, want %d", c.Targeted, res.Organisations)
	}
	if c.Discrepancies < 5 || c.Discrepancies*4 > c.SaysSafe {
		t.Errorf("%d organisations say they are safe but are exposed, of %d that say so; want several, a minority", c.Discrepancies, c.SaysSafe)
	}
	if len(discrepancies) != c.Discrepancies {
		t.Errorf("%d organisations are marked discrepant, the compliance counts %d", len(discrepancies), c.Discrepancies)
	}
	if c.Clear == 0 || c.Exposed == 0 || c.Unknown == 0 || c.Stale == 0 || c.NoInventory == 0 {
		t.Errorf("want organisations observed clear, exposed, unknown, stale and without inventory: %+v", c)
	}
	if c.Stale != res.StaleInventories || c.Evidenced()+c.Stale != res.InventoryOrgs {
		t.Errorf("observations %+v do not add up to %d inventories, %d stale", c, res.InventoryOrgs, res.StaleInventories)
	}
	if ex.Exposed == 0 || ex.Unknown == 0 || exposedOrgs < 20 || silentExposed == 0 {
		t.Errorf("%d exposed and %d unknown hosts, %d exposed organisations, %d of them silent; want some of each", ex.Exposed, ex.Unknown, exposedOrgs, silentExposed)
	}

	// The tour's trust accepted the risk of three MRI consoles: there they are.
	u, err := svc.FindUserByEmail(ctx, service.Operator(), demo.TrustResponderEmail)
	if err != nil {
		t.Fatal(err)
	}
	trust, err := svc.OrgAlertExposure(ctx, a, res.Alerts[demo.MS17010], u.OrgID, 50)
	if err != nil {
		t.Fatal(err)
	}
	var consoles []string
	for _, h := range trust.Hosts {
		if strings.HasPrefix(h.Host.Name, "MRI-CONSOLE-") && h.Verdict == "exposed" {
			consoles = append(consoles, h.Host.Name)
		}
	}
	if len(consoles) != 3 || trust.Exposed != 3 || trust.Claim != rollcall.ClaimRiskAccepted || trust.Discrepancy {
		t.Errorf("the trust's exposure: %d exposed hosts %v, claim %s, discrepancy %v; want its three MRI consoles, a risk accepted, no discrepancy",
			trust.Exposed, consoles, trust.Claim, trust.Discrepancy)
	}

	eol, err := svc.EndOfLife(ctx, a, 0)
	if err != nil {
		t.Fatal(err)
	}
	rule := map[string]int{}
	for i, r := range eol.Rules {
		rule[r.Name] = i
	}
	for _, r := range eol.Regions {
		for _, name := range []string{"Windows XP", "Windows 7 / Server 2008 R2"} {
			if i, ok := rule[name]; !ok || r.ByRule[i] == 0 {
				t.Errorf("%s has no host on %s, want a few", r.Region.Name, name)
			}
		}
	}
}

// checkLibrary: the library holds the real KEV catalogue and the CSAF
// examples, and the WannaCry alert is linked to the catalogue's entry for
// CVE-2017-0144.
func checkLibrary(t *testing.T, svc *service.Service, analyst *rollcall.Actor, res *demo.Result) {
	ctx := context.Background()
	advs, total, err := svc.ListAdvisories(ctx, analyst, rollcall.AdvisoryFilter{Source: "kev", Limit: 1})
	if err != nil || total != 1404 || len(advs) != 1 {
		t.Fatalf("KEV in the library: %d (%v)", total, err)
	}
	if _, n, _ := svc.ListAdvisories(ctx, analyst, rollcall.AdvisoryFilter{Source: "csaf"}); n != 5 {
		t.Errorf("CSAF in the library: %d, want 5", n)
	}
	if res.Advisories != 1409 {
		t.Errorf("result counts %d advisories", res.Advisories)
	}
	wc, err := svc.GetAdvisory(ctx, analyst, "kev", "CVE-2017-0144")
	if err != nil || !wc.Facts.KEV.RansomwareKnown() {
		t.Errorf("CVE-2017-0144: %+v %v, want known ransomware use", wc, err)
	}
	a, err := svc.GetAlert(ctx, analyst, res.Alerts[demo.MS17010])
	if err != nil || a.Advisory != "kev:CVE-2017-0144" {
		t.Errorf("MS17-010 made from %q (%v)", a.Advisory, err)
	}
}
