package csafimport

import (
	"errors"
	"testing"
)

// TestSchemaAllowsOtherProperties: the CSAF 2.0 schema does not forbid
// properties it does not define (only a stricter copy used for testing
// does), so a document that carries its own is valid.
func TestSchemaAllowsOtherProperties(t *testing.T) {
	for _, c := range []struct {
		name string
		edit edit
	}{
		{"at the top", set("/x_generator_note", "made by hand")},
		{"in the document", set("/document/x_internal_ref", "TKT-1")},
		{"in the tracking", set("/document/tracking/x_workflow", jsonValue(t, `{"state": "approved"}`))},
		{"in a product", set("/product_tree/branches/0/branches/0/branches/0/product/x_sku", "W-123")},
		{"in a vulnerability", set("/vulnerabilities/0/x_triage", "done")},
		{"in a remediation", set("/vulnerabilities/0/remediations/0/x_ticket", "CHG-9")},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Validate(docWith(t, c.edit)); err != nil {
				t.Errorf("refused: %v", err)
			}
		})
	}
}

// TestSchemaFaultsInCVSS: the CVSS schemas a score must follow are CSAF
// 6.1.8's test, so a fault inside a cvss_v2 or cvss_v3 object is named
// CSAF-6.1.8, and a fault elsewhere stays "schema".
func TestSchemaFaultsInCVSS(t *testing.T) {
	_, err := Validate(docWith(t, del("/vulnerabilities/0/scores/0/cvss_v3/baseSeverity"), del("/document/title")))
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("error %v, want an *InvalidError", err)
	}
	got := map[string]string{}
	for _, f := range inv.Faults {
		got[f.Path] = f.Test
	}
	if got["/vulnerabilities/0/scores/0/cvss_v3"] != "CSAF-6.1.8" || got["/document"] != "schema" {
		t.Errorf("faults %v: want /vulnerabilities/0/scores/0/cvss_v3 named CSAF-6.1.8 and /document named schema", inv.Faults)
	}
}
