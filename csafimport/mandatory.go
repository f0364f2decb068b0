package csafimport

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/package-url/packageurl-go"
	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"
	"golang.org/x/text/language"

	"rollcall"
)

// mandatoryTests runs the mandatory tests of CSAF 2.0 section 6.1 that
// this package implements (see doc.go), each in its own function.
func mandatoryTests(d *document) []Fault {
	var out []Fault
	for _, test := range []func(*document) []Fault{
		test611MissingProductID,
		test612MultipleProductID,
		test613CircularProductID,
		test614MissingGroupID,
		test615MultipleGroupID,
		test616ContradictingStatus,
		test617MultipleScores,
		test618InvalidCVSS,
		test619InvalidCVSSComputation,
		test6110InconsistentCVSS,
		test6111CWE,
		test6112Language,
		test6113InvalidPURL,
		test6114SortedRevisionHistory,
		test6115Translator,
		test6116LatestDocumentVersion,
		test6117DocumentStatusDraft,
		test6118ReleasedRevisionHistory,
		test6119PreReleaseRevision,
		test6120NonDraftVersion,
		test6121MissingRevisionItem,
		test6122MultipleRevisionDefinition,
		test6123MultipleCVE,
		test6124MultipleInvolvements,
		test6125MultipleHashAlgorithm,
		test6126ProhibitedCategoryName,
		test61271DocumentNotes,
		test61272DocumentReferences,
		test61273Vulnerabilities,
		test61274ProductTree,
		test61275VulnerabilityNotes,
		test61276ProductStatus,
		test61277VEXProductStatus,
		test61278VulnerabilityID,
		test61279ImpactStatement,
		test612710ActionStatement,
		test612711Vulnerabilities,
		test6128Translation,
		test6129RemediationWithoutProduct,
		test6130MixedVersioning,
		test6131VersionRangeInProductVersion,
		test6132FlagWithoutProduct,
		test6133MultipleFlags,
	} {
		out = append(out, test(d)...)
	}
	return out
}

func fault(path, test, format string, args ...any) Fault {
	return Fault{Path: path, Test: test, Message: fmt.Sprintf(format, args...)}
}

// definedProduct is one definition of a product id in the product tree.
type definedProduct struct {
	path string // of the full_product_name object
	fpn  *fullProductName
}

// productDefinitions lists every full_product_name of the tree with its
// path, in document order: branches (depth first), full_product_names,
// relationships.
func productDefinitions(d *document) []definedProduct {
	t := d.ProductTree
	if t == nil {
		return nil
	}
	var out []definedProduct
	var walk func(bs []branch, path string)
	walk = func(bs []branch, path string) {
		for i := range bs {
			p := fmt.Sprintf("%s/%d", path, i)
			if bs[i].Product != nil {
				out = append(out, definedProduct{p + "/product", bs[i].Product})
			}
			walk(bs[i].Branches, p+"/branches")
		}
	}
	walk(t.Branches, "/product_tree/branches")
	for i := range t.FullProductNames {
		out = append(out, definedProduct{fmt.Sprintf("/product_tree/full_product_names/%d", i), &t.FullProductNames[i]})
	}
	for i := range t.Relationships {
		out = append(out, definedProduct{fmt.Sprintf("/product_tree/relationships/%d/full_product_name", i), &t.Relationships[i].FullProductName})
	}
	return out
}

// idRef is one use of a product or group id, with its path.
type idRef struct {
	path string
	id   string
}

func refsOf(path string, ids []string) []idRef {
	out := make([]idRef, len(ids))
	for i, id := range ids {
		out[i] = idRef{fmt.Sprintf("%s/%d", path, i), id}
	}
	return out
}

// productRefs lists every use of a product id outside its definitions.
func productRefs(d *document) []idRef {
	var out []idRef
	if t := d.ProductTree; t != nil {
		for i, g := range t.ProductGroups {
			out = append(out, refsOf(fmt.Sprintf("/product_tree/product_groups/%d/product_ids", i), g.ProductIDs)...)
		}
		for i, r := range t.Relationships {
			p := fmt.Sprintf("/product_tree/relationships/%d", i)
			out = append(out, idRef{p + "/product_reference", r.ProductReference}, idRef{p + "/relates_to_product_reference", r.RelatesToProductReference})
		}
	}
	for i, v := range d.Vulnerabilities {
		p := fmt.Sprintf("/vulnerabilities/%d", i)
		for _, l := range v.ProductStatus.lists() {
			out = append(out, refsOf(p+"/product_status/"+l.key, l.ids)...)
		}
		for j, r := range v.Remediations {
			out = append(out, refsOf(fmt.Sprintf("%s/remediations/%d/product_ids", p, j), r.ProductIDs)...)
		}
		for j, s := range v.Scores {
			out = append(out, refsOf(fmt.Sprintf("%s/scores/%d/products", p, j), s.Products)...)
		}
		for j, t := range v.Threats {
			out = append(out, refsOf(fmt.Sprintf("%s/threats/%d/product_ids", p, j), t.ProductIDs)...)
		}
		for j, f := range v.Flags {
			out = append(out, refsOf(fmt.Sprintf("%s/flags/%d/product_ids", p, j), f.ProductIDs)...)
		}
	}
	return out
}

