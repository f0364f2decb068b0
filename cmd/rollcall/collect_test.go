package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rollcall/inventory"
)

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		wantCode  int
		wantHosts int
		minItems  int
		wantKB    string
	}{
		{name: "a Debian root", args: []string{"--root", "../../collect/testdata/debian12"}, wantHosts: 1, minItems: 3},
		{name: "Windows exports", args: []string{"--windows-programs", "../../collect/testdata/windows/programs.csv",
			"--windows-hotfixes", "../../collect/testdata/windows/hotfixes.csv", "--windows-systeminfo", "../../collect/testdata/windows/systeminfo.csv"},
			wantHosts: 1, minItems: 1, wantKB: "KB"},
		{name: "hotfixes without programs", args: []string{"--windows-hotfixes", "../../collect/testdata/windows/hotfixes.csv"}, wantCode: 2},
		{name: "a missing file", args: []string{"--windows-programs", filepath.Join(dir, "nope.csv")}, wantCode: 1},
		{name: "a stray argument", args: []string{"now"}, wantCode: 2},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "inv"+string(rune('a'+i))+".json")
			_, stderr, code, err := call(context.Background(), invocation{args: append([]string{"collect", "--out", out}, tt.args...)})
			if code != tt.wantCode {
				t.Fatalf("exit %d (%v, %s), want %d", code, err, stderr, tt.wantCode)
			}
			if tt.wantCode != 0 {
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a failed collect left %s behind", out)
				}
				return
			}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			snap, err := inventory.Parse(f, inventory.Options{})
			if err != nil {
				t.Fatalf("the collected file does not import: %v", err)
			}
			if len(snap.Hosts) != tt.wantHosts || len(snap.Hosts[0].Software) < tt.minItems {
				t.Errorf("got %d hosts, %d items; want %d hosts, at least %d items", len(snap.Hosts), len(snap.Hosts[0].Software), tt.wantHosts, tt.minItems)
			}
			if tt.wantKB != "" && (len(snap.Hosts[0].Updates) == 0 || !strings.HasPrefix(snap.Hosts[0].Updates[0], tt.wantKB)) {
				t.Errorf("updates = %v, want KB numbers", snap.Hosts[0].Updates)
			}
			if !strings.Contains(stderr, "Collected") {
				t.Errorf("stderr %q does not say what was collected", stderr)
			}
		})
	}
}
