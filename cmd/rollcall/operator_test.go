package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rollcall"
	"rollcall/service"
	"rollcall/sqlstore"
)

const testPassword = "a long enough password"

// TestOperatorRoundTrip is the first hour of a real installation: make the
// database, the first analyst, a token, and the directory.
func TestOperatorRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data") // migrate makes it
	mustRun := func(inv invocation) string {
		t.Helper()
		out, errOut, code, err := call(ctx, inv)
		if code != 0 {
			t.Fatalf("rollcall %s: exit %d: %v (stderr %q)", strings.Join(inv.args, " "), code, err, errOut)
		}
		return out
	}

	if out := mustRun(invocation{args: []string{"migrate", "--data", dir}}); !strings.Contains(out, "up to date") {
		t.Errorf("migrate said %q", out)
	}
	// Again: migrating is idempotent.
	mustRun(invocation{args: []string{"migrate", "--db", filepath.Join(dir, "rollcall.db")}})

	out := mustRun(invocation{args: []string{"user", "create", "--data", dir, "--email", "Lee@Centre.test", "--name", "Lee Analyst", "--role", "analyst"},
		stdin: testPassword + "\n"})
	if !strings.Contains(out, "Created national analyst Lee Analyst <lee@centre.test>") {
		t.Errorf("user create said %q", out)
	}
	// The password may come from the environment instead, and the
	// database from ROLLCALL_DB.
	mustRun(invocation{args: []string{"user", "create", "--email", "aud@centre.test", "--name", "Ada Auditor", "--role", "auditor"},
		env: map[string]string{"ROLLCALL_PASSWORD": testPassword, "ROLLCALL_DB": filepath.Join(dir, "rollcall.db")}})

	token := mustRun(invocation{args: []string{"token", "create", "--data", dir, "--email", "lee@centre.test"}})
	if !strings.HasPrefix(token, "rct_") || strings.Count(token, "\n") != 1 || !strings.HasSuffix(token, "\n") {
		t.Fatalf("token create printed %q, want the token alone on one line", token)
	}

	db, err := sqlstore.Open(ctx, filepath.Join(dir, "rollcall.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := service.New(db, rollcall.SystemClock{}, rollcall.DefaultPolicy(), nil)
	actor, err := svc.ActorForToken(ctx, strings.TrimSpace(token))
	if err != nil {
		t.Fatalf("the printed token does not work: %v", err)
	}
	if actor.User.Email != "lee@centre.test" || actor.User.Role != rollcall.RoleAnalyst {
		t.Errorf("the token acts as %s (%s), want lee@centre.test (analyst)", actor.User.Email, actor.User.Role)
	}
	if _, err := svc.Authenticate(ctx, "lee@centre.test", testPassword); err != nil {
		t.Errorf("the analyst cannot sign in with the password given on stdin: %v", err)
	}

	// The directory: regions are made in Rollcall; organisations can be
	// loaded from a file.
	must(t, svc.CreateRegion(ctx, actor, &rollcall.Region{Code: "Y56", Name: "London"}))
	csvPath := filepath.Join(t.TempDir(), "orgs.csv")
	must(t, os.WriteFile(csvPath, []byte("code,name,type,region,flags\n"+
		"RXK,Corvedale Hospitals NHS Foundation Trust,Acute trust,Y56,major_trauma_centre\n"+
		"F81001,Mill Lane Surgery,gp_practice,London,\n"), 0o600))
	if out := mustRun(invocation{args: []string{"import", "orgs", csvPath, "--data", dir}}); !strings.Contains(out, "2 created, 0 updated") {
		t.Errorf("import said %q", out)
	}
	out = mustRun(invocation{args: []string{"user", "create", "--data", dir, "--email", "it@rxk.test", "--name", "Ria Responder",
		"--role", "responder", "--org", "rxk"}, stdin: testPassword})
	if !strings.Contains(out, "Created organisation responder") {
		t.Errorf("user create said %q", out)
	}
	mustRun(invocation{args: []string{"user", "create", "--data", dir, "--email", "coord@london.test", "--name", "Cai Coordinator",
		"--role", "coordinator", "--region", "london"}, stdin: testPassword})

	// Failures are plain and exit 1.
	for _, tt := range []struct {
		inv  invocation
		want string
	}{
		{invocation{args: []string{"token", "create", "--data", dir, "--email", "nobody@centre.test"}}, "no user has the email"},
		{invocation{args: []string{"user", "create", "--data", dir, "--email", "x@centre.test", "--name", "X"}, stdin: "short\n"}, "at least 12 characters"},
		{invocation{args: []string{"user", "create", "--data", dir, "--email", "y@centre.test", "--name", "Y"}}, "no password"},
		{invocation{args: []string{"user", "create", "--data", dir, "--email", "z@centre.test", "--name", "Z", "--role", "responder", "--org", "NOPE"}, stdin: testPassword}, `no organisation has the code "NOPE"`},
		{invocation{args: []string{"import", "orgs", "--data", dir, csvPath + ".missing"}}, "open the file"},
	} {
		_, _, code, err := call(ctx, tt.inv)
		if code != 1 || !strings.Contains(plain(err), tt.want) {
			t.Errorf("rollcall %s: exit %d, error %v; want exit 1 and %q", strings.Join(tt.inv.args, " "), code, err, tt.want)
		}
	}
}

// TestRefusesUnmigratedDatabase checks that commands refuse a database
// whose schema is not there, with the command that fixes it.
func TestRefusesUnmigratedDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rollcall.db")
	db, err := sqlstore.Open(ctx, path) // created, not migrated
	must(t, err)
	must(t, db.Close())
	for _, args := range [][]string{
		{"serve", "--db", path, "--addr", "127.0.0.1:0"},
		{"token", "create", "--db", path, "--email", "a@b.test"},
	} {
		_, _, code, err := call(ctx, invocation{args: args})
		if code != 1 || !strings.Contains(plain(err), "rollcall migrate --db "+path) {
			t.Errorf("rollcall %s: exit %d, error %v; want exit 1 telling to run rollcall migrate", args[0], code, err)
		}
		if args[0] == "serve" && !strings.Contains(plain(err), "--migrate") {
			t.Errorf("serve's refusal does not mention --migrate: %v", err)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
