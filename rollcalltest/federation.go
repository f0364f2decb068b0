// Package rollcalltest builds small, real Rollcall worlds for tests: a
// service over a fresh SQLite database (or PostgreSQL, when asked) with a
// federation of organisations and one user of every role.
package rollcalltest

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"rollcall"
	"rollcall/service"
	"rollcall/sqlstore"
)

// Start is the federation's "now" when it is built: a Tuesday morning.
var Start = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// Password is every federation user's password.
const Password = "correct horse battery"

// Federation is a small world with one user of every role.
//
//	North (region N): NTRUST (acute trust), NSU (support unit), NGP1 and
//	NGP2 (GP practices answered for by NSU), NMH (mental health trust).
//	South (region S): STRUST (acute trust).
//
// Users (by key): analyst, auditor, coordN (North), coordS (South),
// respN (NTRUST), respSU (NSU), respS (STRUST), leadN (NTRUST's
// data-security lead), leadS (STRUST's).
//
// Alerts: "high" published to everyone at Start; "draft" unpublished;
// "southOnly" (medium) published to the South region only.
type Federation struct {
	t       testing.TB
	Store   *sqlstore.DB
	Clock   *rollcall.FixedClock
	Svc     *service.Service
	Log     *slog.Logger
	Regions map[string]*rollcall.Region
	Orgs    map[string]*rollcall.Organisation
	Users   map[string]*rollcall.User
	Tokens  map[string]string // API token per user key
	Alerts  map[string]*rollcall.Alert
}

// OpenSQLite opens and migrates a fresh SQLite database in a temporary
// folder, closed when the test ends.
func OpenSQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "rollcall.db"))
}

func open(t testing.TB, dsn string) *sqlstore.DB {
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
	return db
}

// NewFederation builds the federation on a fresh SQLite database.
func NewFederation(t testing.TB) *Federation {
	t.Helper()
	return Build(t, OpenSQLite(t))
}

