package version

import (
	"errors"
	"testing"

	"rollcall"
)

// TestCompare checks each scheme's real ordering rules, in both directions.
func TestCompare(t *testing.T) {
	tests := []struct {
		scheme Scheme
		a, b   string
		want   int
	}{
		// semver: pre-releases, build metadata
		{NPM, "1.0.0-alpha", "1.0.0-alpha.1", -1},
		{NPM, "1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
		{NPM, "1.0.0-alpha.beta", "1.0.0-beta", -1},
		{NPM, "1.0.0-beta", "1.0.0-beta.2", -1},
		{NPM, "1.0.0-beta.2", "1.0.0-beta.11", -1},
		{NPM, "1.0.0-beta.11", "1.0.0-rc.1", -1},
		{NPM, "1.0.0-rc.1", "1.0.0", -1},
		{NPM, "1.0.0+build.5", "1.0.0", 0},
		{NPM, "1.0.0-alpha+001", "1.0.0-alpha", 0},
		{NPM, "1.9.0", "1.10.0", -1},
		{NPM, "v1.2.3", "1.2.3", 0},
		{NPM, "1.2", "1.2.0", 0},
		{Cargo, "0.3.0-pre", "0.3.0", -1},
		{Cargo, "1.0.0", "0.99.99", 1},
		{Semver, "2.0.0", "2.0.0-rc.1", 1},
		{Pub, "1.0.0-dev.1", "1.0.0", -1},
		// Go: "v" optional (OSV omits it), pseudo-versions, +incompatible
		{Golang, "v1.2.3", "1.2.3", 0},
		{Golang, "v0.0.0-20210101000000-abcdef123456", "v0.0.1", -1},
		{Golang, "v0.0.0-20210101000000-abcdef123456", "v0.0.0-20220101000000-000000000000", -1},
		{Golang, "v1.2.4-0.20210101000000-abcdef123456", "v1.2.3", 1},
		{Golang, "v1.2.4-0.20210101000000-abcdef123456", "v1.2.4", -1},
		{Golang, "v2.0.0+incompatible", "2.0.0", 0},
		{Golang, "2.7.0-rc.0+incompatible", "v2.6.2+incompatible", 1},
		{Golang, "1.11.0-0", "1.11.0-rc.1", -1},
		{Golang, "1.10.6", "1.11.0-0", -1},
		// PEP 440
		{PyPI, "1.0.dev1", "1.0a1", -1},
		{PyPI, "1.0a1", "1.0b1", -1},
		{PyPI, "1.0b1", "1.0rc1", -1},
		{PyPI, "1.0rc1", "1.0", -1},
		{PyPI, "1.0", "1.0.post1", -1},
		{PyPI, "1!0.1", "2.0", 1},
		{PyPI, "1.0+abc", "1.0", 1},
		{PyPI, "1.0+abc", "1.0.post1", -1},
		{PyPI, "1.0", "1.0.0", 0},
		{PyPI, "1.0alpha1", "1.0a1", 0},
		{PyPI, "1.0-1", "1.0.post1", 0},
		{PyPI, "1.10", "1.9", 1},
		// Maven
		{Maven, "1.0-SNAPSHOT", "1.0", -1},
		{Maven, "1.0-alpha-1", "1.0", -1},
		{Maven, "1.0-alpha-1", "1.0-beta-1", -1},
		{Maven, "1.0-beta-1", "1.0-rc-1", -1},
		{Maven, "1.0.RELEASE", "1.0", 0}, // "release" is an alias of "" since Maven 3.9
		{Maven, "1.0-rc-1", "1.0-SNAPSHOT", -1},
		{Maven, "1.0", "1.0.0", 0},
		{Maven, "1.0-ga", "1.0", 0},
		{Maven, "1.0-final", "1.0", 0},
		{Maven, "1.0-sp1", "1.0", 1},
		{Maven, "2.17.1", "2.17.0", 1},
		// Debian
		{Deb, "1:1.0", "2.0", 1},
		{Deb, "1.0~rc1", "1.0", -1},
		{Deb, "1.0~rc1", "1.0~rc2", -1},
		{Deb, "1.0-1ubuntu2", "1.0-1ubuntu10", -1},
		{Deb, "1.0-1", "1.0-1ubuntu1", -1},
		{Deb, "2.31-13+deb11u5", "2.31-13+deb11u4", 1},
		{Deb, "1.1.1n-0+deb11u4", "1.1.1n-0+deb11u5", -1},
		{Deb, "0:1.0", "1.0", 0},
		// RPM
		{RPM, "1.0-1.el8", "1.0-2.el8", -1},
		{RPM, "1.0~rc1-1", "1.0-1", -1},
		{RPM, "1.0^git1-1", "1.0-1", 1},
		{RPM, "1.0^git1-1", "1.0.1-1", -1},
		{RPM, "1:1.0-1", "2.0-1", 1},
		{RPM, "3.0.7-16.el9_2", "3.0.7-6.el9_2", 1},
		{RPM, "1.10", "1.9", 1},
		// Alpine
		{APK, "1.2.3-r4", "1.2.3-r10", -1},
		{APK, "1.2.3_rc1", "1.2.3", -1},
		{APK, "1.2.3_p1", "1.2.3", 1},
		{APK, "1.2.3a", "1.2.3", 1},
		{APK, "1.2.3_alpha", "1.2.3_beta", -1},
		{APK, "3.1.4-r5", "3.1.4-r5", 0},
		// NuGet, RubyGems, Composer
		{NuGet, "1.0.0.1", "1.0.0", 1},
		{NuGet, "1.0.0-Beta", "1.0.0-beta", 0},
		{NuGet, "1.0.0-beta", "1.0.0", -1},
		{Gem, "1.0.0.pre", "1.0.0", -1},
		{Gem, "1.0.0.rc1", "1.0.0.beta2", 1},
		{Gem, "1.10", "1.9.9", 1},
		{Composer, "v1.2.3", "1.2.3", 0},
		{Composer, "1.0.0-beta1", "1.0.0", -1},
		{Composer, "1.0.0-RC2", "1.0.0-beta9", 1},
		// Windows builds: numeric, not lexical
		{Windows, "10.0.14393.1198", "10.0.14393.953", 1},
		{Windows, "6.1.7601.23677", "6.1.7601.23889", -1},
		{Windows, "10.0.14393", "10.0.14393.0", 0},
		{Windows, "10.0.14393", "10.0.14393.1", -1},
		{Windows, "10.0.19045.1", "6.3.9600.20000", 1},
		// generic fallback
		{Generic, "1.10", "1.9", 1},
		{Generic, "1.01", "1.1", 0},
		{Generic, "1.2", "1.2.1", -1},
		{Generic, "2.4.0b", "2.4.0a", 1},
		{Generic, "R2023b", "R2023a", 1},
		{Generic, "18446744073709551616", "18446744073709551615", 1},
	}
	for _, tt := range tests {
		t.Run(string(tt.scheme)+"/"+tt.a+"_vs_"+tt.b, func(t *testing.T) {
			got, err := Compare(tt.scheme, tt.a, tt.b)
			if err != nil {
				t.Fatalf("Compare(%s, %q, %q): %v", tt.scheme, tt.a, tt.b, err)
			}
			if got != tt.want {
				t.Errorf("Compare(%s, %q, %q) = %d, want %d", tt.scheme, tt.a, tt.b, got, tt.want)
			}
			back, err := Compare(tt.scheme, tt.b, tt.a)
			if err != nil || back != -tt.want {
				t.Errorf("Compare(%s, %q, %q) = %d, %v; want %d", tt.scheme, tt.b, tt.a, back, err, -tt.want)
			}
		})
	}
}

// TestParseUnparseable checks what each scheme refuses: never "safe".
func TestParseUnparseable(t *testing.T) {
	tests := []struct {
		scheme Scheme
		v      string
	}{
		{NPM, ""},
		{NPM, "latest"},
		{NPM, "^1.2.3"},
		{NPM, "1.2.3.4"},
		{NPM, " 1.2.3"},
		{NPM, "1.2.3\n"},
		{NPM, "1.2.3\x00"},
		{NPM, "1.2.x"},
		{NPM, "1.2.3-"},
		{Golang, "master"},
		{Golang, "v1.2.3 "},
		{Cargo, "*"},
		{PyPI, "banana"},
		{PyPI, "1.0-foo-bar"},
		{PyPI, "1.0 "},
		{Maven, "LATEST"},
		{Maven, "1.0 final"},
		{Maven, "1.0\t"},
		{Deb, "abc"},
		{Deb, "1.0-"},
		{Deb, "x:1.0"},
		{RPM, "(none)"},
		{RPM, "1.0-1-2"},
		{APK, "1.2.3-x"},
		{APK, "abc"},
		{NuGet, "1.0.0.0.0"},
		{Gem, "1.0 .0"},
		{Composer, "dev-main"},
		{Windows, "10"},
		{Windows, "10.0.14393.1198.1"},
		{Windows, "10.0.x"},
		{Windows, "10..0"},
		{Windows, "99999999999999999999.0"},
		{Generic, ""},
		{Generic, "1.0 (x64)"},
		{Generic, "é1"},
	}
	for _, tt := range tests {
		t.Run(string(tt.scheme)+"/"+tt.v, func(t *testing.T) {
			_, err := Parse(tt.scheme, tt.v)
			if !errors.Is(err, ErrUnparseable) {
				t.Fatalf("Parse(%s, %q) = %v, want ErrUnparseable", tt.scheme, tt.v, err)
			}
			if code := rollcall.ErrorCode(err); code != rollcall.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", code, rollcall.EINVALID)
			}
			if _, err := Compare(tt.scheme, "1.0", tt.v); !errors.Is(err, ErrUnparseable) {
				t.Errorf("Compare(%s, 1.0, %q) = %v, want ErrUnparseable", tt.scheme, tt.v, err)
			}
		})
	}
}

