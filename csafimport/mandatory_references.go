// The other mandatory tests of CSAF 2.0: purls, languages, translators,
// CVEs, involvements, hashes, and references from remediations and flags:
// 6.1.12, 6.1.13, 6.1.15, 6.1.23 to 6.1.25, 6.1.28, 6.1.29, 6.1.31 to 6.1.33.

package csafimport

import (
	"fmt"
	"strings"
	"time"

	"github.com/package-url/packageurl-go"
	"golang.org/x/text/language"

	"rollcall/csafmodel"
)

// test6113InvalidPURL: CSAF 6.1.13, every package URL of a product
// identification helper is a valid purl.
func test6113InvalidPURL(d *csafmodel.Document) []Fault {
	var out []Fault
	for _, p := range productDefinitions(d) {
		if h := p.fpn.Helper; h != nil && h.PURL != "" {
			if _, err := packageurl.FromString(h.PURL); err != nil {
				out = append(out, fault(p.path+"/product_identification_helper/purl", "CSAF-6.1.13", "invalid purl %q: %v", h.PURL, err))
			}
		}
	}
	return out
}

// test6123MultipleCVE: CSAF 6.1.23, a CVE names one vulnerability only.
func test6123MultipleCVE(d *csafmodel.Document) []Fault {
	first := map[string]int{}
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.CVE == "" {
			continue
		}
		if at, ok := first[v.CVE]; ok {
			out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/cve", i), "CSAF-6.1.23", "multiple use of same CVE %s (also /vulnerabilities/%d/cve)", v.CVE, at))
			continue
		}
		first[v.CVE] = i
	}
	return out
}

// test6112Language: CSAF 6.1.12, document/lang and source_lang are valid
// BCP 47 language tags whose subtags exist (as golang.org/x/text/language
// knows them).
func test6112Language(d *csafmodel.Document) []Fault {
	var out []Fault
	for _, l := range []struct{ key, tag string }{{"lang", d.Document.Lang}, {"source_lang", d.Document.SourceLang}} {
		if l.tag == "" {
			continue
		}
		if _, err := language.Parse(l.tag); err != nil {
			out = append(out, fault("/document/"+l.key, "CSAF-6.1.12", "language: %q is not a valid language tag: %v", l.tag, err))
		}
	}
	return out
}

// test6115Translator: CSAF 6.1.15, a publisher of category translator
// gives the source language.
func test6115Translator(d *csafmodel.Document) []Fault {
	if d.Document.Publisher.Category != "translator" || d.Document.SourceLang != "" {
		return nil
	}
	return []Fault{fault("/document/source_lang", "CSAF-6.1.15", "translator: a publisher of category translator needs source_lang")}
}

// test6124MultipleInvolvements: CSAF 6.1.24, within a vulnerability's
// involvements a party appears at most once per date, whatever its
// status. Dates are compared as instants; two items of the same party
// without a date count as the same date.
func test6124MultipleInvolvements(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		first := map[[2]string]int{}
		for j, inv := range v.Involvements {
			date := inv.Date
			if at, err := time.Parse(time.RFC3339, date); err == nil {
				date = at.UTC().Format(time.RFC3339Nano)
			}
			key := [2]string{inv.Party, date}
			if at, ok := first[key]; ok {
				when := "without a date"
				if inv.Date != "" {
					when = "at " + inv.Date
				}
				out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/involvements/%d", i, j), "CSAF-6.1.24",
					"multiple definition in involvements: party %s %s is also item %d", inv.Party, when, at))
				continue
			}
			first[key] = j
		}
	}
	return out
}

// test6125MultipleHashAlgorithm: CSAF 6.1.25, within one file's hashes
// (one item of a product identification helper's hashes) an algorithm
// is used once. Names are compared exactly.
func test6125MultipleHashAlgorithm(d *csafmodel.Document) []Fault {
	var out []Fault
	for _, p := range productDefinitions(d) {
		if p.fpn.Helper == nil {
			continue
		}
		for j, h := range p.fpn.Helper.Hashes {
			first := map[string]int{}
			for k, fh := range h.FileHashes {
				if at, ok := first[fh.Algorithm]; ok {
					out = append(out, fault(fmt.Sprintf("%s/product_identification_helper/hashes/%d/file_hashes/%d/algorithm", p.path, j, k), "CSAF-6.1.25",
						"multiple use of same hash algorithm %s for one file (also file_hashes/%d)", fh.Algorithm, at))
					continue
				}
				first[fh.Algorithm] = k
			}
		}
	}
	return out
}

