package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExposureAdvisories(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if _, stderr, code, err := call(ctx, invocation{args: []string{"migrate", "--data", data}}); code != 0 {
		t.Fatalf("migrate: %v %s", err, stderr)
	}
	mustRegion(t, data)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	osvRecord := write("GO-TEST-0001.json", `{"id": "GO-TEST-0001", "summary": "Old x/net", "modified": "2024-01-01T00:00:00Z",
		"affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"},
		"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.17.0"}]}]}]}`)
	inv := write("inv.csv", "host,software_name,software_version,purl\nsrv-1,x/net,0.10.0,pkg:golang/golang.org/x/net@v0.10.0\nsrv-2,x/net,0.20.0,pkg:golang/golang.org/x/net@v0.20.0\n")
	for _, args := range [][]string{
		{"import", "orgs", "--data", data, "-"},
		{"import", "osv", "--data", data, osvRecord},
		{"inventory", "import", "--data", data, "--org", "RXX", inv},
	} {
		stdin := ""
		if args[1] == "orgs" {
			stdin = "code,name,type,region\nRXX,Test Hospitals NHS Trust,acute_trust,N\n"
		}
		if _, stderr, code, err := call(ctx, invocation{args: args, stdin: stdin}); code != 0 {
			t.Fatalf("%v: %v %s", args, err, stderr)
		}
	}
	stdout, stderr, code, _ := call(ctx, invocation{args: []string{"exposure", "advisories", "--data", data}})
	if code != 0 || !strings.Contains(stdout, "Matched 1 advisories") || !strings.Contains(stdout, "1 expose or may expose a host") ||
		!strings.Contains(stdout, "GO-TEST-0001") {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
	stdout, _, code, _ = call(ctx, invocation{args: []string{"exposure", "advisories", "--data", data, "--json"}})
	var res struct {
		Hosts   int `json:"hosts"`
		Results []struct {
			SourceID string `json:"source_id"`
			Exposed  int    `json:"exposed_hosts"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || code != 0 || res.Hosts != 2 || len(res.Results) != 1 || res.Results[0].Exposed != 1 {
		t.Errorf("--json: exit %d, %v, %+v", code, err, res)
	}
	if _, _, code, _ := call(ctx, invocation{args: []string{"exposure", "advisories", "--data", data, "extra"}}); code != 2 {
		t.Errorf("an extra argument: exit %d, want 2", code)
	}
}
