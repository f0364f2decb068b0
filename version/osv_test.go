package version

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// goOSVZip is the Go vulnerability database in OSV's bulk layout; read
// in place, never copied into the repository.
const goOSVZip = "../../shared/data/osv/Go/all.zip"

type osvRecord struct {
	ID       string `json:"id"`
	Affected []struct {
		Package struct {
			Ecosystem string `json:"ecosystem"`
			Name      string `json:"name"`
		} `json:"package"`
		Ranges   []OSVRange `json:"ranges"`
		Versions []string   `json:"versions"`
	} `json:"affected"`
}

// readGoOSV returns every record of the Go OSV database, by id.
func readGoOSV(t *testing.T) map[string]osvRecord {
	t.Helper()
	zr, err := zip.OpenReader(goOSVZip)
	if err != nil {
		t.Skipf("Go OSV database not available: %v", err)
	}
	defer zr.Close()
	records := map[string]osvRecord{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		var rec osvRecord
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		records[rec.ID] = rec
	}
	return records
}

// osvAffected is the OSV schema's own evaluation of one range, literally.
func osvAffected(t *testing.T, s Scheme, r OSVRange, v string) bool {
	var limits []string
	for _, e := range r.Events {
		if e.Limit != "" {
			limits = append(limits, e.Limit)
		}
	}
	if len(limits) > 0 {
		before := false
		for _, l := range limits {
			if l == "*" || mustCompare(t, s, v, l) < 0 {
				before = true
			}
		}
		if !before {
			return false
		}
	}
	affected := false
	events := sortedEvents(t, s, r.Events)
	for _, e := range events {
		switch {
		case e.Introduced != "" && (e.Introduced == "0" || mustCompare(t, s, v, e.Introduced) >= 0):
			affected = true
		case e.Fixed != "" && mustCompare(t, s, v, e.Fixed) >= 0:
			affected = false
		case e.LastAffected != "" && mustCompare(t, s, v, e.LastAffected) > 0:
			affected = false
		}
	}
	return affected
}

func sortedEvents(t *testing.T, s Scheme, events []OSVEvent) []OSVEvent {
	key := func(e OSVEvent) string { return e.Introduced + e.Fixed + e.LastAffected }
	out := append([]OSVEvent(nil), events...)
	for i := 1; i < len(out); i++ { // insertion sort: stable, few events
		for j := i; j > 0; j-- {
			a, b := key(out[j-1]), key(out[j])
			if b == "0" && a != "0" || a != "0" && b != "0" && a != "" && b != "" && mustCompare(t, s, b, a) < 0 {
				out[j-1], out[j] = out[j], out[j-1]
			}
		}
	}
	return out
}

// TestFromOSVGoDatabase converts every Go record and checks each event's
// version, and its neighbours, against the OSV schema's own evaluation.
func TestFromOSVGoDatabase(t *testing.T) {
	records := readGoOSV(t)
	if len(records) < 1000 {
		t.Fatalf("read %d records, want the whole database", len(records))
	}
	converted := 0
	for id, rec := range records {
		for i, a := range rec.Affected {
			s, ok := SchemeForOSVEcosystem(a.Package.Ecosystem)
			if !ok || s != Golang {
				t.Fatalf("%s affected[%d]: ecosystem %q is not Go", id, i, a.Package.Ecosystem)
			}
			if len(a.Ranges) == 0 && len(a.Versions) == 0 {
				continue
			}
			r, err := FromOSV(s, a.Ranges, a.Versions)
			if errors.Is(err, ErrNotVersionRange) {
				continue
			}
			if err != nil {
				t.Errorf("%s affected[%d]: %v", id, i, err)
				continue
			}
			converted++
			for _, or := range a.Ranges {
				for _, e := range or.Events {
					for _, v := range probes(e) {
						want := NotAffected
						for _, any := range a.Ranges {
							if osvAffected(t, s, any, v) {
								want = Affected
							}
						}
						for _, listed := range a.Versions {
							if mustCompare(t, s, v, listed) == 0 {
								want = Affected
							}
						}
						if got := r.Contains(v); got != want {
							_, why := r.Explain(v)
							t.Errorf("%s: %s contains %q = %v (%s), OSV says %v", id, r, v, got, why, want)
						}
					}
				}
			}
		}
	}
	t.Logf("converted %d affected entries of %d records", converted, len(records))
}

