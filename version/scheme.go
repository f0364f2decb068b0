package version

import (
	"strings"

	"github.com/package-url/packageurl-go"
)

// Scheme names a versioning scheme: how versions are written and ordered.
// Its value is the scheme's name in vers notation (vers:<scheme>/…).
type Scheme string

// Versioning schemes. The semver family (NPM, Golang, Cargo, Semver) and
// most others delegate to osv-scalibr's semantic package; Windows and
// Generic are implemented in this package.
const (
	NPM      Scheme = "npm"      // node-semver
	Golang   Scheme = "golang"   // Go modules: semver, "v" prefix optional (OSV omits it)
	Cargo    Scheme = "cargo"    // Rust crates: semver
	Semver   Scheme = "semver"   // plain Semantic Versioning 2.0.0
	PyPI     Scheme = "pypi"     // PEP 440
	Maven    Scheme = "maven"    // Maven ComparableVersion
	Deb      Scheme = "deb"      // Debian and Ubuntu (dpkg)
	RPM      Scheme = "rpm"      // Red Hat family (rpmvercmp)
	APK      Scheme = "apk"      // Alpine and other apk-tools distributions
	NuGet    Scheme = "nuget"    // NuGet (.NET)
	Gem      Scheme = "gem"      // RubyGems
	Composer Scheme = "composer" // Composer and Packagist (PHP)
	Pub      Scheme = "pub"      // Dart and Flutter
	Windows  Scheme = "windows"  // Windows builds: 10.0.14393.1198
	Generic  Scheme = "generic"  // fallback: runs of digits and non-digits
)

// Schemes lists every supported scheme, in a stable order.
var Schemes = []Scheme{NPM, Golang, Cargo, Semver, PyPI, Maven, Deb, RPM, APK, NuGet, Gem, Composer, Pub, Windows, Generic}

// known reports whether s is one of Schemes.
func (s Scheme) known() bool {
	_, ok := semanticEcosystem[s]
	return ok || s == Windows || s == Generic
}

// semanticEcosystem is the OSV ecosystem name osv-scalibr's semantic
// package knows each delegated scheme by; Windows and Generic have none.
var semanticEcosystem = map[Scheme]string{
	NPM:      "npm",
	Golang:   "Go",
	Cargo:    "crates.io",
	Semver:   "npm",
	PyPI:     "PyPI",
	Maven:    "Maven",
	Deb:      "Debian",
	RPM:      "Red Hat",
	APK:      "Alpine",
	NuGet:    "NuGet",
	Gem:      "RubyGems",
	Composer: "Packagist",
	Pub:      "Pub",
}

// ParseScheme returns the scheme named name, as written in a vers string.
// "alpine", the vers specification's name for apk versions, is accepted
// as APK.
func ParseScheme(name string) (Scheme, bool) {
	if name == "alpine" {
		return APK, true
	}
	for _, s := range Schemes {
		if string(s) == name {
			return s, true
		}
	}
	return "", false
}

// purlTypeSchemes maps package-url types to schemes. Types not listed here
// have no known scheme; callers may choose Generic explicitly.
var purlTypeSchemes = map[string]Scheme{
	packageurl.TypeNPM:      NPM,
	packageurl.TypeGolang:   Golang,
	packageurl.TypeCargo:    Cargo,
	packageurl.TypePyPi:     PyPI,
	packageurl.TypeMaven:    Maven,
	packageurl.TypeDebian:   Deb,
	packageurl.TypeRPM:      RPM,
	packageurl.TypeApk:      APK,
	"alpine":                APK,
	packageurl.TypeNuget:    NuGet,
	packageurl.TypeGem:      Gem,
	packageurl.TypeComposer: Composer,
	packageurl.TypePub:      Pub,
	packageurl.TypeHex:      Semver,
	packageurl.TypeGeneric:  Generic,
}

// SchemeForPURLType returns the scheme for a package-url type such as
// "npm" or "deb" (case-insensitive), and false when the type has none.
func SchemeForPURLType(purlType string) (Scheme, bool) {
	s, ok := purlTypeSchemes[strings.ToLower(purlType)]
	return s, ok
}

// osvEcosystemSchemes maps OSV ecosystem names, without any ":suffix",
// to schemes.
var osvEcosystemSchemes = map[string]Scheme{
	"Go":                           Golang,
	"npm":                          NPM,
	"crates.io":                    Cargo,
	"PyPI":                         PyPI,
	"Maven":                        Maven,
	"Debian":                       Deb,
	"Ubuntu":                       Deb,
	"Red Hat":                      RPM,
	"Rocky Linux":                  RPM,
	"AlmaLinux":                    RPM,
	"SUSE":                         RPM,
	"openSUSE":                     RPM,
	"openEuler":                    RPM,
	"Mageia":                       RPM,
	"Alpine":                       APK,
	"Alpaquita":                    APK,
	"BellSoft Hardened Containers": APK,
	"Chainguard":                   APK,
	"MinimOS":                      APK,
	"Wolfi":                        APK,
	"NuGet":                        NuGet,
	"RubyGems":                     Gem,
	"Packagist":                    Composer,
	"Pub":                          Pub,
	"Hex":                          Semver,
	"SwiftURL":                     Semver,
}

// SchemeForOSVEcosystem returns the scheme for an OSV ecosystem name such
// as "Go", "PyPI", "Debian:12" or "Alpine:v3.18" (the part after a colon is
// a release and does not change the scheme), and false when the ecosystem
// has none here.
func SchemeForOSVEcosystem(ecosystem string) (Scheme, bool) {
	name, _, _ := strings.Cut(ecosystem, ":")
	s, ok := osvEcosystemSchemes[name]
	return s, ok
}

// SchemeForPURL parses a package URL such as "pkg:npm/lodash@4.17.20" and
// returns the scheme of its type and its version ("" when it has none).
// It fails with an EINVALID error when the package URL is malformed or its
// type has no scheme here.
func SchemeForPURL(purl string) (Scheme, string, error) {
	p, err := packageurl.FromString(purl)
	if err != nil {
		return "", "", invalid(ErrUnknownScheme, "purl", "%q is not a valid package URL: %v", purl, err)
	}
	s, ok := SchemeForPURLType(p.Type)
	if !ok {
		return "", "", invalid(ErrUnknownScheme, "purl", "%q: package type %q has no version scheme", purl, p.Type)
	}
	return s, p.Version, nil
}
