package csafimport

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The OASIS CSAF TC's validator test documents (testdata/oasis, see its
// README): every document that must pass is imported, every one that must
// fail is refused for the test it names. Every mandatory test of section
// 6.1 is implemented (doc.go), so no test id is skipped; the documents the
// copy here lacks, or holds only in an outdated version, are listed below
// with the reason.

// oasisLater are documents the OASIS folder gained after the stored
// testcases.json was written, with the test each belongs to. The suite
// numbers them as it numbers the rest: -01 to -09 must fail, -11 and up
// must pass.
var oasisLater = []struct {
	name, test string
	valid      bool
}{
	{"01-02", "6.1.1", false}, {"01-11", "6.1.1", true}, {"01-12", "6.1.1", true},
	{"04-02", "6.1.4", false}, {"04-11", "6.1.4", true}, {"04-12", "6.1.4", true},
	{"08-02", "6.1.8", false}, {"08-03", "6.1.8", false},
	{"08-11", "6.1.8", true}, {"08-12", "6.1.8", true}, {"08-13", "6.1.8", true}, {"08-14", "6.1.8", true},
	{"09-02", "6.1.9", false}, {"09-03", "6.1.9", false},
	{"09-11", "6.1.9", true}, {"09-12", "6.1.9", true}, {"09-13", "6.1.9", true},
	{"26-02", "6.1.26", false}, {"26-03", "6.1.26", false}, {"26-04", "6.1.26", false},
	{"26-11", "6.1.26", true}, {"26-12", "6.1.26", true},
}

// oasisOutdated are failing documents held here only in a version from
// before CSAF 2.0 gave the profiles' categories their csaf_ prefix: their
// category ("security_advisory", "vex") is now itself a prohibited name,
// so they are refused by 6.1.26, and the profile test they were written
// for does not apply to them.
var oasisOutdated = map[string]string{
	"27-03-01": "informational_advisory", "27-04-01": "security_advisory", "27-05-01": "security_advisory",
	"27-07-01": "vex", "27-08-01": "vex",
}

// oasisMissing counts the documents testcases.json names that are not
// held here: the index they were copied from had no version of them.
const oasisMissing = 38

func oasisName(short string) string {
	return "mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-" + short + ".json"
}

// oasisShort is the part of a document's name after "6-1-": "27-03-01".
func oasisShort(name string) string {
	_, short, _ := strings.Cut(strings.TrimSuffix(name, ".json"), "2021-6-1-")
	return short
}

func TestOASISTestDocuments(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "oasis", "testcases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var suite struct {
		Tests []struct {
			ID       string `json:"id"`
			Group    string `json:"group"`
			Failures []struct {
				Name string `json:"name"`
			} `json:"failures"`
			Valid []struct {
				Name string `json:"name"`
			} `json:"valid"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(raw, &suite); err != nil {
		t.Fatal(err)
	}
	type docCase struct {
		name, test string
		valid      bool
	}
	var cases []docCase
	for _, tc := range suite.Tests {
		if tc.Group != "mandatory" {
			continue
		}
		for _, f := range tc.Failures {
			cases = append(cases, docCase{f.Name, tc.ID, false})
		}
		for _, v := range tc.Valid {
			cases = append(cases, docCase{v.Name, tc.ID, true})
		}
	}
	for _, l := range oasisLater {
		cases = append(cases, docCase{oasisName(l.name), l.test, l.valid})
	}

	var missing, passed, refused int
	for _, c := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", "oasis", filepath.FromSlash(c.name)))
		if errors.Is(err, os.ErrNotExist) {
			missing++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.test+"/"+oasisShort(c.name), func(t *testing.T) {
			if c.valid {
				if _, _, err := Parse(data); err != nil {
					t.Fatalf("a document that must pass %s is refused: %v", c.test, err)
				}
				passed++
				return
			}
			want := "CSAF-" + c.test
			if cat, ok := oasisOutdated[oasisShort(c.name)]; ok {
				want = "CSAF-6.1.26" // see oasisOutdated
				t.Logf("outdated copy of category %q: want it refused by 6.1.26 instead of %s", cat, c.test)
			}
			_, err := Validate(data)
			var inv *InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("a document that must fail %s: %v, want it refused", c.test, err)
			}
			for _, f := range inv.Faults {
				if f.Test == want {
					refused++
					return
				}
			}
			t.Errorf("refused, but not by %s: %v", want, err)
		})
	}
	if missing != oasisMissing {
		t.Errorf("%d documents testcases.json names are not in testdata/oasis, want %d (update oasisMissing and the README)", missing, oasisMissing)
	}
	t.Logf("%d documents: %d that must pass imported, %d that must fail refused for their test, %d not held here",
		len(cases), passed, refused, missing)
}
