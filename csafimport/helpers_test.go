package csafimport

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"rollcall/csafmodel"
)

// baseDoc is a small valid csaf_base document: Widget 1.2.3 and 1.2.4
// known affected, 1.2.5 fixed, one CVSS v3.1 score, a vendor fix for a
// product group.
const baseDoc = `{
 "document": {
  "category": "csaf_base", "csaf_version": "2.0",
  "publisher": {"category": "vendor", "name": "Example Ltd", "namespace": "https://example.com"},
  "title": "Widget: remote code execution",
  "notes": [{"category": "summary", "text": "Widget runs what it is sent."}],
  "references": [{"category": "external", "summary": "Advisory", "url": "https://example.com/advisories/1"}],
  "tracking": {"id": "EX-2024-0001", "status": "final", "version": "2",
   "initial_release_date": "2024-01-01T00:00:00Z", "current_release_date": "2024-02-01T00:00:00Z",
   "revision_history": [
    {"date": "2024-01-01T00:00:00Z", "number": "1", "summary": "Initial"},
    {"date": "2024-02-01T00:00:00Z", "number": "2", "summary": "Fixed version"}]}
 },
 "product_tree": {
  "branches": [{"category": "vendor", "name": "Example", "branches": [{"category": "product_name", "name": "Widget", "branches": [
   {"category": "product_version", "name": "1.2.3", "product": {"name": "Widget 1.2.3", "product_id": "CSAFPID-1", "product_identification_helper": {"purl": "pkg:npm/widget@1.2.3"}}},
   {"category": "product_version", "name": "1.2.4", "product": {"name": "Widget 1.2.4", "product_id": "CSAFPID-2", "product_identification_helper": {"purl": "pkg:npm/widget@1.2.4"}}},
   {"category": "product_version", "name": "1.2.5", "product": {"name": "Widget 1.2.5", "product_id": "CSAFPID-3", "product_identification_helper": {"purl": "pkg:npm/widget@1.2.5"}}}]}]}],
  "product_groups": [{"group_id": "CSAFGID-1", "product_ids": ["CSAFPID-1", "CSAFPID-2"]}]
 },
 "vulnerabilities": [{
  "cve": "CVE-2024-0001",
  "cwe": {"id": "CWE-94", "name": "Improper Control of Generation of Code ('Code Injection')"},
  "notes": [{"category": "description", "text": "Code injection."}],
  "product_status": {"known_affected": ["CSAFPID-1", "CSAFPID-2"], "fixed": ["CSAFPID-3"]},
  "scores": [{"products": ["CSAFPID-1", "CSAFPID-2"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"}}],
  "remediations": [{"category": "vendor_fix", "details": "Update to 1.2.5.", "group_ids": ["CSAFGID-1"], "url": "https://example.com/widget/1.2.5"}]
 }]
}`

// edit is one change to a document: set the value at a JSON pointer
// ("-" as the last token appends to an array), or delete it (del).
type edit struct {
	path  string
	value any
	del   bool
}

func set(path string, value any) edit { return edit{path: path, value: value} }
func del(path string) edit            { return edit{path: path, del: true} }

// docWith returns baseDoc with the edits made, as JSON.
func docWith(t testing.TB, edits ...edit) []byte {
	t.Helper()
	var root any
	if err := json.Unmarshal([]byte(baseDoc), &root); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		root = apply(t, root, strings.Split(strings.TrimPrefix(e.path, "/"), "/"), e)
	}
	b, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func apply(t testing.TB, node any, tokens []string, e edit) any {
	t.Helper()
	tok, last := tokens[0], len(tokens) == 1
	switch n := node.(type) {
	case map[string]any:
		if last {
			if e.del {
				delete(n, tok)
			} else {
				n[tok] = e.value
			}
			return n
		}
		child, ok := n[tok]
		if !ok {
			child = map[string]any{}
		}
		n[tok] = apply(t, child, tokens[1:], e)
		return n
	case []any:
		if tok == "-" && last {
			return append(n, e.value)
		}
		i, err := strconv.Atoi(tok)
		if err != nil || i >= len(n) {
			t.Fatalf("bad pointer token %q in %s", tok, e.path)
		}
		if last {
			if e.del {
				return append(n[:i], n[i+1:]...)
			}
			n[i] = e.value
			return n
		}
		n[i] = apply(t, n[i], tokens[1:], e)
		return n
	}
	t.Fatalf("cannot follow %s", e.path)
	return nil
}

// decode reads a document into the model without validating it.
func decode(t testing.TB, data []byte) *csafmodel.Document {
	t.Helper()
	var d csafmodel.Document
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// jsonValue parses a JSON literal for an edit.
func jsonValue(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
