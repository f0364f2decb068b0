// The mandatory tests of CSAF 2.0 about versions, status and the revision
// history: 6.1.14, 6.1.16 to 6.1.22 and 6.1.30.

package csafimport

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"rollcall/csafmodel"
)

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

// revisionsByDate sorts the revision history by date, and revisions of
// one date by number: the array's order is not meaningful (two revisions
// released the same day may be listed newest first), so it must not make
// 6.1.14, 6.1.16 or 6.1.21 fail. ok is false when a date or number cannot
// be read (the schema says so), and the ordering tests are then skipped.
func revisionsByDate(d *csafmodel.Document) ([]datedRevision, bool) {
	var out []datedRevision
	for i, r := range d.Document.Tracking.RevisionHistory {
		at, err := time.Parse(time.RFC3339, r.Date)
		n := parseRevNumber(r.Number)
		if err != nil || !n.ok {
			return nil, false
		}
		out = append(out, datedRevision{i, at, n, r.Number})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].at.Equal(out[j].at) {
			return out[i].at.Before(out[j].at)
		}
		return out[i].num.compare(out[j].num) < 0
	})
	return out, true
}

func revPath(i int) string { return fmt.Sprintf("/document/tracking/revision_history/%d/number", i) }

// test6114SortedRevisionHistory: CSAF 6.1.14, sorted by date the revision
// history's numbers ascend.
func test6114SortedRevisionHistory(d *csafmodel.Document) []Fault {
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
func test6116LatestDocumentVersion(d *csafmodel.Document) []Fault {
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
func test6121MissingRevisionItem(d *csafmodel.Document) []Fault {
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
func test6122MultipleRevisionDefinition(d *csafmodel.Document) []Fault {
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

// test6117DocumentStatusDraft: CSAF 6.1.17, a document whose version is
// 0 or 0.y.z or has a pre-release part is a draft.
func test6117DocumentStatusDraft(d *csafmodel.Document) []Fault {
	t := d.Document.Tracking
	v := parseRevNumber(t.Version)
	if !v.ok || t.Status == "draft" || (v.ints[0] != 0 && v.pre == "") {
		return nil
	}
	return []Fault{fault("/document/tracking/status", "CSAF-6.1.17", "document status draft: version %s needs status draft, not %s", t.Version, t.Status)}
}

func finalOrInterim(d *csafmodel.Document) bool {
	s := d.Document.Tracking.Status
	return s == "final" || s == "interim"
}

// test6118ReleasedRevisionHistory: CSAF 6.1.18, a final or interim
// document has no revision numbered 0 or 0.y.z.
func test6118ReleasedRevisionHistory(d *csafmodel.Document) []Fault {
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
func test6119PreReleaseRevision(d *csafmodel.Document) []Fault {
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
func test6120NonDraftVersion(d *csafmodel.Document) []Fault {
	t := d.Document.Tracking
	if n := parseRevNumber(t.Version); !finalOrInterim(d) || !n.ok || n.pre == "" {
		return nil
	}
	return []Fault{fault("/document/tracking/version", "CSAF-6.1.20", "non-draft document version: a %s document's version %s has a pre-release part", t.Status, t.Version)}
}

// test6130MixedVersioning: CSAF 6.1.30, the document version and the
// revision numbers are all integers or all semantic versions. The
// document version sets the scheme (the first readable revision number
// when it cannot be read); each element of the other scheme is a fault.
func test6130MixedVersioning(d *csafmodel.Document) []Fault {
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
