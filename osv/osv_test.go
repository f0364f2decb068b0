package osv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rollcall"
	"rollcall/version"
)

const goZip = "../../shared/data/osv/Go/all.zip"

func TestReadGoDatabase(t *testing.T) {
	if _, err := os.Stat(goZip); err != nil {
		t.Skipf("the Go OSV database is not beside the project: %v", err)
	}
	b, err := ReadPath(goZip)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(b.Advisories) + len(b.Refused); got != 4291 {
		t.Errorf("read %d records, want the 4,291 of the database", got)
	}
	if len(b.Refused) != 0 {
		t.Errorf("%d records refused, first: %s: %v", len(b.Refused), b.Refused[0].Name, b.Refused[0].Err)
	}
	var x509 *rollcall.Advisory
	for _, a := range b.Advisories {
		if a.SourceID == "GO-2022-0191" {
			x509 = a
		}
	}
	if x509 == nil {
		t.Fatal("GO-2022-0191 not read")
	}
	if len(x509.Aliases) != 1 || x509.Aliases[0] != "CVE-2018-16875" || !x509.Modified.IsZero() {
		t.Errorf("GO-2022-0191: aliases %v modified %v; want CVE-2018-16875 and no modified time (the record says 0001-01-01)", x509.Aliases, x509.Modified)
	}
	p := x509.Affected[0]
	if p.PURL != "pkg:golang/stdlib" {
		t.Errorf("purl = %q, want pkg:golang/stdlib", p.PURL)
	}
	rng, err := version.ParseVers(p.Vers)
	if err != nil {
		t.Fatalf("stored vers %q does not parse: %v", p.Vers, err)
	}
	for v, want := range map[string]version.Verdict{"1.10.5": version.Affected, "1.10.6": version.NotAffected,
		"1.11.2": version.Affected, "1.11.3": version.NotAffected, "latest": version.Unknown} {
		if got := rng.Contains(v); got != want {
			t.Errorf("%s in %s: %v, want %v", v, p.Vers, got, want)
		}
	}
}

func TestParseRefusesWithReason(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"not JSON", `{"id": `, "Not an OSV record"},
		{"no id", `{"affected": []}`, "no id"},
		{"bad time", `{"id":"X-1","published":"yesterday","affected":[{"package":{"ecosystem":"Go","name":"a/b"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}`, "RFC 3339"},
		{"bad version", `{"id":"X-2","affected":[{"package":{"ecosystem":"PyPI","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"banana"}]}]}]}`, "X-2"},
		{"only git ranges", `{"id":"X-3","affected":[{"package":{"ecosystem":"Go","name":"a/b"},"ranges":[{"type":"GIT","repo":"r","events":[{"introduced":"abc"}]}]}]}`, "no affected product"},
		{"unknown ecosystem only", `{"id":"X-4","affected":[{"package":{"ecosystem":"Commodore","name":"x"},"versions":["1"]}]}`, "no affected product"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tt.json))
			if err == nil || !strings.Contains(rollcall.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want a message containing %q", err, tt.want)
			}
		})
	}
}

func TestReadFolderAndArray(t *testing.T) {
	dir := t.TempDir()
	good := `{"id":"PYSEC-1","aliases":["CVE-2024-1"],"affected":[{"package":{"ecosystem":"PyPI","name":"Django_Thing"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"4.2.1"}]}]}]}`
	must(t, os.WriteFile(filepath.Join(dir, "a.json"), []byte(good), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"id":`), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "list.json"), []byte("["+strings.Replace(good, "PYSEC-1", "PYSEC-2", 1)+"]"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644))
	b, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Advisories) != 2 || len(b.Refused) != 1 || b.Refused[0].Name != "b.json" {
		t.Fatalf("read %d, refused %+v; want 2 read and b.json refused", len(b.Advisories), b.Refused)
	}
	if got := b.Advisories[0].Affected[0].PURL; got != "pkg:pypi/django-thing" {
		t.Errorf("purl = %q, want the normalised pkg:pypi/django-thing", got)
	}
	if _, err := ReadPath(filepath.Join(dir, "missing.zip")); rollcall.ErrorField(err) != "path" {
		t.Errorf("a missing path: %v, want a path error", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestEcosystemsWithoutAPurlInTheRecord(t *testing.T) {
	rec := `{"id":"SUSE-1","affected":[
		{"package":{"ecosystem":"SUSE:Linux Enterprise Server 15 SP5","name":"openssl"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0.8"}]}]},
		{"package":{"ecosystem":"Wolfi","name":"curl"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"8.5.0-r0"}]}]}]}`
	a, skipped, err := Parse([]byte(rec))
	if err != nil || skipped != 0 || len(a.Affected) != 2 {
		t.Fatalf("got %+v, skipped %d, err %v; want both packages", a, skipped, err)
	}
	if a.Affected[0].PURL != "pkg:rpm/suse/openssl" || a.Affected[0].Vers != "vers:rpm/<3.0.8" || a.Affected[1].PURL != "pkg:apk/wolfi/curl" {
		t.Errorf("affected = %+v", a.Affected)
	}
}

// An advisory must name a package exactly as the inventory side does, or
// the matcher never meets them.
func TestProductKeysMatchTheInventorySide(t *testing.T) {
	tests := []struct {
		pkg  string
		want string
	}{
		{`{"ecosystem":"npm","name":"@babel/core","purl":"pkg:npm/%40babel/core"}`, "pkg:npm/@babel/core"},
		{`{"ecosystem":"npm","name":"@babel/core"}`, "pkg:npm/@babel/core"},
		{`{"ecosystem":"Rocky Linux:8","name":"openssl"}`, "pkg:rpm/rocky/openssl"},
		{`{"ecosystem":"Red Hat","name":"openssl"}`, "pkg:rpm/redhat/openssl"},
		{`{"ecosystem":"Debian:12","name":"openssl"}`, "pkg:deb/debian/openssl"},
		{`{"ecosystem":"Go","name":"golang.org/x/net"}`, "pkg:golang/golang.org/x/net"},
	}
	for _, tt := range tests {
		rec := `{"id":"K-1","affected":[{"package":` + tt.pkg + `,"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"9.9.9"}]}]}]}`
		a, _, err := Parse([]byte(rec))
		if err != nil {
			t.Errorf("%s: %v", tt.pkg, err)
			continue
		}
		if got := a.Affected[0].PURL; got != tt.want {
			t.Errorf("%s: key %q, want %q", tt.pkg, got, tt.want)
		}
	}
}
