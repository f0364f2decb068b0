package csafimport

import (
	"fmt"

	"rollcall/csafmodel"
)

// mandatoryTests runs the mandatory tests of CSAF 2.0 section 6.1 that
// this package implements (see doc.go), each in its own function.
func mandatoryTests(d *csafmodel.Document) []Fault {
	var out []Fault
	for _, test := range []func(*csafmodel.Document) []Fault{
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
	fpn  *csafmodel.FullProductName
}

// productDefinitions lists every full_product_name of the tree with its
// path, in document order: branches (depth first), full_product_names,
// relationships.
func productDefinitions(d *csafmodel.Document) []definedProduct {
	t := d.ProductTree
	if t == nil {
		return nil
	}
	var out []definedProduct
	var walk func(bs []csafmodel.Branch, path string)
	walk = func(bs []csafmodel.Branch, path string) {
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
func productRefs(d *csafmodel.Document) []idRef {
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
		for _, l := range statusLists(v.ProductStatus) {
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
func groupRefs(d *csafmodel.Document) []idRef {
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
func test611MissingProductID(d *csafmodel.Document) []Fault {
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
func test612MultipleProductID(d *csafmodel.Document) []Fault {
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
func test613CircularProductID(d *csafmodel.Document) []Fault {
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
func test614MissingGroupID(d *csafmodel.Document) []Fault {
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
func test615MultipleGroupID(d *csafmodel.Document) []Fault {
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
func test616ContradictingStatus(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		groupOf := map[string]string{}
		for _, l := range statusLists(v.ProductStatus) {
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

// statusLists names each product status list with its JSON key, in the
// schema's order.
func statusLists(ps *csafmodel.ProductStatus) []struct {
	key string
	ids []string
} {
	if ps == nil {
		return nil
	}
	return []struct {
		key string
		ids []string
	}{
		{"first_affected", ps.FirstAffected}, {"first_fixed", ps.FirstFixed}, {"fixed", ps.Fixed},
		{"known_affected", ps.KnownAffected}, {"known_not_affected", ps.KnownNotAffected},
		{"last_affected", ps.LastAffected}, {"recommended", ps.Recommended},
		{"under_investigation", ps.UnderInvestigation},
	}
}
