package csafimport

import (
	"os"
	"path/filepath"
	"testing"
)

// realDir is the shared folder of real CSAF advisories (BSI, Cisco, Red
// Hat), beside the repository; tests that need it skip when it is absent.
const realDir = "../../shared/data/csaf"

func realFiles(t testing.TB) map[string][]byte {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(realDir, "*.json"))
	if len(names) == 0 {
		t.Skipf("no real CSAF documents in %s", realDir)
	}
	out := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = data
	}
	return out
}

// realFilesOptional is the real documents, or none.
func realFilesOptional() [][]byte {
	names, _ := filepath.Glob(filepath.Join(realDir, "*.json"))
	var out [][]byte
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil {
			out = append(out, data)
		}
	}
	return out
}
