package inventory_test

import (
	"os"
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
)

// parseFile parses a file with Parse, failing the test on error.
func parseFile(t *testing.T, path string, opts inventory.Options) *inventory.Snapshot {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	snap, err := inventory.Parse(f, opts)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return snap
}

// wantError checks err is a rollcall error with code and a field containing
// field (the line or JSON path at fault).
func wantError(t *testing.T, err error, code, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s at %q", code, field)
	}
	if got := rollcall.ErrorCode(err); got != code {
		t.Errorf("got code %q (%v), want %q", got, err, code)
	}
	if got := rollcall.ErrorField(err); !strings.Contains(got, field) {
		t.Errorf("got field %q (%v), want it to contain %q", got, err, field)
	}
}

// findItem returns the item of h named name, failing the test if none.
func findItem(t *testing.T, h inventory.Host, name string) inventory.Item {
	t.Helper()
	for _, it := range h.Software {
		if it.Name == name {
			return it
		}
	}
	t.Fatalf("host %s has no item %q", h.Name, name)
	return inventory.Item{}
}

// hasPURL reports whether h has an item with the purl.
func hasPURL(h inventory.Host, purl string) bool {
	for _, it := range h.Software {
		if it.PURL == purl {
			return true
		}
	}
	return false
}
