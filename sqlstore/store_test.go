package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rollcall"
	"rollcall/service"
	"rollcall/sqlstore"
)

// The store implements the service's contract.
var _ service.Store = (*sqlstore.DB)(nil)

// postgresEnv names the variable holding a PostgreSQL URL to test against
// as well as SQLite, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const postgresEnv = "ROLLCALL_TEST_POSTGRES"

// engine is one database engine the suite runs against: dsn returns the
// DSN of a fresh, empty database and arranges for it to go away.
type engine struct {
	name string
	dsn  func(tb testing.TB) string
}

// engines is every engine to test: SQLite always, PostgreSQL when
// ROLLCALL_TEST_POSTGRES is set.
func engines(tb testing.TB) []engine {
	out := []engine{{name: "sqlite", dsn: func(tb testing.TB) string {
		return filepath.Join(tb.TempDir(), "rollcall.db")
	}}}
	if base := os.Getenv(postgresEnv); base != "" {
		out = append(out, engine{name: "postgres", dsn: func(tb testing.TB) string { return postgresSchema(tb, base) }})
	}
	return out
}

// postgresSchema creates a schema of its own for one test and returns a
// DSN whose search_path points at it. The schema is dropped afterwards.
func postgresSchema(tb testing.TB, base string) string {
	tb.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openDB opens and migrates a fresh database on the engine; it is closed
// when the test ends.
func openDB(tb testing.TB, e engine) *sqlstore.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, e.dsn(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// eachEngine runs test once per engine, each on a fresh database.
func eachEngine(t *testing.T, test func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) { test(t, openDB(t, e)) })
	}
}

// t0 is the fixed time the tests start at.
var t0 = time.Date(2017, 5, 12, 9, 0, 0, 0, time.UTC)

var ctx = context.Background()

// wantCode fails the test unless err is a *rollcall.Error with code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := rollcall.ErrorCode(err); got != code {
		tb.Fatalf("got error %v (code %q), want code %q", err, got, code)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// fixture is a small directory: two regions, four organisations.
type fixture struct {
	north, south rollcall.Region
	orgs         []*rollcall.Organisation // RAA acute north, RBB gp north, RCC acute south, RDD gp south
}

func newFixture(tb testing.TB, db *sqlstore.DB) *fixture {
	tb.Helper()
	f := &fixture{north: rollcall.Region{Code: "N", Name: "North"}, south: rollcall.Region{Code: "S", Name: "South"}}
	must(tb, db.CreateRegion(ctx, &f.north))
	must(tb, db.CreateRegion(ctx, &f.south))
	for _, o := range []struct {
		code string
		typ  rollcall.OrgType
		reg  int64
	}{{"RAA", rollcall.OrgAcuteTrust, f.north.ID}, {"RBB", rollcall.OrgGPPractice, f.north.ID},
		{"RCC", rollcall.OrgAcuteTrust, f.south.ID}, {"RDD", rollcall.OrgGPPractice, f.south.ID}} {
		org := &rollcall.Organisation{Code: o.code, Name: "Org " + o.code, Type: o.typ, RegionID: o.reg, CreatedAt: t0}
		must(tb, db.CreateOrganisation(ctx, org))
		f.orgs = append(f.orgs, org)
	}
	return f
}

func (f *fixture) orgIDs() []int64 {
	ids := make([]int64, len(f.orgs))
	for i, o := range f.orgs {
		ids[i] = o.ID
	}
	return ids
}

// publish creates and publishes a high-severity alert to target at now,
// with 48-hour and 14-day clocks.
func publish(tb testing.TB, db *sqlstore.DB, target rollcall.Target, now time.Time) (*rollcall.Alert, int) {
	tb.Helper()
	a := &rollcall.Alert{Title: "SMBv1 remote code execution", Severity: rollcall.SeverityHigh, Summary: "Patch MS17-010.",
		CVEs: []string{"CVE-2017-0144"}, Target: target, CreatedAt: now, UpdatedAt: now}
	must(tb, db.CreateAlert(ctx, a))
	rev := &rollcall.AlertRevision{Revision: 1, Alert: *a, ChangeNote: "First published.", CreatedAt: now}
	n, err := db.PublishAlert(ctx, a, rev, highClocks, false, now)
	must(tb, err)
	return a, n
}

var highClocks = rollcall.DefaultPolicy().Clocks[rollcall.SeverityHigh]

func itoa(n int64) string { return fmt.Sprint(n) }