// groupRefs lists every use of a product group id.
func groupRefs(d *document) []idRef {
	var out []idRef
	for i, v := range d.Vulnerabilities {
		p := fmt.Sprintf("/vulnerabilities/%d", i)
		for j, r := range v.Remediations {
			out = append(out, refsOf(fmt.Sprintf("%s/remediations/%d/group_ids", p, j), r.GroupIDs)...)
		}
		for j, t := range v.Threats {
			out = append(out, refsOf(fmt.Sprintf("%s/threats/%d/group_ids", p, j), t.GroupIDs)...)
		}
		for j, f := range v.Flags {
			out = append(out, refsOf(fmt.Sprintf("%s/flags/%d/group_ids", p, j), f.GroupIDs)...)
		}
	}
	return out
}

// test611MissingProductID: CSAF 6.1.1, every product id used is defined
// in the product tree.
func test611MissingProductID(d *document) []Fault {
	defined := map[string]bool{}
	for _, p := range productDefinitions(d) {
		defined[p.fpn.ProductID] = true
	}
	var out []Fault
	for _, r := range productRefs(d) {
		if !defined[r.id] {
			out = append(out, fault(r.path, "CSAF-6.1.1", "missing definition of product id %s", r.id))
		}
	}
	return out
}

// test612MultipleProductID: CSAF 6.1.2, a product id is defined once.
func test612MultipleProductID(d *document) []Fault {
	first := map[string]string{}
	var out []Fault
	for _, p := range productDefinitions(d) {
		id := p.fpn.ProductID
		if at, ok := first[id]; ok {
			out = append(out, fault(p.path+"/product_id", "CSAF-6.1.2", "multiple definition of product id %s (first at %s)", id, at))
			continue
		}
		first[id] = p.path + "/product_id"
	}
	return out
}

// test613CircularProductID: CSAF 6.1.3, a product id defined by a
// relationship does not refer back to itself through relationships.
func test613CircularProductID(d *document) []Fault {
	if d.ProductTree == nil {
		return nil
	}
	rels := d.ProductTree.Relationships
	refs := map[string][]string{} // id defined by a relationship → ids it is made of
	for _, r := range rels {
		id := r.FullProductName.ProductID
		refs[id] = append(refs[id], r.ProductReference, r.RelatesToProductReference)
	}
	var out []Fault
	for i, r := range rels {
		target := r.FullProductName.ProductID
		seen := map[string]bool{}
		stack := []string{r.ProductReference, r.RelatesToProductReference}
		circular := false
		for len(stack) > 0 && !circular {
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if id == target {
				circular = true
				break
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			stack = append(stack, refs[id]...)
		}
		if circular {
			out = append(out, fault(fmt.Sprintf("/product_tree/relationships/%d/full_product_name/product_id", i), "CSAF-6.1.3",
				"circular definition of product id %s", target))
		}
	}
	return out
}

// test614MissingGroupID: CSAF 6.1.4, every product group id used is
// defined in product_tree/product_groups.
func test614MissingGroupID(d *document) []Fault {
	defined := map[string]bool{}
	if d.ProductTree != nil {
		for _, g := range d.ProductTree.ProductGroups {
			defined[g.GroupID] = true
		}
	}
	var out []Fault
	for _, r := range groupRefs(d) {
		if !defined[r.id] {
			out = append(out, fault(r.path, "CSAF-6.1.4", "missing definition of product group id %s", r.id))
		}
	}
	return out
}

// test615MultipleGroupID: CSAF 6.1.5, a product group id is defined once.
func test615MultipleGroupID(d *document) []Fault {
	if d.ProductTree == nil {
		return nil
	}
	first := map[string]int{}
	var out []Fault
	for i, g := range d.ProductTree.ProductGroups {
		if at, ok := first[g.GroupID]; ok {
			out = append(out, fault(fmt.Sprintf("/product_tree/product_groups/%d/group_id", i), "CSAF-6.1.5",
				"multiple definition of product group id %s (first at /product_tree/product_groups/%d/group_id)", g.GroupID, at))
			continue
		}
		first[g.GroupID] = i
	}
	return out
}

// statusGroup is the group of contradicting product statuses a list
// belongs to (CSAF 6.1.6); recommended belongs to none.
var statusGroup = map[string]string{
	"first_affected": "affected", "known_affected": "affected", "last_affected": "affected",
	"known_not_affected": "not affected",
	"first_fixed":        "fixed", "fixed": "fixed",
	"under_investigation": "under investigation",
}

// test616ContradictingStatus: CSAF 6.1.6, within one vulnerability a
// product is in at most one of affected, not affected, fixed and under
// investigation.
func test616ContradictingStatus(d *document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		groupOf := map[string]string{}
		for _, l := range v.ProductStatus.lists() {
			g := statusGroup[l.key]
			if g == "" {
				continue
			}
			for j, id := range l.ids {
				prev, ok := groupOf[id]
				switch {
				case !ok:
					groupOf[id] = g
				case prev != g:
					out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/product_status/%s/%d", i, l.key, j), "CSAF-6.1.6",
						"contradicting product status: %s is both %s and %s", id, prev, g))
				}
			}
		}
	}
	return out
}

