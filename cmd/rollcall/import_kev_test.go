package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// kevCatalogue is CISA's catalogue of 2025-08-25: 1,404 entries.
func kevCatalogue(t *testing.T) []byte {
	t.Helper()
	f, err := os.Open("../../kev/testdata/known_exploited_vulnerabilities-2025.08.25.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestImportKEV(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if _, stderr, code, err := call(ctx, invocation{args: []string{"migrate", "--data", data}}); code != 0 {
		t.Fatalf("migrate: %v %s", err, stderr)
	}
	catalogue := kevCatalogue(t)
	dir := t.TempDir()
	write := func(name string, body []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	file := write("kev.json", catalogue)
	// importKEV returns what the command wrote, with the error it
	// returned (which main prints) on stderr.
	importKEV := func(src string) (stdout, stderr string, code int) {
		stdout, stderr, code, err := call(ctx, invocation{args: []string{"import", "kev", "--data", data, src}})
		if err != nil {
			stderr += err.Error() + "\n"
		}
		return stdout, stderr, code
	}

	const head = "Read 1404 KEV entries (catalog 2025.08.25 of 2025-08-25): "
	if stdout, stderr, code := importKEV(file); code != 0 || stdout != head+"1404 advisories added, 0 changed, 0 unchanged, 0 refused.\n" || stderr != "" {
		t.Fatalf("first import: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if stdout, _, code := importKEV(file); code != 0 || !strings.Contains(stdout, "0 advisories added, 0 changed, 1404 unchanged, 0 refused.") {
		t.Errorf("re-import: exit %d, %s; want all unchanged", code, stdout)
	}

	// CISA moves a due date: that entry changes.
	moved := bytes.Replace(catalogue, []byte(`"dueDate": "2025-09-15"`), []byte(`"dueDate": "2025-09-22"`), 1)
	if bytes.Equal(moved, catalogue) {
		t.Fatal("the first entry's due date is not in the catalogue")
	}
	if stdout, _, code := importKEV(write("moved.json", moved)); code != 0 || !strings.Contains(stdout, "0 advisories added, 1 changed, 1403 unchanged, 0 refused.") {
		t.Errorf("a moved due date: exit %d, %s; want one changed", code, stdout)
	}

	// The same catalogue from a web address.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feeds/known_exploited_vulnerabilities.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(moved)
	}))
	defer srv.Close()
	if stdout, stderr, code := importKEV(srv.URL + "/feeds/known_exploited_vulnerabilities.json"); code != 0 || !strings.Contains(stdout, "1404 unchanged, 0 refused.") {
		t.Errorf("from a web address: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if _, stderr, code := importKEV(srv.URL + "/nothing.json"); code != 1 || !strings.Contains(stderr, "404") {
		t.Errorf("a missing web document: exit %d, %s; want 1 and the status", code, stderr)
	}

	// A broken entry is refused and named; the others are imported.
	broken := bytes.Replace(moved, []byte(`"dueDate": "2025-09-22"`), []byte(`"dueDate": "2025-09-31"`), 1)
	broken = bytes.Replace(broken, []byte("\"cveID\": \"CVE-2017-0144\",\n            \"vendorProject\": \"Microsoft\""),
		[]byte(`"cveID": "CVE-2017-0144", "vendorProject": 7`), 1)
	stdout, stderr, code := importKEV(write("broken.json", broken))
	if code != 1 || !strings.Contains(stdout, "0 advisories added, 0 changed, 1402 unchanged, 2 refused.") ||
		!strings.Contains(stderr, `refused vulnerabilities[0].dueDate (CVE-2025-48384): "2025-09-31" is not a date (YYYY-MM-DD).`) ||
		!regexp.MustCompile(`refused vulnerabilities\[\d+\]\.vendorProject \(CVE-2017-0144\): is a number, not a string\.`).MatchString(stderr) {
		t.Errorf("broken entries: exit %d\nstdout %s\nstderr %s\nwant exit 1, 1,402 unchanged, both named", code, stdout, stderr)
	}

	// A document that is not JSON is refused whole.
	cut := write("cut.json", []byte("{\n  \"catalogVersion\": \"2025.08.25\",\n  \"count\": 1404\n  \"vulnerabilities\": []\n}"))
	if stdout, stderr, code := importKEV(cut); code != 1 || stdout != "" || !strings.Contains(stderr, "line 4, column 3") {
		t.Errorf("broken JSON: exit %d\nstdout %s\nstderr %s\nwant exit 1, nothing imported, the line and column", code, stdout, stderr)
	}
	osv := write("osv.json", []byte(`{"id":"GO-2022-0191","affected":[]}`))
	if _, stderr, code := importKEV(osv); code != 1 || !strings.Contains(stderr, "Not a KEV catalogue") {
		t.Errorf("an OSV record: exit %d, %s", code, stderr)
	}
	if _, _, code := importKEV(filepath.Join(dir, "none.json")); code != 1 {
		t.Errorf("a missing file: exit %d, want 1", code)
	}

	for _, args := range [][]string{
		{"import", "kev", "--data", data},
		{"import", "kev", "--data", data, file, "extra"},
		{"import", "kev", "--data", data, "--since", "2025-01-01", file},
	} {
		if _, _, code, _ := call(ctx, invocation{args: args}); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if stdout, _, code, _ := call(ctx, invocation{args: []string{"import", "kev", "--help"}}); code != 0 || !strings.Contains(stdout, "Usage: rollcall import kev") {
		t.Errorf("--help: exit %d, %s", code, stdout)
	}
	if stdout, _, code, _ := call(ctx, invocation{args: []string{"import", "--help"}}); code != 0 || !strings.Contains(stdout, "Known Exploited Vulnerabilities") {
		t.Errorf("import --help: exit %d, %s", code, stdout)
	}
}
