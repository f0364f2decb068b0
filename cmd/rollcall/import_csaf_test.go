package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// csafDoc is a small valid CSAF document; broken adds a product id no
// product defines, a wrong base score and a repeated revision number.
const csafDoc = `{
 "document": {"category": "csaf_base", "csaf_version": "2.0", "title": "Widget: remote code execution",
  "publisher": {"category": "vendor", "name": "Example Ltd", "namespace": "https://example.com"},
  "tracking": {"id": "EX-2024-0001", "status": "final", "version": "2",
   "initial_release_date": "2024-01-01T00:00:00Z", "current_release_date": "2024-02-01T00:00:00Z",
   "revision_history": [{"date": "2024-01-01T00:00:00Z", "number": "1", "summary": "Initial"},
    {"date": "2024-02-01T00:00:00Z", "number": "REV2", "summary": "Fixed version"}]}},
 "product_tree": {"branches": [{"category": "product_version", "name": "1.2.3",
   "product": {"name": "Widget 1.2.3", "product_id": "CSAFPID-1", "product_identification_helper": {"purl": "pkg:npm/widget@1.2.3"}}},
  {"category": "product_version", "name": "1.2.5",
   "product": {"name": "Widget 1.2.5", "product_id": "CSAFPID-3", "product_identification_helper": {"purl": "pkg:npm/widget@1.2.5"}}}]},
 "vulnerabilities": [{"cve": "CVE-2024-0001", "product_status": {"known_affected": ["CSAFPID-1"], "fixed": ["CSAFPID-3"MISSING]},
  "scores": [{"products": ["CSAFPID-1"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": SCORE, "baseSeverity": "CRITICAL"}}]}]
}`

func csafVariant(id string, broken bool) string {
	r := strings.NewReplacer("EX-2024-0001", id, "REV2", "2", "MISSING", "", "SCORE", "9.8")
	if broken {
		r = strings.NewReplacer("EX-2024-0001", id, "REV2", "1", "MISSING", `, "CSAFPID-9"`, "SCORE", "5.0")
	}
	return r.Replace(csafDoc)
}

func TestImportCSAF(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if _, stderr, code, err := call(ctx, invocation{args: []string{"migrate", "--data", data}}); code != 0 {
		t.Fatalf("migrate: %v %s", err, stderr)
	}
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.json", csafVariant("EX-2024-0001", false))
	write("2024/bad.json", csafVariant("EX-2024-0002", true))

	// A folder mixing good and bad: the good is imported, the bad refused
	// with its three faults and their paths, exit 1.
	stdout, stderr, code, _ := call(ctx, invocation{args: []string{"import", "csaf", "--data", data, dir}})
	if code != 1 || !strings.Contains(stdout, "Read 2 CSAF documents: 1 advisories added, 0 changed, 0 unchanged, 1 refused.") {
		t.Fatalf("folder: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	for _, want := range []string{
		"refused " + filepath.Join("2024", "bad.json"),
		"/vulnerabilities/0/product_status/fixed/1: CSAF-6.1.1 missing definition of product id CSAFPID-9",
		"/vulnerabilities/0/scores/0/cvss_v3/baseScore: CSAF-6.1.9 invalid CVSS computation",
		"/document/tracking/revision_history/1/number: CSAF-6.1.22 multiple definition in revision history",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	// Re-import of the good file: unchanged.
	stdout, _, code, _ = call(ctx, invocation{args: []string{"import", "csaf", "--data", data, filepath.Join(dir, "good.json")}})
	if code != 0 || !strings.Contains(stdout, "1 unchanged, 0 refused") {
		t.Errorf("re-import: exit %d, %s", code, stdout)
	}

	// A URL.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(csafVariant("EX-2024-0003", false)))
	}))
	defer srv.Close()
	stdout, stderr, code, _ = call(ctx, invocation{args: []string{"import", "csaf", "--data", data, srv.URL + "/ex-2024-0003.json"}})
	if code != 0 || !strings.Contains(stdout, "Read 1 CSAF documents: 1 advisories added") {
		t.Errorf("URL: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// Usage errors and a missing path.
	if _, _, code, _ := call(ctx, invocation{args: []string{"import", "csaf", "--data", data}}); code != 2 {
		t.Errorf("no path: exit %d, want 2", code)
	}
	if _, _, code, _ := call(ctx, invocation{args: []string{"import", "csaf", "--data", data, "a", "b"}}); code != 2 {
		t.Errorf("two paths: exit %d, want 2", code)
	}
	if _, _, code, _ := call(ctx, invocation{args: []string{"import", "csaf", "--data", data, filepath.Join(dir, "none.json")}}); code != 1 {
		t.Errorf("a missing path: exit %d, want 1", code)
	}
}

// TestImportCSAFRealDocuments imports the five real advisories of the
// shared folder (BSI, Cisco, Red Hat): none refused, the JSON schemas
// beside them left out; again, all unchanged.
func TestImportCSAFRealDocuments(t *testing.T) {
	real := filepath.Join("..", "..", "..", "shared", "data", "csaf")
	if names, _ := filepath.Glob(filepath.Join(real, "*.json")); len(names) != 5 {
		t.Skipf("the five real CSAF documents are not in %s", real)
	}
	// The folder as it is: its schema/ folder is left out, not refused.
	dir := real
	ctx := context.Background()
	data := t.TempDir()
	if _, stderr, code, err := call(ctx, invocation{args: []string{"migrate", "--data", data}}); code != 0 {
		t.Fatalf("migrate: %v %s", err, stderr)
	}
	stdout, stderr, code, _ := call(ctx, invocation{args: []string{"import", "csaf", "--data", data, dir}})
	if code != 0 || !strings.Contains(stdout, "Read 5 CSAF documents: 5 advisories added, 0 changed, 0 unchanged, 0 refused.") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "3 JSON files that are not CSAF documents") {
		t.Errorf("the schemas beside the documents: %s", stdout)
	}
	t.Log(strings.TrimSpace(stdout))
	stdout, _, code, _ = call(ctx, invocation{args: []string{"import", "csaf", "--data", data, dir}})
	if code != 0 || !strings.Contains(stdout, "0 advisories added, 0 changed, 5 unchanged, 0 refused.") {
		t.Errorf("re-import: exit %d, %s", code, stdout)
	}
}
