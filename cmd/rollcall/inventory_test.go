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

func TestInventoryImport(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	for _, inv := range []invocation{
		{args: []string{"migrate", "--data", data}},
		{args: []string{"import", "orgs", "--data", data, "-"}, stdin: "code,name,type,region\nRXX,Test Hospitals NHS Trust,acute_trust,N\n"},
	} {
		if inv.args[0] == "import" {
			// The region must exist first: make it through the API-free path.
			mustRegion(t, data)
		}
		if _, stderr, code, err := call(ctx, inv); code != 0 {
			t.Fatalf("%v: %v %s", inv.args, err, stderr)
		}
	}
	csv := filepath.Join(t.TempDir(), "estate.csv")
	if err := os.WriteFile(csv, []byte("host,os_name,os_version,os_build,updates,software_name,software_version\nWS-1,Microsoft Windows 7 Professional,6.1,7601,KB4012215,Firefox,115.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code, _ := call(ctx, invocation{args: []string{"inventory", "import", "--data", data, "--org", "rxx", csv}})
	if code != 0 || !strings.Contains(stdout, "Saved 1 hosts and 3 software rows") {
		t.Errorf("import: exit %d, %s %s", code, stdout, stderr)
	}
	if _, _, code, err := call(ctx, invocation{args: []string{"inventory", "import", "--data", data, "--org", "NOPE", csv}}); code != 1 || err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("unknown organisation: exit %d, %v", code, err)
	}
	if _, _, code, _ := call(ctx, invocation{args: []string{"inventory", "import", "--data", data, csv}}); code != 2 {
		t.Errorf("no --org: exit %d, want 2", code)
	}
}

// mustRegion makes region N in the database under data, as the operator.
func mustRegion(t *testing.T, data string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(data, "rollcall.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := service.New(db, rollcall.SystemClock{}, rollcall.DefaultPolicy(), nil)
	if err := svc.CreateRegion(ctx, service.Operator(), &rollcall.Region{Code: "N", Name: "North"}); err != nil {
		t.Fatal(err)
	}
}
