package osv

import "testing"

// FuzzParse: any bytes either fail with an error or give an advisory that
// passes validation; never a panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"id": "GO-2022-0191", "summary": "x", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2022-1"], "affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.7.0"}]}]}]}`,
		`{"id": "PYSEC-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "Django"}, "versions": ["3.2", "3.2.1"]}]}`,
		`{"id": "DSA-1", "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}]}`,
		`{"id": "X", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "GIT", "events": [{"introduced": "abc"}]}]}]}`,
		`{"id": "", "affected": null}`,
		`[]`, `{`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, _, err := Parse(data)
		if err != nil {
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("Parse gave an advisory that does not validate: %v", err)
		}
	})
}
