package csafimport

import (
	"testing"
)

// FuzzParse: no document makes Parse panic; a document it accepts maps to
// an advisory that validates. Seeded with the real advisories (when the
// shared folder is there), the base document and broken variants, so it
// runs as a normal test.
func FuzzParse(f *testing.F) {
	f.Add([]byte(baseDoc))
	for _, data := range realFilesOptional() {
		f.Add(data)
	}
	for _, edits := range [][]edit{
		{set("/vulnerabilities/0/product_status/fixed/-", "CSAFPID-9")},
		{set("/product_tree/relationships", []any{map[string]any{"category": "installed_on",
			"full_product_name": map[string]any{"name": "x", "product_id": "CSAFPID-4"}, "product_reference": "CSAFPID-4", "relates_to_product_reference": "CSAFPID-4"}})},
		{set("/vulnerabilities/0/scores/0/cvss_v3/vectorString", "CVSS:3.1/AV:Q")},
		{set("/document/tracking/revision_history", []any{})},
		{set("/document/tracking/revision_history/0/number", "1.0.0-rc.1"), set("/document/tracking/version", "x")},
		{del("/product_tree")},
		{set("/vulnerabilities/0/cve", 7)},
		{set("/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/purl", "pkg:%")},
	} {
		f.Add(docWith(f, edits...))
	}
	f.Add([]byte(`{"document":`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, _, err := Parse(data)
		if err == nil {
			if a == nil {
				t.Fatal("no advisory and no error")
			}
			if err := a.Validate(); err != nil {
				t.Fatalf("accepted an advisory that does not validate: %v", err)
			}
		}
	})
}
