// The mandatory tests of CSAF 2.0 about the profiles (document categories):
// 6.1.26 and 6.1.27.1 to 6.1.27.11.

package csafimport

import (
	"fmt"
	"strings"
	"unicode"

	"rollcall/csafmodel"
)

func categoryIs(d *csafmodel.Document, cats ...string) bool {
	for _, c := range cats {
		if d.Document.Category == c {
			return true
		}
	}
	return false
}

// test61271DocumentNotes: CSAF 6.1.27.1, an informational advisory or a
// security incident response has a note of category description,
// details, general or summary.
func test61271DocumentNotes(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_informational_advisory", "csaf_security_incident_response") {
		return nil
	}
	for _, n := range d.Document.Notes {
		switch n.Category {
		case "description", "details", "general", "summary":
			return nil
		}
	}
	return []Fault{fault("/document/notes", "CSAF-6.1.27.1", "document notes: a %s needs a note of category description, details, general or summary", d.Document.Category)}
}

// test61272DocumentReferences: CSAF 6.1.27.2, an informational advisory
// or a security incident response has an external reference.
func test61272DocumentReferences(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_informational_advisory", "csaf_security_incident_response") {
		return nil
	}
	for _, r := range d.Document.References {
		if r.Category == "" || r.Category == "external" {
			return nil
		}
	}
	return []Fault{fault("/document/references", "CSAF-6.1.27.2", "document references: a %s needs a reference of category external", d.Document.Category)}
}

// test61273Vulnerabilities: CSAF 6.1.27.3, an informational advisory
// has no vulnerabilities.
func test61273Vulnerabilities(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_informational_advisory") || d.Vulnerabilities == nil {
		return nil
	}
	return []Fault{fault("/vulnerabilities", "CSAF-6.1.27.3", "vulnerabilities: a csaf_informational_advisory has none")}
}

// test61274ProductTree: CSAF 6.1.27.4, a security advisory or a VEX
// document has a product tree.
func test61274ProductTree(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_security_advisory", "csaf_vex") || d.ProductTree != nil {
		return nil
	}
	return []Fault{fault("/product_tree", "CSAF-6.1.27.4", "product tree: a %s needs one", d.Document.Category)}
}

// test61275VulnerabilityNotes: CSAF 6.1.27.5, in a security advisory or
// a VEX document every vulnerability has notes.
func test61275VulnerabilityNotes(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_security_advisory", "csaf_vex") {
		return nil
	}
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.Notes == nil {
			out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/notes", i), "CSAF-6.1.27.5", "vulnerability notes: a %s needs notes for each vulnerability", d.Document.Category))
		}
	}
	return out
}

// test61276ProductStatus: CSAF 6.1.27.6, in a security advisory every
// vulnerability has a product status.
func test61276ProductStatus(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_security_advisory") {
		return nil
	}
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.ProductStatus == nil {
			out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/product_status", i), "CSAF-6.1.27.6", "product status: a csaf_security_advisory needs one for each vulnerability"))
		}
	}
	return out
}

// test61277VEXProductStatus: CSAF 6.1.27.7, in a VEX document every
// vulnerability has fixed, known_affected, known_not_affected or
// under_investigation.
func test61277VEXProductStatus(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_vex") {
		return nil
	}
	var out []Fault
	for i, v := range d.Vulnerabilities {
		ps := v.ProductStatus
		if ps == nil || (ps.Fixed == nil && ps.KnownAffected == nil && ps.KnownNotAffected == nil && ps.UnderInvestigation == nil) {
			out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/product_status", i), "CSAF-6.1.27.7",
				"VEX product status: needs fixed, known_affected, known_not_affected or under_investigation"))
		}
	}
	return out
}

// test61278VulnerabilityID: CSAF 6.1.27.8, in a VEX document every
// vulnerability has a cve or ids.
func test61278VulnerabilityID(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_vex") {
		return nil
	}
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.CVE == "" && len(v.IDs) == 0 {
			out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d", i), "CSAF-6.1.27.8", "vulnerability id: a csaf_vex vulnerability needs a cve or ids"))
		}
	}
	return out
}

// profileCategories are the document categories of the CSAF 2.0
// profiles.
var profileCategories = map[string]bool{
	"csaf_base": true, "csaf_security_incident_response": true, "csaf_informational_advisory": true,
	"csaf_security_advisory": true, "csaf_vex": true,
}

