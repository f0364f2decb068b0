package csafimport

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/package-url/packageurl-go"
	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"

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
		test6113InvalidPURL,
		test6114SortedRevisionHistory,
		test6116LatestDocumentVersion,
		test6121MissingRevisionItem,
		test6122MultipleRevisionDefinition,
		test6123MultipleCVE,
		test61271DocumentNotes,
		test61272DocumentReferences,
		test61273Vulnerabilities,
		test61274ProductTree,
		test61275VulnerabilityNotes,
		test61276ProductStatus,
		test61277VEXProductStatus,
		test61278VulnerabilityID,
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