// cvssVersionOf is "2.0", "3.0" or "3.1" for a score's CVSS object.
func scoreObjects(s score) []struct {
	key string
	c   *cvssObject
} {
	var out []struct {
		key string
		c   *cvssObject
	}
	if s.CVSSv2 != nil {
		out = append(out, struct {
			key string
			c   *cvssObject
		}{"cvss_v2", s.CVSSv2})
	}
	if s.CVSSv3 != nil {
		out = append(out, struct {
			key string
			c   *cvssObject
		}{"cvss_v3", s.CVSSv3})
	}
	return out
}

// test617MultipleScores: CSAF 6.1.7, a product has at most one score of
// each CVSS version within a vulnerability.
func test617MultipleScores(d *document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		seen := map[[2]string]bool{}
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				ver := o.c.Version
				if o.key == "cvss_v2" {
					ver = "2.0"
				}
				for k, id := range s.Products {
					key := [2]string{id, ver}
					if seen[key] {
						out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/scores/%d/products/%d", i, j, k), "CSAF-6.1.7",
							"multiple scores with same version per product: %s has more than one CVSS v%s score", id, ver))
					}
					seen[key] = true
				}
			}
		}
	}
	return out
}

// computedCVSS is a vector's base score and severity, as the CVSS
// specification of its version computes them.
type computedCVSS struct {
	score    float64
	severity string // upper case as CVSS JSON writes it; "" for v2
	cvss     *rollcall.CVSS
}

// computeCVSS parses a score's vector under its version and computes it;
// the error says what is wrong.
func computeCVSS(key string, c *cvssObject) (computedCVSS, error) {
	vec := strings.TrimSpace(c.VectorString)
	if key == "cvss_v2" {
		v, err := gocvss20.ParseVector(vec)
		if err != nil {
			return computedCVSS{}, fmt.Errorf("%q is not a valid CVSS v2.0 vector: %v", vec, err)
		}
		return computedCVSS{score: v.BaseScore()}, nil
	}
	prefix := "CVSS:" + c.Version + "/"
	if !strings.HasPrefix(vec, prefix) {
		return computedCVSS{}, fmt.Errorf("vector %q does not start with %s as its version %q says", vec, prefix, c.Version)
	}
	switch c.Version {
	case "3.0":
		v, err := gocvss30.ParseVector(vec)
		if err != nil {
			return computedCVSS{}, fmt.Errorf("%q is not a valid CVSS v3.0 vector: %v", vec, err)
		}
		score := v.BaseScore()
		rating, _ := gocvss30.Rating(score)
		title := rating
		if title != "" {
			title = title[:1] + strings.ToLower(title[1:])
		}
		return computedCVSS{score: score, severity: rating,
			cvss: &rollcall.CVSS{Vector: vec, Version: "3.0", Score: score, Rating: title}}, nil
	case "3.1":
		p, err := rollcall.ParseCVSS(vec)
		if err != nil {
			return computedCVSS{}, fmt.Errorf("%s", rollcall.ErrorMessage(err))
		}
		return computedCVSS{score: p.Score, severity: strings.ToUpper(p.Rating), cvss: &p}, nil
	}
	return computedCVSS{}, fmt.Errorf("CVSS version %q is neither 3.0 nor 3.1", c.Version)
}

// test618InvalidCVSS: CSAF 6.1.8, every CVSS vector is valid under its
// version (the rest of the CVSS object is checked by the schema).
func test618InvalidCVSS(d *document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				if _, err := computeCVSS(o.key, o.c); err != nil {
					out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/scores/%d/%s/vectorString", i, j, o.key), "CSAF-6.1.8",
						"invalid CVSS: %v", err))
				}
			}
		}
	}
	return out
}

// test619InvalidCVSSComputation: CSAF 6.1.9, the base score (and for v3
// the base severity) is what the vector computes to. Temporal and
// environmental scores are not checked.
func test619InvalidCVSSComputation(d *document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				got, err := computeCVSS(o.key, o.c)
				if err != nil {
					continue // 6.1.8's fault
				}
				p := fmt.Sprintf("/vulnerabilities/%d/scores/%d/%s", i, j, o.key)
				if o.c.BaseScore != nil {
					if given, err := o.c.BaseScore.Float64(); err == nil && math.Abs(given-got.score) > 1e-9 {
						out = append(out, fault(p+"/baseScore", "CSAF-6.1.9", "invalid CVSS computation: base score %v, but the vector computes to %.1f", given, got.score))
					}
				}
				if got.severity != "" && o.c.BaseSeverity != "" && o.c.BaseSeverity != got.severity {
					out = append(out, fault(p+"/baseSeverity", "CSAF-6.1.9", "invalid CVSS computation: base severity %s, but the vector's score %.1f is %s", o.c.BaseSeverity, got.score, got.severity))
				}
			}
		}
	}
	return out
}

