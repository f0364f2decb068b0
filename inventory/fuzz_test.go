package inventory_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"rollcall/inventory"
)

// FuzzParse checks that no input makes Parse panic, and that whatever it
// accepts is valid and survives a round trip through WriteJSON. `go test`
// runs only the seeds: the fixtures in testdata.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("host,software_name\na,b\n"))
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a","purl":"pkg:npm/a@1"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		snap, err := inventory.Parse(bytes.NewReader(data), inventory.Options{Host: "fuzz"})
		if err != nil {
			if snap != nil {
				t.Fatal("got a snapshot with an error")
			}
			return
		}
		if err := snap.Validate(); err != nil {
			t.Fatalf("Parse accepted an invalid snapshot: %v", err)
		}
		var buf bytes.Buffer
		if err := inventory.WriteJSON(&buf, snap); err != nil {
			t.Fatal(err)
		}
		if _, err := inventory.Parse(&buf, inventory.Options{}); err != nil {
			t.Fatalf("WriteJSON's output does not parse: %v", err)
		}
	})
}