// probes returns versions at and around an event's version.
func probes(e OSVEvent) []string {
	v := e.Introduced + e.Fixed + e.LastAffected + e.Limit
	if v == "0" || v == "*" {
		return []string{"0.0.0", "0.0.0-0"}
	}
	base, _, _ := strings.Cut(v, "+")
	out := []string{v, "v" + v}
	if !strings.Contains(base, "-") {
		out = append(out, base+"-0", base+"-rc.1", base+"+meta")
	}
	return out
}

func TestFromOSVKnownRecords(t *testing.T) {
	records := readGoOSV(t)
	tests := []struct {
		id, pkg string
		want    map[string]Verdict
	}{
		{"GO-2022-0191", "stdlib", map[string]Verdict{ // introduced 0, fixed 1.10.6, introduced 1.11.0-0, fixed 1.11.3
			"1.0.0":    Affected,
			"1.10.5":   Affected,
			"1.10.6":   NotAffected,
			"v1.10.7":  NotAffected,
			"1.10.99":  NotAffected, // just below introduced 1.11.0-0
			"1.11.0":   Affected,
			"1.11.2":   Affected,
			"1.11.3":   NotAffected, // at fixed
			"1.12.0":   NotAffected,
			"go1.11.2": Unknown,
		}},
		{"GO-2021-0072", "github.com/docker/distribution", map[string]Verdict{ // introduced 0, fixed 2.7.0-rc.0+incompatible
			"v2.6.2+incompatible":      Affected,
			"v2.7.0-beta.1":            Affected,
			"v2.7.0-rc.0+incompatible": NotAffected,
			"v2.7.0":                   NotAffected,
			"v2.8.1+incompatible":      NotAffected,
		}},
		{"GO-2020-0004", "github.com/nanobox-io/golang-nanoauth", map[string]Verdict{ // pseudo-versions
			"v0.0.0-20160101000000-000000000000": NotAffected, // just below introduced
			"v0.0.0-20160722212129-ac0cc4484ad4": Affected,    // at introduced
			"v0.0.0-20180101000000-abcdefabcdef": Affected,
			"v0.0.0-20200131131040-063a3fb69896": NotAffected, // at fixed
			"v0.0.1":                             NotAffected,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			rec, ok := records[tt.id]
			if !ok {
				t.Fatalf("%s not in the database", tt.id)
			}
			var r Range
			for _, a := range rec.Affected {
				if a.Package.Name == tt.pkg {
					var err error
					if r, err = FromOSV(Golang, a.Ranges, a.Versions); err != nil {
						t.Fatal(err)
					}
				}
			}
			for v, want := range tt.want {
				if got, why := r.Explain(v); got != want {
					t.Errorf("%s contains %q = %v (%s), want %v", r, v, got, why, want)
				}
			}
		})
	}
}