// Build builds the federation on db, which must be empty and migrated.
func Build(t testing.TB, db *sqlstore.DB) *Federation {
	t.Helper()
	ctx := context.Background()
	clock := rollcall.NewFixedClock(Start)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := service.New(db, clock, rollcall.DefaultPolicy(), log)
	f := &Federation{t: t, Store: db, Clock: clock, Svc: svc, Log: log,
		Regions: map[string]*rollcall.Region{}, Orgs: map[string]*rollcall.Organisation{},
		Users: map[string]*rollcall.User{}, Tokens: map[string]string{}, Alerts: map[string]*rollcall.Alert{}}
	op := service.Operator()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []rollcall.Region{{Code: "N", Name: "North"}, {Code: "S", Name: "South"}} {
		r := r
		must(svc.CreateRegion(ctx, op, &r))
		f.Regions[r.Code] = &r
	}
	for _, o := range []rollcall.Organisation{
		{Code: "NTRUST", Name: "Northtown Hospitals NHS Trust", Type: rollcall.OrgAcuteTrust, RegionID: f.Regions["N"].ID, Flags: []string{rollcall.FlagMajorTraumaCentre}},
		{Code: "NSU", Name: "Northtown Primary Care Support Unit", Type: rollcall.OrgSupportUnit, RegionID: f.Regions["N"].ID},
		{Code: "NGP1", Name: "Mill Lane Surgery", Type: rollcall.OrgGPPractice, RegionID: f.Regions["N"].ID},
		{Code: "NGP2", Name: "Castle Street Medical Centre", Type: rollcall.OrgGPPractice, RegionID: f.Regions["N"].ID},
		{Code: "NMH", Name: "Northtown Mental Health NHS Trust", Type: rollcall.OrgMentalHealthTrust, RegionID: f.Regions["N"].ID},
		{Code: "STRUST", Name: "Southport Hospitals NHS Trust", Type: rollcall.OrgAcuteTrust, RegionID: f.Regions["S"].ID},
	} {
		o := o
		must(svc.CreateOrganisation(ctx, op, &o))
		f.Orgs[o.Code] = &o
	}
	for _, gp := range []string{"NGP1", "NGP2"} {
		must(svc.AddDelegation(ctx, op, &rollcall.Delegation{AgentOrgID: f.Orgs["NSU"].ID, OrgID: f.Orgs[gp].ID, Note: "Practice IT support contract"}))
	}
	users := []struct {
		key string
		u   rollcall.User
	}{
		{"analyst", rollcall.User{Email: "analyst@centre.test", Name: "Ana Analyst", Role: rollcall.RoleAnalyst}},
		{"auditor", rollcall.User{Email: "auditor@centre.test", Name: "Aud Auditor", Role: rollcall.RoleAuditor}},
		{"coordN", rollcall.User{Email: "coord.north@centre.test", Name: "Cora North", Role: rollcall.RoleCoordinator, RegionID: f.Regions["N"].ID}},
		{"coordS", rollcall.User{Email: "coord.south@centre.test", Name: "Colin South", Role: rollcall.RoleCoordinator, RegionID: f.Regions["S"].ID}},
		{"respN", rollcall.User{Email: "it@ntrust.test", Name: "Rita Responder", Role: rollcall.RoleResponder, OrgID: f.Orgs["NTRUST"].ID}},
		{"respSU", rollcall.User{Email: "it@nsu.test", Name: "Sam Support", Role: rollcall.RoleResponder, OrgID: f.Orgs["NSU"].ID}},
		{"respS", rollcall.User{Email: "it@strust.test", Name: "Steve South", Role: rollcall.RoleResponder, OrgID: f.Orgs["STRUST"].ID}},
		{"leadN", rollcall.User{Email: "siro@ntrust.test", Name: "Lena Lead", Role: rollcall.RoleSecurityLead, OrgID: f.Orgs["NTRUST"].ID}},
		{"leadS", rollcall.User{Email: "siro@strust.test", Name: "Luke Lead", Role: rollcall.RoleSecurityLead, OrgID: f.Orgs["STRUST"].ID}},
	}
	for _, x := range users {
		u := x.u
		must(svc.CreateUser(ctx, op, &u, ""))
		// One real argon2id hash of Password, made once per test binary:
		// signing in still verifies it, but building a federation does not
		// spend half a second hashing the same password nine times.
		u.PasswordHash = passwordHash(t)
		must(db.UpdateUser(ctx, &u))
		f.Users[x.key] = &u
		secret, _, err := svc.CreateAPIToken(ctx, op, u.ID, "test")
		must(err)
		f.Tokens[x.key] = secret
	}
	for _, lead := range []struct{ org, user string }{{"NTRUST", "leadN"}, {"STRUST", "leadS"}} {
		o := f.Orgs[lead.org]
		o.DataSecurityLeadID = f.Users[lead.user].ID
		must(svc.UpdateOrganisation(ctx, op, o))
	}
	analyst := f.Actor("analyst")
	high := &rollcall.Alert{
		Title: "Critical SMBv1 remote code execution (MS17-010)", Severity: rollcall.SeverityHigh,
		Summary:     "Microsoft Windows SMBv1 allows remote code execution. Exploited by WannaCry.",
		CVEs:        []string{"CVE-2017-0143", "CVE-2017-0144"},
		CVSS:        &rollcall.CVSS{Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"},
		Remediation: "Apply MS17-010; disable SMBv1.", References: []string{"https://learn.microsoft.com/security-updates/securitybulletins/2017/ms17-010"},
		Target: rollcall.Target{All: true},
	}
	must(svc.CreateAlert(ctx, analyst, high))
	_, err := svc.PublishAlert(ctx, analyst, high.ID)
	must(err)
	f.Alerts["high"] = high
	draft := &rollcall.Alert{Title: "Draft: printer firmware", Severity: rollcall.SeverityLow, Summary: "Not yet published.", Target: rollcall.Target{All: true}}
	must(svc.CreateAlert(ctx, analyst, draft))
	f.Alerts["draft"] = draft
	south := &rollcall.Alert{Title: "South-only VPN appliance flaw", Severity: rollcall.SeverityMedium, Summary: "VPN appliances in the South.", Target: rollcall.Target{RegionIDs: []int64{f.Regions["S"].ID}}}
	must(svc.CreateAlert(ctx, analyst, south))
	_, err = svc.PublishAlert(ctx, analyst, south.ID)
	must(err)
	f.Alerts["southOnly"] = south
	for _, a := range f.Alerts {
		fresh, err := svc.GetAlert(ctx, analyst, a.ID)
		must(err)
		*a = *fresh
	}
	return f
}

var passwordHash = func() func(testing.TB) string {
	var once sync.Once
	var hash string
	var err error
	return func(t testing.TB) string {
		once.Do(func() { hash, err = service.HashPassword(Password) })
		if err != nil {
			t.Fatal(err)
		}
		return hash
	}
}()

// Actor returns the actor for a federation user, by key.
func (f *Federation) Actor(key string) *rollcall.Actor {
	f.t.Helper()
	u, ok := f.Users[key]
	if !ok {
		f.t.Fatalf("no federation user %q", key)
	}
	a, err := f.Svc.ActorFor(context.Background(), u.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}
