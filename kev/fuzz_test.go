package kev_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"rollcall"
	"rollcall/kev"
)

// FuzzParse checks that no input makes Parse panic, and that it either
// refuses the document with an error or returns advisories that are valid,
// one per entry read, with every refusal naming its entry. `go test` runs
// only the seeds: the real catalogue's first entries and broken variants.
func FuzzParse(f *testing.F) {
	var real struct {
		Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(realCatalogue(f), &real); err != nil {
		f.Fatal(err)
	}
	head := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = string(real.Vulnerabilities[i])
		}
		return strings.Join(parts, ",")
	}
	doc := func(count, entries string) []byte {
		return []byte(`{"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2025.08.25",` +
			`"dateReleased":"2025-08-25T17:04:19.9796Z","count":` + count + `,"vulnerabilities":[` + entries + `]}`)
	}
	first := string(real.Vulnerabilities[0])
	f.Add(doc("3", head(3)))
	f.Add(doc("1", head(1)))
	f.Add(doc("0", ""))
	f.Add(doc("2", head(1)))
	f.Add(doc("2", head(1)+","+head(1)))                                                        // a duplicate
	f.Add(doc("1", strings.Replace(first, `"2025-09-15"`, `"2025-09-31"`, 1)))                  // no such day
	f.Add(doc("1", strings.Replace(first, `"CVE-2025-48384"`, `"CVE-25-1"`, 1)))                // not a CVE
	f.Add(doc("1", strings.Replace(first, `"vendorProject": "Git"`, `"vendorProject": ""`, 1))) // no vendor
	f.Add(doc("1", strings.Replace(first, `"CWE-59"`, `59`, 1)))
	f.Add(doc("1", `null`))
	f.Add(doc("1", `{}`))
	f.Add(doc("-1", head(1)))
	f.Add(doc("1e999", head(1)))
	f.Add(doc("1", head(1))[:200])
	f.Add([]byte(`{"catalogVersion":"1","dateReleased":"2024-01-02T10:00:00Z","count":0,"vulnerabilities":{}}`))
	f.Add([]byte(`{"id":"GO-2022-0191"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{} {}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := kev.Parse(data)
		if err != nil {
			if b != nil {
				t.Fatal("got a batch with an error")
			}
			if rollcall.ErrorMessage(err) == "Internal error." {
				t.Fatalf("an error not written for people: %v", err)
			}
			return
		}
		ids := map[string]bool{}
		for _, a := range b.Advisories {
			if err := a.Validate(); err != nil {
				t.Fatalf("Parse accepted an invalid advisory: %v", err)
			}
			if a.Source != "kev" || a.Facts.KEV == nil || len(a.Aliases) != 1 || a.Aliases[0] != a.SourceID || ids[a.SourceID] {
				t.Fatalf("advisory %+v", a)
			}
			ids[a.SourceID] = true
		}
		for _, r := range b.Refused {
			if !strings.HasPrefix(r.Path, "vulnerabilities[") || rollcall.ErrorField(r.Err) != r.Path || rollcall.ErrorMessage(r.Err) == "" {
				t.Fatalf("refusal %+v", r)
			}
		}
		if bytes.Count(data, []byte("{")) < b.Entries() {
			t.Fatalf("%d entries from %d objects", b.Entries(), bytes.Count(data, []byte("{")))
		}
	})
}
