package csafimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"rollcall"
	"rollcall/csafmodel"
)

// Fault is one thing wrong with a document: where (a JSON pointer into
// it), which check found it ("schema", or a mandatory test such as
// "CSAF-6.1.1") and what.
type Fault struct {
	Path    string
	Test    string
	Message string
}

func (f Fault) String() string {
	path := f.Path
	if path == "" {
		path = "/"
	}
	return path + ": " + f.Test + " " + f.Message
}

// InvalidError refuses a document and lists every fault found in it.
type InvalidError struct {
	ID     string // the document's tracking id, when it could be read
	Faults []Fault
}

func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Faults))
	for i, f := range e.Faults {
		lines[i] = f.String()
	}
	what := "the document"
	if e.ID != "" {
		what = e.ID
	}
	return fmt.Sprintf("%s is not a valid CSAF 2.0 document (%d faults): %s", what, len(e.Faults), strings.Join(lines, "; "))
}

// maxDocumentBytes bounds one document; the largest vendor advisories are
// a few megabytes.
const maxDocumentBytes = 32 << 20

// Stats counts what a document held that Rollcall cannot match.
type Stats struct {
	// SkippedProducts counts affected products with neither a package URL
	// or CPE and a version Rollcall can read, nor a Windows release with
	// its fixing updates: they are named in Facts.Vendor and
	// Facts.Product for people, not matched against inventories.
	SkippedProducts int
}

// Parse validates one CSAF 2.0 document — against the JSON schema and the
// mandatory tests listed in the package documentation — and maps it to an
// advisory. An invalid document is refused with an *InvalidError listing
// every fault with its JSON path.
func Parse(data []byte) (*rollcall.Advisory, Stats, error) {
	doc, err := Validate(data)
	if err != nil {
		return nil, Stats{}, err
	}
	return mapAdvisory(doc)
}

// Validate checks one document and returns it read.
func Validate(data []byte) (*csafmodel.Document, error) {
	if len(data) > maxDocumentBytes {
		return nil, rollcall.Errorf(rollcall.ETOOLARGE, "The document is larger than %d MiB.", maxDocumentBytes>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, &InvalidError{Faults: []Fault{{Path: "/", Test: "json", Message: fmt.Sprintf("not JSON: %v", err)}}}
	}
	if dec.More() {
		return nil, &InvalidError{Faults: []Fault{{Path: "/", Test: "json", Message: "more than one JSON value"}}}
	}
	faults, err := schemaFaults(raw)
	if err != nil {
		return nil, err // the schema could not be compiled: a fault of this program
	}
	var doc csafmodel.Document
	if err := json.Unmarshal(data, &doc); err != nil {
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) {
			faults = append(faults, Fault{Path: "/", Test: "json", Message: err.Error()})
			return nil, &InvalidError{Faults: faults}
		}
		// A value of the wrong type, which the schema reported: the
		// rest is read, so the mandatory tests still run.
	}
	faults = append(faults, mandatoryTests(&doc)...)
	if len(faults) > 0 {
		sortFaults(faults)
		return nil, &InvalidError{ID: doc.Document.Tracking.ID, Faults: faults}
	}
	return &doc, nil
}

// sortFaults orders faults by path, then test, numbers in paths compared
// as numbers, so /x/2 comes before /x/10.
func sortFaults(fs []Fault) {
	sort.SliceStable(fs, func(i, j int) bool {
		if c := comparePointers(fs[i].Path, fs[j].Path); c != 0 {
			return c < 0
		}
		return fs[i].Test < fs[j].Test
	})
}

func comparePointers(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for k := 0; k < len(as) && k < len(bs); k++ {
		if as[k] == bs[k] {
			continue
		}
		na, okA := atoi(as[k])
		nb, okB := atoi(bs[k])
		if okA && okB {
			if na < nb {
				return -1
			}
			return 1
		}
		return strings.Compare(as[k], bs[k])
	}
	return len(as) - len(bs)
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