// prohibitedCategories maps the names a category other than a profile's
// may not have, normalised as by normaliseCategory, to the profile's
// category: each profile's name without csaf_ and title (but CSAF Base's),
// and each profile's category itself, so that "csaf_BASE" and "Csaf_VeX"
// are caught as well as "Security Advisory".
var prohibitedCategories = map[string]string{
	"securityincidentresponse": "csaf_security_incident_response", "informationaladvisory": "csaf_informational_advisory",
	"securityadvisory": "csaf_security_advisory", "vex": "csaf_vex",
	"csafbase": "csaf_base", "csafsecurityincidentresponse": "csaf_security_incident_response",
	"csafinformationaladvisory": "csaf_informational_advisory", "csafsecurityadvisory": "csaf_security_advisory", "csafvex": "csaf_vex",
}

// normaliseCategory lower-cases s and drops dashes and hyphens (of any
// kind: hyphen-minus, hyphen, non-breaking hyphen, figure, en and em
// dash, horizontal bar, minus sign), white space and underscores.
func normaliseCategory(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r == '-' || r == '_' || (r >= '\u2010' && r <= '\u2015') || r == '\u2212' || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// test6126ProhibitedCategoryName: CSAF 6.1.26, a document category that
// is not one of the profiles' is not, compared without case, dashes,
// white space and underscores, the name (without csaf_) or title of a
// profile other than CSAF Base ("Security Advisory", "vex", …), nor a
// profile's category ("csaf_BASE", "Csaf_VeX").
func test6126ProhibitedCategoryName(d *csafmodel.Document) []Fault {
	c := d.Document.Category
	profile, prohibited := prohibitedCategories[normaliseCategory(c)]
	if profileCategories[c] || !prohibited {
		return nil
	}
	return []Fault{fault("/document/category", "CSAF-6.1.26", "prohibited document category name %q: it names a CSAF profile; use its category %s exactly, or another name", c, profile)}
}

// productsOf is the product ids an item names, directly and through its
// groups.
func productsOf(groups map[string][]string, productIDs, groupIDs []string) map[string]bool {
	out := map[string]bool{}
	for _, id := range productIDs {
		out[id] = true
	}
	for _, g := range groupIDs {
		for _, id := range groups[g] {
			out[id] = true
		}
	}
	return out
}

// test61279ImpactStatement: CSAF 6.1.27.9, in a VEX document every known
// not affected product has an impact statement: a flag, or a threat of
// category impact, naming it (directly or through a group).
func test61279ImpactStatement(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_vex") {
		return nil
	}
	groups := groupMembers(d)
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.ProductStatus == nil {
			continue
		}
		covered := map[string]bool{}
		for _, f := range v.Flags {
			for id := range productsOf(groups, f.ProductIDs, f.GroupIDs) {
				covered[id] = true
			}
		}
		for _, t := range v.Threats {
			if t.Category == "impact" {
				for id := range productsOf(groups, t.ProductIDs, t.GroupIDs) {
					covered[id] = true
				}
			}
		}
		for k, id := range v.ProductStatus.KnownNotAffected {
			if !covered[id] {
				out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/product_status/known_not_affected/%d", i, k), "CSAF-6.1.27.9",
					"impact statement: known not affected product %s needs a flag or an impact threat", id))
			}
		}
	}
	return out
}

// test612710ActionStatement: CSAF 6.1.27.10, in a VEX document every
// known affected product has an action statement: a remediation naming
// it (directly or through a group).
func test612710ActionStatement(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_vex") {
		return nil
	}
	groups := groupMembers(d)
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.ProductStatus == nil {
			continue
		}
		covered := map[string]bool{}
		for _, r := range v.Remediations {
			for id := range productsOf(groups, r.ProductIDs, r.GroupIDs) {
				covered[id] = true
			}
		}
		for k, id := range v.ProductStatus.KnownAffected {
			if !covered[id] {
				out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/product_status/known_affected/%d", i, k), "CSAF-6.1.27.10",
					"action statement: known affected product %s needs a remediation", id))
			}
		}
	}
	return out
}

// test612711Vulnerabilities: CSAF 6.1.27.11, a security advisory or a
// VEX document has vulnerabilities.
func test612711Vulnerabilities(d *csafmodel.Document) []Fault {
	if !categoryIs(d, "csaf_security_advisory", "csaf_vex") || d.Vulnerabilities != nil {
		return nil
	}
	return []Fault{fault("/vulnerabilities", "CSAF-6.1.27.11", "vulnerabilities: a %s needs them", d.Document.Category)}
}
