package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportOSV(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if _, stderr, code, err := call(ctx, invocation{args: []string{"migrate", "--data", data}}); code != 0 {
		t.Fatalf("migrate: %v %s", err, stderr)
	}
	feed := t.TempDir()
	good := `{"id":"PYSEC-1","aliases":["CVE-2024-1"],"affected":[{"package":{"ecosystem":"PyPI","name":"thing"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"4.2.1"}]}]}]}`
	if err := os.WriteFile(filepath.Join(feed, "PYSEC-1.json"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(feed, "broken.json"), []byte(`{"id": "X", "affected": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code, _ := call(ctx, invocation{args: []string{"import", "osv", "--data", data, feed}})
	if code != 1 || !strings.Contains(stdout, "1 advisories added") || !strings.Contains(stderr, "refused broken.json") {
		t.Fatalf("first import: exit %d\nstdout %s\nstderr %s\nwant exit 1, one added, broken.json named", code, stdout, stderr)
	}
	os.Remove(filepath.Join(feed, "broken.json"))
	stdout, _, code, _ = call(ctx, invocation{args: []string{"import", "osv", "--data", data, feed}})
	if code != 0 || !strings.Contains(stdout, "1 unchanged") {
		t.Errorf("second import: exit %d, %s; want 0 and one unchanged", code, stdout)
	}
	if _, _, code, _ := call(ctx, invocation{args: []string{"import", "osv", "--data", data}}); code != 2 {
		t.Errorf("no path: exit %d, want 2", code)
	}
	if _, _, code, _ := call(ctx, invocation{args: []string{"import", "osv", "--data", data, filepath.Join(feed, "none.zip")}}); code != 1 {
		t.Errorf("a missing path: exit %d, want 1", code)
	}
}