// test6113InvalidPURL: CSAF 6.1.13, every package URL of a product
// identification helper is a valid purl.
func test6113InvalidPURL(d *document) []Fault {
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

// revNumber is a revision number: an integer, or a semantic version.
type revNumber struct {
	ints  [3]int
	pre   string
	isInt bool
	ok    bool
}

func parseRevNumber(s string) revNumber {
	s, _, _ = strings.Cut(s, "+") // build metadata is ignored
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return revNumber{ints: [3]int{n}, isInt: true, ok: true}
	}
	core, pre, _ := strings.Cut(s, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return revNumber{}
	}
	var r revNumber
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return revNumber{}
		}
		r.ints[i] = n
	}
	r.pre, r.ok = pre, true
	return r
}

// compare orders revision numbers; a pre-release sorts before its
// release, and pre-releases by their text (enough for ordering checks).
func (a revNumber) compare(b revNumber) int {
	for i := range a.ints {
		if a.ints[i] != b.ints[i] {
			if a.ints[i] < b.ints[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case a.pre == b.pre:
		return 0
	case a.pre == "":
		return 1
	case b.pre == "":
		return -1
	}
	return strings.Compare(a.pre, b.pre)
}

// datedRevision is a revision history item with its index.
type datedRevision struct {
	index int
	at    time.Time
	num   revNumber
	raw   string
}

// revisionsByDate sorts the revision history by date (stably, so equal
// dates keep document order); ok is false when a date or number cannot be
// read (the schema says so), and the ordering tests are then skipped.
func revisionsByDate(d *document) ([]datedRevision, bool) {
	var out []datedRevision
	for i, r := range d.Document.Tracking.RevisionHistory {
		at, err := time.Parse(time.RFC3339, r.Date)
		n := parseRevNumber(r.Number)
		if err != nil || !n.ok {
			return nil, false
		}
		out = append(out, datedRevision{i, at, n, r.Number})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out, true
}

func revPath(i int) string { return fmt.Sprintf("/document/tracking/revision_history/%d/number", i) }

// test6114SortedRevisionHistory: CSAF 6.1.14, sorted by date the revision
// history's numbers ascend.
func test6114SortedRevisionHistory(d *document) []Fault {
	revs, ok := revisionsByDate(d)
	if !ok {
		return nil
	}
	var out []Fault
	for k := 1; k < len(revs); k++ {
		if revs[k].num.compare(revs[k-1].num) < 0 {
			out = append(out, fault(revPath(revs[k].index), "CSAF-6.1.14", "sorted revision history: version %s is dated after version %s", revs[k].raw, revs[k-1].raw))
		}
	}
	return out
}

// test6116LatestDocumentVersion: CSAF 6.1.16, the document version is the
// number of the latest revision (build metadata ignored; the pre-release
// part too while the document is a draft).
func test6116LatestDocumentVersion(d *document) []Fault {
	revs, ok := revisionsByDate(d)
	if !ok || len(revs) == 0 {
		return nil
	}
	latest := revs[len(revs)-1].num
	version := parseRevNumber(d.Document.Tracking.Version)
	if !version.ok {
		return nil
	}
	if d.Document.Tracking.Status == "draft" {
		latest.pre, version.pre = "", ""
	}
	if latest.compare(version) != 0 || latest.isInt != version.isInt {
		return []Fault{fault("/document/tracking/version", "CSAF-6.1.16", "latest document version %s does not match the revision history's latest number %s",
			d.Document.Tracking.Version, revs[len(revs)-1].raw)}
	}
	return nil
}

// test6121MissingRevisionItem: CSAF 6.1.21, sorted by date the revision
// history starts at 0 or 1 and skips no (major) version.
func test6121MissingRevisionItem(d *document) []Fault {
	revs, ok := revisionsByDate(d)
	if !ok || len(revs) == 0 {
		return nil
	}
	var out []Fault
	if first := revs[0].num.ints[0]; first > 1 {
		out = append(out, fault(revPath(revs[0].index), "CSAF-6.1.21", "missing item in revision history: the first version is %s, not 0 or 1", revs[0].raw))
	}
	for k := 1; k < len(revs); k++ {
		if prev, cur := revs[k-1].num.ints[0], revs[k].num.ints[0]; cur > prev+1 {
			out = append(out, fault(revPath(revs[k].index), "CSAF-6.1.21", "missing item in revision history: version %d is missing before %s", prev+1, revs[k].raw))
		}
	}
	return out
}

// test6122MultipleRevisionDefinition: CSAF 6.1.22, no revision number is
// given twice.
func test6122MultipleRevisionDefinition(d *document) []Fault {
	first := map[string]int{}
	var out []Fault
	for i, r := range d.Document.Tracking.RevisionHistory {
		if at, ok := first[r.Number]; ok {
			out = append(out, fault(revPath(i), "CSAF-6.1.22", "multiple definition in revision history: version %s is also item %d", r.Number, at))
			continue
		}
		first[r.Number] = i
	}
	return out
}

// test6123MultipleCVE: CSAF 6.1.23, a CVE names one vulnerability only.
func test6123MultipleCVE(d *document) []Fault {
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

func categoryIs(d *document, cats ...string) bool {
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
func test61271DocumentNotes(d *document) []Fault {
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
func test61272DocumentReferences(d *document) []Fault {
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
func test61273Vulnerabilities(d *document) []Fault {
	if !categoryIs(d, "csaf_informational_advisory") || d.Vulnerabilities == nil {
		return nil
	}
	return []Fault{fault("/vulnerabilities", "CSAF-6.1.27.3", "vulnerabilities: a csaf_informational_advisory has none")}
}

// test61274ProductTree: CSAF 6.1.27.4, a security advisory or a VEX
// document has a product tree.
func test61274ProductTree(d *document) []Fault {
	if !categoryIs(d, "csaf_security_advisory", "csaf_vex") || d.ProductTree != nil {
		return nil
	}
	return []Fault{fault("/product_tree", "CSAF-6.1.27.4", "product tree: a %s needs one", d.Document.Category)}
}

// test61275VulnerabilityNotes: CSAF 6.1.27.5, in a security advisory or
// a VEX document every vulnerability has notes.
func test61275VulnerabilityNotes(d *document) []Fault {
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
func test61276ProductStatus(d *document) []Fault {
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
func test61277VEXProductStatus(d *document) []Fault {
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
func test61278VulnerabilityID(d *document) []Fault {
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

// cvssMetric is one metric of a CVSS vector with the property of the
// CVSS JSON object that repeats it: abbr is its key in the vector, values
// maps the vector's value to the property's. An optional (temporal or
// environmental) metric missing from the vector is NOT_DEFINED.
type cvssMetric struct {
	abbr     string
	prop     string
	get      func(*cvssObject) string
	values   map[string]string
	optional bool
}

var (
	v3AV    = map[string]string{"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "P": "PHYSICAL"}
	v3LH    = map[string]string{"L": "LOW", "H": "HIGH"}
	v3NLH   = map[string]string{"N": "NONE", "L": "LOW", "H": "HIGH"}
	v3UI    = map[string]string{"N": "NONE", "R": "REQUIRED"}
	v3S     = map[string]string{"U": "UNCHANGED", "C": "CHANGED"}
	v3E     = map[string]string{"X": "NOT_DEFINED", "U": "UNPROVEN", "P": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH"}
	v3RL    = map[string]string{"X": "NOT_DEFINED", "O": "OFFICIAL_FIX", "T": "TEMPORARY_FIX", "W": "WORKAROUND", "U": "UNAVAILABLE"}
	v3RC    = map[string]string{"X": "NOT_DEFINED", "U": "UNKNOWN", "R": "REASONABLE", "C": "CONFIRMED"}
	v3Req   = map[string]string{"X": "NOT_DEFINED", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
	v2AV    = map[string]string{"L": "LOCAL", "A": "ADJACENT_NETWORK", "N": "NETWORK"}
	v2AC    = map[string]string{"H": "HIGH", "M": "MEDIUM", "L": "LOW"}
	v2Au    = map[string]string{"M": "MULTIPLE", "S": "SINGLE", "N": "NONE"}
	v2Imp   = map[string]string{"N": "NONE", "P": "PARTIAL", "C": "COMPLETE"}
	v2E     = map[string]string{"ND": "NOT_DEFINED", "U": "UNPROVEN", "POC": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH"}
	v2RL    = map[string]string{"ND": "NOT_DEFINED", "OF": "OFFICIAL_FIX", "TF": "TEMPORARY_FIX", "W": "WORKAROUND", "U": "UNAVAILABLE"}
	v2RC    = map[string]string{"ND": "NOT_DEFINED", "UC": "UNCONFIRMED", "UR": "UNCORROBORATED", "C": "CONFIRMED"}
	v2CDP   = map[string]string{"ND": "NOT_DEFINED", "N": "NONE", "L": "LOW", "LM": "LOW_MEDIUM", "MH": "MEDIUM_HIGH", "H": "HIGH"}
	v2TD    = map[string]string{"ND": "NOT_DEFINED", "N": "NONE", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
	v2Req   = map[string]string{"ND": "NOT_DEFINED", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
	withNot = func(m map[string]string) map[string]string {
		out := map[string]string{"X": "NOT_DEFINED"}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
)

var cvss3Metrics = []cvssMetric{
	{"AV", "attackVector", func(c *cvssObject) string { return c.AttackVector }, v3AV, false},
	{"AC", "attackComplexity", func(c *cvssObject) string { return c.AttackComplexity }, v3LH, false},
	{"PR", "privilegesRequired", func(c *cvssObject) string { return c.PrivilegesRequired }, v3NLH, false},
	{"UI", "userInteraction", func(c *cvssObject) string { return c.UserInteraction }, v3UI, false},
	{"S", "scope", func(c *cvssObject) string { return c.Scope }, v3S, false},
	{"C", "confidentialityImpact", func(c *cvssObject) string { return c.ConfidentialityImpact }, v3NLH, false},
	{"I", "integrityImpact", func(c *cvssObject) string { return c.IntegrityImpact }, v3NLH, false},
	{"A", "availabilityImpact", func(c *cvssObject) string { return c.AvailabilityImpact }, v3NLH, false},
	{"E", "exploitCodeMaturity", func(c *cvssObject) string { return c.ExploitCodeMaturity }, v3E, true},
	{"RL", "remediationLevel", func(c *cvssObject) string { return c.RemediationLevel }, v3RL, true},
	{"RC", "reportConfidence", func(c *cvssObject) string { return c.ReportConfidence }, v3RC, true},
	{"CR", "confidentialityRequirement", func(c *cvssObject) string { return c.ConfidentialityRequirement }, v3Req, true},
	{"IR", "integrityRequirement", func(c *cvssObject) string { return c.IntegrityRequirement }, v3Req, true},
	{"AR", "availabilityRequirement", func(c *cvssObject) string { return c.AvailabilityRequirement }, v3Req, true},
	{"MAV", "modifiedAttackVector", func(c *cvssObject) string { return c.ModifiedAttackVector }, withNot(v3AV), true},
	{"MAC", "modifiedAttackComplexity", func(c *cvssObject) string { return c.ModifiedAttackComplexity }, withNot(v3LH), true},
	{"MPR", "modifiedPrivilegesRequired", func(c *cvssObject) string { return c.ModifiedPrivilegesRequired }, withNot(v3NLH), true},
	{"MUI", "modifiedUserInteraction", func(c *cvssObject) string { return c.ModifiedUserInteraction }, withNot(v3UI), true},
	{"MS", "modifiedScope", func(c *cvssObject) string { return c.ModifiedScope }, withNot(v3S), true},
	{"MC", "modifiedConfidentialityImpact", func(c *cvssObject) string { return c.ModifiedConfidentialityImpact }, withNot(v3NLH), true},
	{"MI", "modifiedIntegrityImpact", func(c *cvssObject) string { return c.ModifiedIntegrityImpact }, withNot(v3NLH), true},
	{"MA", "modifiedAvailabilityImpact", func(c *cvssObject) string { return c.ModifiedAvailabilityImpact }, withNot(v3NLH), true},
}

var cvss2Metrics = []cvssMetric{
	{"AV", "accessVector", func(c *cvssObject) string { return c.AccessVector }, v2AV, false},
	{"AC", "accessComplexity", func(c *cvssObject) string { return c.AccessComplexity }, v2AC, false},
	{"Au", "authentication", func(c *cvssObject) string { return c.Authentication }, v2Au, false},
	{"C", "confidentialityImpact", func(c *cvssObject) string { return c.ConfidentialityImpact }, v2Imp, false},
	{"I", "integrityImpact", func(c *cvssObject) string { return c.IntegrityImpact }, v2Imp, false},
	{"A", "availabilityImpact", func(c *cvssObject) string { return c.AvailabilityImpact }, v2Imp, false},
	{"E", "exploitability", func(c *cvssObject) string { return c.Exploitability }, v2E, true},
	{"RL", "remediationLevel", func(c *cvssObject) string { return c.RemediationLevel }, v2RL, true},
	{"RC", "reportConfidence", func(c *cvssObject) string { return c.ReportConfidence }, v2RC, true},
	{"CDP", "collateralDamagePotential", func(c *cvssObject) string { return c.CollateralDamagePotential }, v2CDP, true},
	{"TD", "targetDistribution", func(c *cvssObject) string { return c.TargetDistribution }, v2TD, true},
	{"CR", "confidentialityRequirement", func(c *cvssObject) string { return c.ConfidentialityRequirement }, v2Req, true},
	{"IR", "integrityRequirement", func(c *cvssObject) string { return c.IntegrityRequirement }, v2Req, true},
	{"AR", "availabilityRequirement", func(c *cvssObject) string { return c.AvailabilityRequirement }, v2Req, true},
}

// test6110InconsistentCVSS: CSAF 6.1.10, the metric properties given in
// a CVSS object (attackVector, scope, exploitCodeMaturity, …) say what
// its vectorString says; a temporal or environmental metric the vector
// leaves out is NOT_DEFINED. Vectors 6.1.8 refuses are skipped.
func test6110InconsistentCVSS(d *document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				if _, err := computeCVSS(o.key, o.c); err != nil {
					continue // 6.1.8's fault
				}
				vec := strings.TrimSpace(o.c.VectorString)
				metrics := cvss2Metrics
				if o.key == "cvss_v3" {
					_, vec, _ = strings.Cut(vec, "/") // the CVSS:3.x prefix
					metrics = cvss3Metrics
				}
				inVector := map[string]string{}
				for _, part := range strings.Split(vec, "/") {
					if k, val, ok := strings.Cut(part, ":"); ok {
						inVector[k] = val
					}
				}
				for _, m := range metrics {
					given := m.get(o.c)
					if given == "" {
						continue
					}
					abbr, ok := inVector[m.abbr]
					want := m.values[abbr]
					if !ok && m.optional {
						want, abbr = "NOT_DEFINED", "absent"
					}
					if given != want {
						out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/scores/%d/%s/%s", i, j, o.key, m.prop), "CSAF-6.1.10",
							"inconsistent CVSS: %s is %s, but the vector's %s is %s (%s)", m.prop, given, m.abbr, abbr, want))
					}
				}
			}
		}
	}
	return out
}

// test6111CWE: CSAF 6.1.11, a vulnerability's CWE has an id of the form
// CWE-n and a name. The standard also wants the id to exist in the CWE
// catalogue and the name to be its name there; the catalogue is not
// embedded, so neither is checked.
func test6111CWE(d *document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.CWE == nil {
			continue
		}
		p := fmt.Sprintf("/vulnerabilities/%d/cwe", i)
		if !isCWEID(v.CWE.ID) {
			out = append(out, fault(p+"/id", "CSAF-6.1.11", "CWE: id %q is not of the form CWE-n", v.CWE.ID))
		}
		if strings.TrimSpace(v.CWE.Name) == "" {
			out = append(out, fault(p+"/name", "CSAF-6.1.11", "CWE: %s has no name", v.CWE.ID))
		}
	}
	return out
}

// isCWEID is whether s is "CWE-" and a number without leading zeros.
func isCWEID(s string) bool {
	n, ok := strings.CutPrefix(s, "CWE-")
	if !ok || n == "" || n[0] == '0' || len(n) > 9 {
		return false
	}
	_, isNum := atoi(n)
	return isNum
}

// test6112Language: CSAF 6.1.12, document/lang and source_lang are valid
// BCP 47 language tags whose subtags exist (as golang.org/x/text/language
// knows them).
func test6112Language(d *document) []Fault {
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
func test6115Translator(d *document) []Fault {
	if d.Document.Publisher.Category != "translator" || d.Document.SourceLang != "" {
		return nil
	}
	return []Fault{fault("/document/source_lang", "CSAF-6.1.15", "translator: a publisher of category translator needs source_lang")}
}

// test6117DocumentStatusDraft: CSAF 6.1.17, a document whose version is
// 0 or 0.y.z or has a pre-release part is a draft.
func test6117DocumentStatusDraft(d *document) []Fault {
	t := d.Document.Tracking
	v := parseRevNumber(t.Version)
	if !v.ok || t.Status == "draft" || (v.ints[0] != 0 && v.pre == "") {
		return nil
	}
	return []Fault{fault("/document/tracking/status", "CSAF-6.1.17", "document status draft: version %s needs status draft, not %s", t.Version, t.Status)}
}

func finalOrInterim(d *document) bool {
	s := d.Document.Tracking.Status
	return s == "final" || s == "interim"
}

// test6118ReleasedRevisionHistory: CSAF 6.1.18, a final or interim
// document has no revision numbered 0 or 0.y.z.
func test6118ReleasedRevisionHistory(d *document) []Fault {
	if !finalOrInterim(d) {
		return nil
	}
	var out []Fault
	for i, r := range d.Document.Tracking.RevisionHistory {
		if n := parseRevNumber(r.Number); n.ok && n.ints[0] == 0 {
			out = append(out, fault(revPath(i), "CSAF-6.1.18", "released revision history: a %s document has no version %s", d.Document.Tracking.Status, r.Number))
		}
	}
	return out
}

// test6119PreReleaseRevision: CSAF 6.1.19, no revision number has a
// pre-release part (whatever the status).
func test6119PreReleaseRevision(d *document) []Fault {
	var out []Fault
	for i, r := range d.Document.Tracking.RevisionHistory {
		if n := parseRevNumber(r.Number); n.ok && n.pre != "" {
			out = append(out, fault(revPath(i), "CSAF-6.1.19", "revision history entries for pre-release versions: version %s has the pre-release part %s", r.Number, n.pre))
		}
	}
	return out
}

// test6120NonDraftVersion: CSAF 6.1.20, the version of a final or interim
// document has no pre-release part.
func test6120NonDraftVersion(d *document) []Fault {
	t := d.Document.Tracking
	if n := parseRevNumber(t.Version); !finalOrInterim(d) || !n.ok || n.pre == "" {
		return nil
	}
	return []Fault{fault("/document/tracking/version", "CSAF-6.1.20", "non-draft document version: a %s document's version %s has a pre-release part", t.Status, t.Version)}
}

// test6124MultipleInvolvements: CSAF 6.1.24, within a vulnerability's
// involvements a party appears at most once per date, whatever its
// status. Dates are compared as instants; two items of the same party
// without a date count as the same date.
func test6124MultipleInvolvements(d *document) []Fault {
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
func test6125MultipleHashAlgorithm(d *document) []Fault {
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

// profileCategories are the document categories of the CSAF 2.0
// profiles.
var profileCategories = map[string]bool{
	"csaf_base": true, "csaf_security_incident_response": true, "csaf_informational_advisory": true,
	"csaf_security_advisory": true, "csaf_vex": true,
}

// prohibitedCategories are the names (without csaf_) and titles of the
// profiles other than CSAF Base, normalised as by normaliseCategory.
var prohibitedCategories = map[string]bool{
	"securityincidentresponse": true, "informationaladvisory": true, "securityadvisory": true, "vex": true,
}

// normaliseCategory lower-cases s and drops hyphens, minus signs, white
// space and underscores.
func normaliseCategory(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r == '-' || r == '_' || r == '\u2010' || r == '\u2011' || r == '\u2212' || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// test6126ProhibitedCategoryName: CSAF 6.1.26, a document category that
// is not one of the profiles' is not, compared without case, hyphens,
// white space and underscores, the name (without csaf_) or title of a
// profile other than CSAF Base ("Security Advisory", "vex", …).
func test6126ProhibitedCategoryName(d *document) []Fault {
	c := d.Document.Category
	if profileCategories[c] || !prohibitedCategories[normaliseCategory(c)] {
		return nil
	}
	return []Fault{fault("/document/category", "CSAF-6.1.26", "prohibited document category name %q: it names a CSAF profile; use its category csaf_%s or another name", c, profileName(normaliseCategory(c)))}
}

func profileName(norm string) string {
	switch norm {
	case "securityincidentresponse":
		return "security_incident_response"
	case "informationaladvisory":
		return "informational_advisory"
	case "securityadvisory":
		return "security_advisory"
	}
	return norm
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
func test61279ImpactStatement(d *document) []Fault {
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
func test612710ActionStatement(d *document) []Fault {
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
func test612711Vulnerabilities(d *document) []Fault {
	if !categoryIs(d, "csaf_security_advisory", "csaf_vex") || d.Vulnerabilities != nil {
		return nil
	}
	return []Fault{fault("/vulnerabilities", "CSAF-6.1.27.11", "vulnerabilities: a %s needs them", d.Document.Category)}
}

// test6128Translation: CSAF 6.1.28, the document language is not the
// source language (tags compared without case).
func test6128Translation(d *document) []Fault {
	l, s := d.Document.Lang, d.Document.SourceLang
	if l == "" || s == "" || !strings.EqualFold(l, s) {
		return nil
	}
	return []Fault{fault("/document/source_lang", "CSAF-6.1.28", "translation: source_lang %s is the document's lang %s", s, l)}
}

// test6129RemediationWithoutProduct: CSAF 6.1.29, every remediation has
// product_ids or group_ids.
func test6129RemediationWithoutProduct(d *document) []Fault {
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

// test6130MixedVersioning: CSAF 6.1.30, the document version and the
// revision numbers are all integers or all semantic versions. The
// document version sets the scheme (the first readable revision number
// when it cannot be read); each element of the other scheme is a fault.
func test6130MixedVersioning(d *document) []Fault {
	t := d.Document.Tracking
	type elem struct {
		path, raw string
		n         revNumber
	}
	elems := []elem{{"/document/tracking/version", t.Version, parseRevNumber(t.Version)}}
	for i, r := range t.RevisionHistory {
		elems = append(elems, elem{revPath(i), r.Number, parseRevNumber(r.Number)})
	}
	var ref *elem
	for k := range elems {
		if elems[k].n.ok {
			ref = &elems[k]
			break
		}
	}
	if ref == nil {
		return nil
	}
	scheme := func(isInt bool) string {
		if isInt {
			return "integer"
		}
		return "semantic"
	}
	var out []Fault
	for _, e := range elems {
		if e.n.ok && e.n.isInt != ref.n.isInt {
			out = append(out, fault(e.path, "CSAF-6.1.30", "mixed integer and semantic versioning: %s is %s versioning, but %s (%s) is %s",
				e.raw, scheme(e.n.isInt), ref.raw, ref.path, scheme(ref.n.isInt)))
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
	for _, w := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if versionRangeWords[w] {
			return w
		}
	}
	return ""
}

// test6131VersionRangeInProductVersion: CSAF 6.1.31, the name of a
// product_version branch is one version, not a range: it contains none
// of <, <=, >, >=, and, as whole words without case, none of after,
// all, before, earlier, later, prior, versions.
func test6131VersionRangeInProductVersion(d *document) []Fault {
	if d.ProductTree == nil {
		return nil
	}
	var out []Fault
	var walk func(bs []branch, path string)
	walk = func(bs []branch, path string) {
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
func test6132FlagWithoutProduct(d *document) []Fault {
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
func test6133MultipleFlags(d *document) []Fault {
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
