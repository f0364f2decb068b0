package version

import (
	"errors"
	"regexp"
	"testing"
)

// FuzzParseVers checks that any string either fails cleanly or parses to a
// range whose canonical form reads back the same. `go test` runs only the
// seeds; run `go test -fuzz FuzzParseVers -fuzztime 30s ./version/` to
// explore.
func FuzzParseVers(f *testing.F) {
	for _, seed := range []string{
		"vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0",
		"vers:pypi/<=1.0|!=1.5|>2.0",
		"vers:deb/*",
		"vers:golang/1.2.3|>=2.0.0",
		"vers:windows/>=10.0.14393.0|<10.0.14393.1198",
		"vers:generic/1.0%2Bbuild",
		"vers:npm/<2|>=1",
		"vers:npm/%zz",
		"vers:/",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1024 {
			return
		}
		r, err := ParseVers(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRange) && !errors.Is(err, ErrUnparseable) && !errors.Is(err, ErrUnknownScheme) {
				t.Fatalf("ParseVers(%q) = %v: wraps no sentinel", s, err)
			}
			return
		}
		again, err := ParseVers(r.String())
		if err != nil || again.String() != r.String() {
			t.Fatalf("ParseVers(%q).String() = %q does not read back: %q, %v", s, r, again, err)
		}
		for _, c := range r.Constraints() {
			got := r.Contains(c.Version)
			if got == Unknown {
				t.Fatalf("%s: its own version %q is unknown", r, c.Version)
			}
		}
	})
}

// FuzzCompare checks that Compare never panics, that a version equals
// itself and that the order is antisymmetric. `go test` runs only the
// seeds.
func FuzzCompare(f *testing.F) {
	seeds := []struct {
		scheme int
		a, b   string
	}{
		{0, "1.0.0-alpha", "1.0.0"},
		{1, "v0.0.0-20210101000000-abcdef123456", "1.2.3+incompatible"},
		{4, "1!0.1", "1.0.post1"},
		{5, "1.0-SNAPSHOT", "1.0.RELEASE"},
		{6, "1:1.0~rc1-1", "1.0-1ubuntu2"},
		{7, "1.0^git1-1.el8", "1.0~rc1"},
		{8, "1.2.3_rc1-r4", "1.2.3a_p1"},
		{13, "10.0.14393.1198", "10.0.14393.953"},
		{14, "1.01a", "1.1a"},
		{14, "", "\x00"},
	}
	for _, s := range seeds {
		f.Add(s.scheme, s.a, s.b)
	}
	f.Fuzz(func(t *testing.T, i int, a, b string) {
		if i < 0 || len(a) > 300 || len(b) > 300 {
			return
		}
		s := Schemes[i%len(Schemes)]
		ab, err := Compare(s, a, b)
		if err != nil {
			if !errors.Is(err, ErrUnparseable) {
				t.Fatalf("Compare(%s, %q, %q) = %v, want ErrUnparseable", s, a, b, err)
			}
			return
		}
		ba, err := Compare(s, b, a)
		if err != nil || ab != -ba {
			t.Fatalf("Compare(%s, %q, %q) = %d but reversed %d, %v", s, a, b, ab, ba, err)
		}
		if aa, err := Compare(s, a, a); err != nil || aa != 0 {
			t.Fatalf("Compare(%s, %q, itself) = %d, %v", s, a, aa, err)
		}
	})
}

// semverRE is the grammar isSemver implements by hand.
var semverRE = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// FuzzIsSemver checks the hand-written semver grammar against a regexp.
func FuzzIsSemver(f *testing.F) {
	for _, seed := range []string{"1.2.3", "v1.2.3-rc.1+build", "1.2.3-", "1..2", "1.2.3.4", "1.2.3+a+b", "1.0.0-a-b.c", "v", "-1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isSemver(s), semverRE.MatchString(s); got != want {
			t.Fatalf("isSemver(%q) = %v, regexp says %v", s, got, want)
		}
	})
}