// test6128Translation: CSAF 6.1.28, the document language is not the
// source language (tags compared without case).
func test6128Translation(d *csafmodel.Document) []Fault {
	l, s := d.Document.Lang, d.Document.SourceLang
	if l == "" || s == "" || !strings.EqualFold(l, s) {
		return nil
	}
	return []Fault{fault("/document/source_lang", "CSAF-6.1.28", "translation: source_lang %s is the document's lang %s", s, l)}
}

// test6129RemediationWithoutProduct: CSAF 6.1.29, every remediation has
// product_ids or group_ids.
func test6129RemediationWithoutProduct(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, r := range v.Remediations {
			if len(r.ProductIDs) == 0 && len(r.GroupIDs) == 0 {
				out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/remediations/%d", i, j), "CSAF-6.1.29", "remediation without product reference: needs product_ids or group_ids"))
			}
		}
	}
	return out
}

// versionRangeWords are the words that make a product_version name a
// version range (CSAF 6.1.31), besides the operators < and >.
var versionRangeWords = map[string]bool{
	"after": true, "all": true, "before": true, "earlier": true, "later": true, "prior": true, "versions": true,
}

// versionRangeIn is the range operator or word in a product_version
// name, or "".
func versionRangeIn(name string) string {
	lower := strings.ToLower(name)
	if i := strings.IndexAny(lower, "<>"); i >= 0 {
		return lower[i : i+1]
	}
	// Words are what white space separates, as in the OASIS reference
	// validator: "after-eight" and "release_all" are names, not ranges.
	for _, w := range strings.Fields(lower) {
		if versionRangeWords[w] {
			return w
		}
	}
	return ""
}

// test6131VersionRangeInProductVersion: CSAF 6.1.31, the name of a
// product_version branch is one version, not a range: it contains none
// of <, <=, >, >=, and, as words (separated by white space) without
// case, none of after, all, before, earlier, later, prior, versions.
func test6131VersionRangeInProductVersion(d *csafmodel.Document) []Fault {
	if d.ProductTree == nil {
		return nil
	}
	var out []Fault
	var walk func(bs []csafmodel.Branch, path string)
	walk = func(bs []csafmodel.Branch, path string) {
		for i, b := range bs {
			p := fmt.Sprintf("%s/%d", path, i)
			if b.Category == "product_version" {
				if w := versionRangeIn(b.Name); w != "" {
					out = append(out, fault(p+"/name", "CSAF-6.1.31", "version range in product version %q (%q): use a product_version_range branch", b.Name, w))
				}
			}
			walk(b.Branches, p+"/branches")
		}
	}
	walk(d.ProductTree.Branches, "/product_tree/branches")
	return out
}

// test6132FlagWithoutProduct: CSAF 6.1.32, every flag has product_ids or
// group_ids.
func test6132FlagWithoutProduct(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, f := range v.Flags {
			if len(f.ProductIDs) == 0 && len(f.GroupIDs) == 0 {
				out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/flags/%d", i, j), "CSAF-6.1.32", "flag without product reference: needs product_ids or group_ids"))
			}
		}
	}
	return out
}

// test6133MultipleFlags: CSAF 6.1.33, within a vulnerability a product is
// named (directly or through a group) by at most one flag.
func test6133MultipleFlags(d *csafmodel.Document) []Fault {
	groups := groupMembers(d)
	var out []Fault
	for i, v := range d.Vulnerabilities {
		flagOf := map[string]int{}
		for j, f := range v.Flags {
			p := fmt.Sprintf("/vulnerabilities/%d/flags/%d", i, j)
			var refs []idRef
			for _, r := range refsOf(p+"/product_ids", f.ProductIDs) {
				refs = append(refs, idRef{r.path, r.id})
			}
			for _, r := range refsOf(p+"/group_ids", f.GroupIDs) {
				for _, id := range groups[r.id] {
					refs = append(refs, idRef{r.path, id})
				}
			}
			reported := map[string]bool{}
			for _, r := range refs {
				at, ok := flagOf[r.id]
				switch {
				case !ok:
					flagOf[r.id] = j
				case at != j && !reported[r.id]:
					reported[r.id] = true
					out = append(out, fault(r.path, "CSAF-6.1.33", "multiple flags with VEX justification codes per product: %s is also in flag %d", r.id, at))
				}
			}
		}
	}
	return out
}