func TestParseUnknownScheme(t *testing.T) {
	if _, err := Parse("cobol", "1.0"); !errors.Is(err, ErrUnknownScheme) {
		t.Errorf("Parse(cobol) = %v, want ErrUnknownScheme", err)
	}
}

func TestUnparseableMessage(t *testing.T) {
	_, err := Parse(PyPI, "banana")
	if got, want := rollcall.ErrorMessage(err), `"banana" is not a valid pypi version`; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestSchemeMaps(t *testing.T) {
	purl := map[string]Scheme{"npm": NPM, "golang": Golang, "cargo": Cargo, "pypi": PyPI, "maven": Maven, "deb": Deb,
		"rpm": RPM, "apk": APK, "nuget": NuGet, "gem": Gem, "composer": Composer, "pub": Pub, "generic": Generic}
	for typ, want := range purl {
		if got, ok := SchemeForPURLType(typ); !ok || got != want {
			t.Errorf("SchemeForPURLType(%q) = %q, %v; want %q", typ, got, ok, want)
		}
	}
	if _, ok := SchemeForPURLType("cobol"); ok {
		t.Error("SchemeForPURLType(cobol) found a scheme")
	}
	osv := map[string]Scheme{"Go": Golang, "npm": NPM, "PyPI": PyPI, "Maven": Maven, "crates.io": Cargo,
		"Debian:12": Deb, "Ubuntu:22.04:LTS": Deb, "Alpine:v3.18": APK, "Red Hat": RPM, "Rocky Linux:9": RPM,
		"AlmaLinux:8": RPM, "NuGet": NuGet, "RubyGems": Gem, "Packagist": Composer, "Pub": Pub}
	for eco, want := range osv {
		if got, ok := SchemeForOSVEcosystem(eco); !ok || got != want {
			t.Errorf("SchemeForOSVEcosystem(%q) = %q, %v; want %q", eco, got, ok, want)
		}
	}
	if _, ok := SchemeForOSVEcosystem("GIT"); ok {
		t.Error("SchemeForOSVEcosystem(GIT) found a scheme")
	}
	for _, s := range Schemes {
		if got, ok := ParseScheme(string(s)); !ok || got != s {
			t.Errorf("ParseScheme(%q) = %q, %v", s, got, ok)
		}
	}
}

func TestSchemeForPURL(t *testing.T) {
	tests := []struct {
		purl    string
		scheme  Scheme
		version string
	}{
		{"pkg:npm/lodash@4.17.20", NPM, "4.17.20"},
		{"pkg:golang/github.com/docker/distribution@v2.6.2%2Bincompatible", Golang, "v2.6.2+incompatible"},
		{"pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u4?arch=amd64", Deb, "1.1.1n-0+deb11u4"},
		{"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", Maven, "2.14.1"},
		{"pkg:pypi/django", PyPI, ""},
	}
	for _, tt := range tests {
		s, v, err := SchemeForPURL(tt.purl)
		if err != nil || s != tt.scheme || v != tt.version {
			t.Errorf("SchemeForPURL(%q) = %q, %q, %v; want %q, %q", tt.purl, s, v, err, tt.scheme, tt.version)
		}
	}
	for _, bad := range []string{"npm/lodash", "pkg:docker/nginx@1.25"} {
		if _, _, err := SchemeForPURL(bad); !errors.Is(err, ErrUnknownScheme) {
			t.Errorf("SchemeForPURL(%q) = %v, want ErrUnknownScheme", bad, err)
		}
	}
}
