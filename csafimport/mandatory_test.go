package csafimport

import (
	"fmt"
	"strings"
	"testing"

	"rollcall/csafmodel"
)

// TestMandatoryTests gives each implemented test of CSAF 2.0 section 6.1
// a failing document (with the fault's path) and a passing one.
func TestMandatoryTests(t *testing.T) {
	const widget = "/product_tree/branches/0/branches/0/branches"
	rel := func(ref, to string) string {
		return fmt.Sprintf(`[{"category": "default_component_of", "full_product_name": {"name": "Widget on Box", "product_id": "CSAFPID-4"},
			"product_reference": %q, "relates_to_product_reference": %q}]`, ref, to)
	}
	// Two revisions of one date, listed newest first: ordered by date,
	// then number, they are 1 then 2. A function, as a later edit may
	// change the value it sets.
	sameDate := func(more ...edit) []edit {
		return append([]edit{
			set("/document/tracking/revision_history", jsonValue(t, `[{"date": "2024-02-01T00:00:00Z", "number": "2", "summary": "Fixed version"},
				{"date": "2024-02-01T00:00:00Z", "number": "1", "summary": "Initial"}]`)),
			set("/document/tracking/initial_release_date", "2024-02-01T00:00:00Z")}, more...)
	}
	cases := []struct {
		name     string
		test     func(*csafmodel.Document) []Fault
		fail     []edit
		wantPath string
		pass     []edit
	}{
		{"6.1.1", test611MissingProductID,
			[]edit{set("/vulnerabilities/0/product_status/known_affected/-", "CSAFPID-9")}, "/vulnerabilities/0/product_status/known_affected/2", nil},
		{"6.1.2", test612MultipleProductID,
			[]edit{set(widget+"/1/product/product_id", "CSAFPID-1")}, widget + "/1/product/product_id", nil},
		{"6.1.3", test613CircularProductID,
			[]edit{set("/product_tree/relationships", jsonValue(t, rel("CSAFPID-4", "CSAFPID-1")))}, "/product_tree/relationships/0/full_product_name/product_id",
			[]edit{set("/product_tree/relationships", jsonValue(t, rel("CSAFPID-2", "CSAFPID-1")))}},
		{"6.1.4", test614MissingGroupID,
			[]edit{set("/vulnerabilities/0/remediations/0/group_ids/0", "CSAFGID-9")}, "/vulnerabilities/0/remediations/0/group_ids/0", nil},
		{"6.1.5", test615MultipleGroupID,
			[]edit{set("/product_tree/product_groups/-", jsonValue(t, `{"group_id": "CSAFGID-1", "product_ids": ["CSAFPID-2", "CSAFPID-3"]}`))}, "/product_tree/product_groups/1/group_id",
			[]edit{set("/product_tree/product_groups/-", jsonValue(t, `{"group_id": "CSAFGID-2", "product_ids": ["CSAFPID-2", "CSAFPID-3"]}`))}},
		{"6.1.6", test616ContradictingStatus,
			[]edit{set("/vulnerabilities/0/product_status/fixed/-", "CSAFPID-1")}, "/vulnerabilities/0/product_status/known_affected/0",
			[]edit{set("/vulnerabilities/0/product_status/recommended", []any{"CSAFPID-3"})}},
		{"6.1.7", test617MultipleScores,
			[]edit{set("/vulnerabilities/0/scores/-", jsonValue(t, `{"products": ["CSAFPID-2"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", "baseScore": 9.1, "baseSeverity": "CRITICAL"}}`))},
			"/vulnerabilities/0/scores/1/products/0",
			[]edit{set("/vulnerabilities/0/scores/-", jsonValue(t, `{"products": ["CSAFPID-2"], "cvss_v3": {"version": "3.0", "vectorString": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"}}`))}},
		{"6.1.8", test618InvalidCVSS,
			[]edit{set("/vulnerabilities/0/scores/0/cvss_v3/vectorString", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")}, "/vulnerabilities/0/scores/0/cvss_v3/vectorString", nil},
		{"6.1.9", test619InvalidCVSSComputation,
			[]edit{set("/vulnerabilities/0/scores/0/cvss_v3/baseScore", 7.5)}, "/vulnerabilities/0/scores/0/cvss_v3/baseScore", nil},
		{"6.1.13", test6113InvalidPURL,
			[]edit{set(widget+"/2/product/product_identification_helper/purl", "pkg:npm/@1.2.5")}, widget + "/2/product/product_identification_helper/purl", nil},
		{"6.1.14", test6114SortedRevisionHistory,
			[]edit{set("/document/tracking/revision_history/0/date", "2024-03-01T00:00:00Z")}, "/document/tracking/revision_history/0/number", nil},
		{"6.1.14", test6114SortedRevisionHistory,
			[]edit{set("/document/tracking/revision_history/0/date", "2024-03-01T00:00:00Z")}, "/document/tracking/revision_history/0/number", sameDate()},
		{"6.1.16", test6116LatestDocumentVersion,
			[]edit{set("/document/tracking/version", "1")}, "/document/tracking/version",
			[]edit{set("/document/tracking/version", "2+build.7")}},
		{"6.1.16", test6116LatestDocumentVersion,
			sameDate(set("/document/tracking/version", "1")), "/document/tracking/version", sameDate()},
		{"6.1.21", test6121MissingRevisionItem,
			[]edit{set("/document/tracking/revision_history/1/number", "3"), set("/document/tracking/version", "3")}, "/document/tracking/revision_history/1/number", nil},
		{"6.1.21", test6121MissingRevisionItem,
			sameDate(set("/document/tracking/revision_history/0/number", "3"), set("/document/tracking/version", "3")), "/document/tracking/revision_history/0/number", sameDate()},
		{"6.1.22", test6122MultipleRevisionDefinition,
			[]edit{set("/document/tracking/revision_history/1/number", "1")}, "/document/tracking/revision_history/1/number", nil},
		{"6.1.23", test6123MultipleCVE,
			[]edit{set("/vulnerabilities/-", jsonValue(t, `{"cve": "CVE-2024-0001"}`))}, "/vulnerabilities/1/cve",
			[]edit{set("/vulnerabilities/-", jsonValue(t, `{"cve": "CVE-2024-0002"}`))}},
		{"6.1.27.1", test61271DocumentNotes,
			[]edit{set("/document/category", "csaf_informational_advisory"), set("/document/notes/0/category", "legal_disclaimer")}, "/document/notes",
			[]edit{set("/document/category", "csaf_informational_advisory")}},
		{"6.1.27.2", test61272DocumentReferences,
			[]edit{set("/document/category", "csaf_informational_advisory"), set("/document/references/0/category", "self")}, "/document/references",
			[]edit{set("/document/category", "csaf_informational_advisory")}},
		{"6.1.27.3", test61273Vulnerabilities,
			[]edit{set("/document/category", "csaf_informational_advisory")}, "/vulnerabilities",
			[]edit{set("/document/category", "csaf_informational_advisory"), del("/vulnerabilities")}},
		{"6.1.27.4", test61274ProductTree,
			[]edit{set("/document/category", "csaf_security_advisory"), del("/product_tree")}, "/product_tree",
			[]edit{set("/document/category", "csaf_security_advisory")}},
		{"6.1.27.5", test61275VulnerabilityNotes,
			[]edit{set("/document/category", "csaf_security_advisory"), del("/vulnerabilities/0/notes")}, "/vulnerabilities/0/notes",
			[]edit{set("/document/category", "csaf_security_advisory")}},
		{"6.1.27.6", test61276ProductStatus,
			[]edit{set("/document/category", "csaf_security_advisory"), del("/vulnerabilities/0/product_status")}, "/vulnerabilities/0/product_status",
			[]edit{set("/document/category", "csaf_security_advisory")}},
		{"6.1.27.7", test61277VEXProductStatus,
			[]edit{set("/document/category", "csaf_vex"), set("/vulnerabilities/0/product_status", jsonValue(t, `{"recommended": ["CSAFPID-3"]}`))}, "/vulnerabilities/0/product_status",
			[]edit{set("/document/category", "csaf_vex")}},
		{"6.1.27.8", test61278VulnerabilityID,
			[]edit{set("/document/category", "csaf_vex"), del("/vulnerabilities/0/cve")}, "/vulnerabilities/0",
			[]edit{set("/document/category", "csaf_vex")}},
		{"6.1.10", test6110InconsistentCVSS,
			[]edit{set("/vulnerabilities/0/scores/0/cvss_v3/attackVector", "LOCAL")}, "/vulnerabilities/0/scores/0/cvss_v3/attackVector",
			[]edit{set("/vulnerabilities/0/scores/0/cvss_v3/attackVector", "NETWORK"), set("/vulnerabilities/0/scores/0/cvss_v3/exploitCodeMaturity", "NOT_DEFINED")}},
		{"6.1.10", test6110InconsistentCVSS,
			[]edit{set("/vulnerabilities/0/scores/0/cvss_v3/modifiedScope", "CHANGED")}, "/vulnerabilities/0/scores/0/cvss_v3/modifiedScope",
			[]edit{set("/vulnerabilities/0/scores/0/cvss_v3/vectorString", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:C"), set("/vulnerabilities/0/scores/0/cvss_v3/modifiedScope", "CHANGED")}},
		{"6.1.10", test6110InconsistentCVSS,
			[]edit{set("/vulnerabilities/0/scores/-", jsonValue(t, `{"products": ["CSAFPID-3"], "cvss_v2": {"version": "2.0", "vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P", "baseScore": 7.5, "accessComplexity": "HIGH"}}`))},
			"/vulnerabilities/0/scores/1/cvss_v2/accessComplexity",
			[]edit{set("/vulnerabilities/0/scores/-", jsonValue(t, `{"products": ["CSAFPID-3"], "cvss_v2": {"version": "2.0", "vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC", "baseScore": 7.5, "accessComplexity": "LOW", "exploitability": "PROOF_OF_CONCEPT", "targetDistribution": "NOT_DEFINED"}}`))}},
		{"6.1.11", test6111CWE,
			[]edit{set("/vulnerabilities/0/cwe/id", "CWE-094")}, "/vulnerabilities/0/cwe/id", nil},
		{"6.1.11", test6111CWE,
			[]edit{set("/vulnerabilities/0/cwe/name", " ")}, "/vulnerabilities/0/cwe/name",
			[]edit{set("/vulnerabilities/0/cwe", jsonValue(t, `{"id": "CWE-1321", "name": "Improperly Controlled Modification of Object Prototype Attributes ('Prototype Pollution')"}`))}},
		{"6.1.11", test6111CWE,
			[]edit{set("/vulnerabilities/0/cwe/id", "CWE-99999")}, "/vulnerabilities/0/cwe/id",
			[]edit{set("/vulnerabilities/0/cwe", jsonValue(t, `{"id": "CWE-79", "name": "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"}`))}},
		{"6.1.11", test6111CWE,
			[]edit{set("/vulnerabilities/0/cwe", jsonValue(t, `{"id": "CWE-79", "name": "Improper Input Validation"}`))}, "/vulnerabilities/0/cwe/name",
			// The name CWE 1.x gave it: a document written then is not refused.
			[]edit{set("/vulnerabilities/0/cwe", jsonValue(t, `{"id": "CWE-79", "name": "Failure to Preserve Web Page Structure ('Cross-site Scripting')"}`))}},
		{"6.1.12", test6112Language,
			[]edit{set("/document/lang", "EZ")}, "/document/lang",
			[]edit{set("/document/lang", "en-GB"), set("/document/source_lang", "de")}},
		{"6.1.12", test6112Language,
			[]edit{set("/document/lang", "en"), set("/document/source_lang", "jp")}, "/document/source_lang",
			[]edit{set("/document/lang", "en"), set("/document/source_lang", "ja")}},
		{"6.1.15", test6115Translator,
			[]edit{set("/document/publisher/category", "translator"), set("/document/lang", "en")}, "/document/source_lang",
			[]edit{set("/document/publisher/category", "translator"), set("/document/lang", "en"), set("/document/source_lang", "de")}},
		{"6.1.17", test6117DocumentStatusDraft,
			[]edit{set("/document/tracking/version", "0.9.0")}, "/document/tracking/status",
			[]edit{set("/document/tracking/version", "0.9.0"), set("/document/tracking/status", "draft")}},
		{"6.1.17", test6117DocumentStatusDraft,
			[]edit{set("/document/tracking/version", "2.0.0-rc.1"), set("/document/tracking/status", "interim")}, "/document/tracking/status",
			[]edit{set("/document/tracking/version", "2.0.0+build.1")}},
		{"6.1.18", test6118ReleasedRevisionHistory,
			[]edit{set("/document/tracking/revision_history/0/number", "0")}, "/document/tracking/revision_history/0/number",
			[]edit{set("/document/tracking/revision_history/0/number", "0"), set("/document/tracking/status", "draft")}},
		{"6.1.19", test6119PreReleaseRevision,
			[]edit{set("/document/tracking/revision_history/0/number", "1.0.0-rc.1"), set("/document/tracking/revision_history/1/number", "1.0.0"), set("/document/tracking/version", "1.0.0")},
			"/document/tracking/revision_history/0/number",
			[]edit{set("/document/tracking/revision_history/0/number", "0.9.0+rc-1"), set("/document/tracking/revision_history/1/number", "1.0.0"), set("/document/tracking/version", "1.0.0")}},
		{"6.1.20", test6120NonDraftVersion,
			[]edit{set("/document/tracking/version", "2.0.0-rc.1")}, "/document/tracking/version",
			[]edit{set("/document/tracking/version", "2.0.0-rc.1"), set("/document/tracking/status", "draft")}},
		{"6.1.24", test6124MultipleInvolvements,
			[]edit{set("/vulnerabilities/0/involvements", jsonValue(t, `[{"party": "vendor", "status": "in_progress", "date": "2024-01-01T00:00:00Z"}, {"party": "vendor", "status": "completed", "date": "2024-01-01T01:00:00+01:00"}]`))},
			"/vulnerabilities/0/involvements/1",
			[]edit{set("/vulnerabilities/0/involvements", jsonValue(t, `[{"party": "vendor", "status": "in_progress", "date": "2024-01-01T00:00:00Z"}, {"party": "vendor", "status": "completed", "date": "2024-02-01T00:00:00Z"}, {"party": "discoverer", "status": "completed", "date": "2024-02-01T00:00:00Z"}]`))}},
		{"6.1.25", test6125MultipleHashAlgorithm,
			[]edit{set(widget+"/0/product/product_identification_helper/hashes", jsonValue(t, `[{"filename": "widget.tgz", "file_hashes": [
				{"algorithm": "sha256", "value": "4775203615d9534a8bfca96a93dc8b461a489f69124a130d786b42204f3341cc"},
				{"algorithm": "sha256", "value": "9ea4c8200113d49d26505da0e02e2f49055dc078d1ad7a419b32e291c7afebbb"}]}]`))},
			widget + "/0/product/product_identification_helper/hashes/0/file_hashes/1/algorithm",
			[]edit{set(widget+"/0/product/product_identification_helper/hashes", jsonValue(t, `[{"filename": "widget.tgz", "file_hashes": [
				{"algorithm": "sha256", "value": "4775203615d9534a8bfca96a93dc8b461a489f69124a130d786b42204f3341cc"},
				{"algorithm": "sha512", "value": "9ea4c8200113d49d26505da0e02e2f49055dc078d1ad7a419b32e291c7afebbb"}]},
				{"filename": "widget.zip", "file_hashes": [{"algorithm": "sha256", "value": "9ea4c8200113d49d26505da0e02e2f49055dc078d1ad7a419b32e291c7afebbb"}]}]`))}},
		{"6.1.26", test6126ProhibitedCategoryName,
			[]edit{set("/document/category", "Security_Incident_Response")}, "/document/category",
			[]edit{set("/document/category", "Example Company Security Notice")}},
		{"6.1.26", test6126ProhibitedCategoryName,
			[]edit{set("/document/category", "Informational Advisory")}, "/document/category",
			[]edit{set("/document/category", "csaf_informational_advisory")}},
		{"6.1.26", test6126ProhibitedCategoryName,
			[]edit{set("/document/category", "csaf_BASE")}, "/document/category",
			[]edit{set("/document/category", "csaf_base")}},
		{"6.1.26", test6126ProhibitedCategoryName,
			[]edit{set("/document/category", "Csaf_VeX")}, "/document/category",
			[]edit{set("/document/category", "csaf_vex")}},
		{"6.1.26", test6126ProhibitedCategoryName,
			[]edit{set("/document/category", "CSAF Security\u2013Advisory")}, "/document/category",
			[]edit{set("/document/category", "Security Advisory Notice")}},
		{"6.1.27.9", test61279ImpactStatement,
			[]edit{set("/document/category", "csaf_vex"), set("/vulnerabilities/0/product_status/known_not_affected", []any{"CSAFPID-3"}), del("/vulnerabilities/0/product_status/fixed")},
			"/vulnerabilities/0/product_status/known_not_affected/0",
			[]edit{set("/document/category", "csaf_vex"), set("/vulnerabilities/0/product_status/known_not_affected", []any{"CSAFPID-3"}), del("/vulnerabilities/0/product_status/fixed"),
				set("/vulnerabilities/0/flags", jsonValue(t, `[{"label": "component_not_present", "product_ids": ["CSAFPID-3"]}]`))}},
		{"6.1.27.9", test61279ImpactStatement,
			[]edit{set("/document/category", "csaf_vex"), set("/vulnerabilities/0/product_status", jsonValue(t, `{"known_not_affected": ["CSAFPID-1", "CSAFPID-2"]}`)),
				set("/vulnerabilities/0/threats", jsonValue(t, `[{"category": "exploit_status", "details": "None known.", "group_ids": ["CSAFGID-1"]}]`))},
			"/vulnerabilities/0/product_status/known_not_affected/0",
			[]edit{set("/document/category", "csaf_vex"), set("/vulnerabilities/0/product_status", jsonValue(t, `{"known_not_affected": ["CSAFPID-1", "CSAFPID-2"]}`)),
				set("/vulnerabilities/0/threats", jsonValue(t, `[{"category": "impact", "details": "The code is never reached.", "group_ids": ["CSAFGID-1"]}]`))}},
		{"6.1.27.10", test612710ActionStatement,
			[]edit{set("/document/category", "csaf_vex"), del("/vulnerabilities/0/remediations/0/group_ids"), set("/vulnerabilities/0/remediations/0/product_ids", []any{"CSAFPID-1"})},
			"/vulnerabilities/0/product_status/known_affected/1",
			[]edit{set("/document/category", "csaf_vex")}},
		{"6.1.27.11", test612711Vulnerabilities,
			[]edit{set("/document/category", "csaf_security_advisory"), del("/vulnerabilities")}, "/vulnerabilities",
			[]edit{set("/document/category", "csaf_security_advisory")}},
		{"6.1.27.11", test612711Vulnerabilities,
			[]edit{set("/document/category", "csaf_vex"), del("/vulnerabilities")}, "/vulnerabilities",
			[]edit{set("/document/category", "csaf_base"), del("/vulnerabilities")}},
		{"6.1.28", test6128Translation,
			[]edit{set("/document/lang", "en-US"), set("/document/source_lang", "en-us")}, "/document/source_lang",
			[]edit{set("/document/lang", "en-US"), set("/document/source_lang", "de-DE")}},
		{"6.1.29", test6129RemediationWithoutProduct,
			[]edit{del("/vulnerabilities/0/remediations/0/group_ids")}, "/vulnerabilities/0/remediations/0",
			[]edit{del("/vulnerabilities/0/remediations/0/group_ids"), set("/vulnerabilities/0/remediations/0/product_ids", []any{"CSAFPID-1", "CSAFPID-2"})}},
		{"6.1.30", test6130MixedVersioning,
			[]edit{set("/document/tracking/revision_history/1/number", "2.0.0")}, "/document/tracking/revision_history/1/number",
			[]edit{set("/document/tracking/revision_history/0/number", "1.0.0"), set("/document/tracking/revision_history/1/number", "2.0.0"), set("/document/tracking/version", "2.0.0")}},
		{"6.1.31", test6131VersionRangeInProductVersion,
			[]edit{set(widget+"/0/name", "prior to 1.2.4")}, widget + "/0/name",
			[]edit{set(widget+"/0/name", "1.2.3-firewall-install")}},
		{"6.1.31", test6131VersionRangeInProductVersion,
			[]edit{set(widget+"/0/name", "1.4 and later")}, widget + "/0/name",
			[]edit{set(widget+"/0/name", "after-eight")}},
		{"6.1.31", test6131VersionRangeInProductVersion,
			[]edit{set(widget+"/0/name", "3.X versions")}, widget + "/0/name",
			[]edit{set(widget+"/0/name", "release_all.1")}},
		{"6.1.31", test6131VersionRangeInProductVersion,
			[]edit{set(widget+"/1/name", "<=1.2.4")}, widget + "/1/name", nil},
		{"6.1.32", test6132FlagWithoutProduct,
			[]edit{set("/vulnerabilities/0/flags", jsonValue(t, `[{"label": "component_not_present"}]`))}, "/vulnerabilities/0/flags/0",
			[]edit{set("/vulnerabilities/0/flags", jsonValue(t, `[{"label": "component_not_present", "product_ids": ["CSAFPID-3"]}]`))}},
		{"6.1.33", test6133MultipleFlags,
			[]edit{set("/vulnerabilities/0/flags", jsonValue(t, `[{"label": "component_not_present", "product_ids": ["CSAFPID-1"]}, {"label": "vulnerable_code_not_present", "group_ids": ["CSAFGID-1"]}]`))},
			"/vulnerabilities/0/flags/1/group_ids/0",
			[]edit{set("/vulnerabilities/0/flags", jsonValue(t, `[{"label": "component_not_present", "product_ids": ["CSAFPID-3"]}, {"label": "vulnerable_code_not_present", "group_ids": ["CSAFGID-1"]}]`))}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			faults := c.test(decode(t, docWith(t, c.fail...)))
			if len(faults) == 0 {
				t.Fatalf("failing document: no fault")
			}
			f := faults[0]
			if f.Path != c.wantPath || f.Test != "CSAF-"+c.name {
				t.Errorf("fault %q, want path %s and test CSAF-%s", f, c.wantPath, c.name)
			}
			if got := c.test(decode(t, docWith(t, c.pass...))); len(got) != 0 {
				t.Errorf("passing document: %v", got)
			}
			// The whole check refuses the failing document with this
			// fault among its faults.
			_, err := Validate(docWith(t, c.fail...))
			if err == nil || !strings.Contains(err.Error(), f.String()) {
				t.Errorf("Validate: %v\nwant it to list %q", err, f)
			}
		})
	}
}

func TestFaultString(t *testing.T) {
	f := Fault{Path: "/vulnerabilities/0/product_status/fixed/2", Test: "CSAF-6.1.1", Message: "missing definition of product id CSAFPID-9"}
	if got, want := f.String(), "/vulnerabilities/0/product_status/fixed/2: CSAF-6.1.1 missing definition of product id CSAFPID-9"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