func TestFromOSV(t *testing.T) {
	ev := func(kind, v string) OSVEvent {
		switch kind {
		case "introduced":
			return OSVEvent{Introduced: v}
		case "fixed":
			return OSVEvent{Fixed: v}
		case "last_affected":
			return OSVEvent{LastAffected: v}
		}
		return OSVEvent{Limit: v}
	}
	tests := []struct {
		name     string
		scheme   Scheme
		ranges   []OSVRange
		versions []string
		want     string
	}{
		{"from the beginning", NPM, []OSVRange{{Type: "SEMVER", Events: []OSVEvent{ev("introduced", "0"), ev("fixed", "1.2.3")}}}, nil, "vers:npm/<1.2.3"},
		{"never fixed", NPM, []OSVRange{{Type: "SEMVER", Events: []OSVEvent{ev("introduced", "1.0.0")}}}, nil, "vers:npm/>=1.0.0"},
		{"everything", NPM, []OSVRange{{Type: "SEMVER", Events: []OSVEvent{ev("introduced", "0")}}}, nil, "vers:npm/*"},
		{"last affected", PyPI, []OSVRange{{Type: "ECOSYSTEM", Events: []OSVEvent{ev("introduced", "1.0"), ev("last_affected", "1.4")}}}, nil, "vers:pypi/>=1.0|<=1.4"},
		{"two intervals, unsorted events", NPM, []OSVRange{{Type: "SEMVER", Events: []OSVEvent{ev("fixed", "2.1.0"), ev("introduced", "2.0.0"), ev("introduced", "1.0.0"), ev("fixed", "1.2.3")}}}, nil, "vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0"},
		{"overlapping ranges merge", NPM, []OSVRange{
			{Type: "SEMVER", Events: []OSVEvent{ev("introduced", "1.0.0"), ev("fixed", "1.5.0")}},
			{Type: "SEMVER", Events: []OSVEvent{ev("introduced", "1.5.0"), ev("fixed", "2.0.0")}},
		}, nil, "vers:npm/>=1.0.0|<2.0.0"},
		{"limit caps", Deb, []OSVRange{{Type: "ECOSYSTEM", Events: []OSVEvent{ev("introduced", "0"), ev("limit", "2.0-1")}}}, nil, "vers:deb/<2.0-1"},
		{"versions list", PyPI, nil, []string{"1.1", "1.0", "2.0"}, "vers:pypi/1.0|1.1|2.0"},
		{"versions inside and beside a range", PyPI, []OSVRange{{Type: "ECOSYSTEM", Events: []OSVEvent{ev("introduced", "1.0"), ev("fixed", "1.2")}}}, []string{"1.1", "1.2", "3.0"}, "vers:pypi/>=1.0|<=1.2|3.0"},
		{"deb epoch", Deb, []OSVRange{{Type: "ECOSYSTEM", Events: []OSVEvent{ev("introduced", "0"), ev("fixed", "1:2.4.2-1")}}}, nil, "vers:deb/<1:2.4.2-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := FromOSV(tt.scheme, tt.ranges, tt.versions)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.String(); got != tt.want {
				t.Errorf("FromOSV = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFromOSVErrors(t *testing.T) {
	git := OSVRange{Type: "GIT", Repo: "https://example.org/x.git", Events: []OSVEvent{{Introduced: "0"}, {Fixed: "abc123"}}}
	if _, err := FromOSV(Golang, []OSVRange{git}, nil); !errors.Is(err, ErrNotVersionRange) {
		t.Errorf("GIT range: %v, want ErrNotVersionRange", err)
	}
	if git.IsVersionRange() {
		t.Error("GIT range reports itself as a version range")
	}
	bad := OSVRange{Type: "SEMVER", Events: []OSVEvent{{Introduced: "0"}, {Fixed: "master"}}}
	if _, err := FromOSV(Golang, []OSVRange{bad}, nil); !errors.Is(err, ErrUnparseable) || !strings.Contains(err.Error(), `"master" is not a valid golang version`) {
		t.Errorf("bad fixed version: %v", err)
	}
	two := OSVRange{Type: "SEMVER", Events: []OSVEvent{{Introduced: "1.0.0", Fixed: "2.0.0"}}}
	if _, err := FromOSV(Golang, []OSVRange{two}, nil); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("event with two fields: %v, want ErrInvalidRange", err)
	}
	if _, err := FromOSV(Golang, nil, nil); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("nothing: %v, want ErrInvalidRange", err)
	}
	empty := OSVRange{Type: "SEMVER", Events: []OSVEvent{{Fixed: "1.0.0"}}}
	if _, err := FromOSV(Golang, []OSVRange{empty}, nil); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("range with no introduced: %v, want ErrInvalidRange", err)
	}
}
