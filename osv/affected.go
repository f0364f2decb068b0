package osv

import (
	"errors"
	"strings"

	"github.com/package-url/packageurl-go"

	"rollcall"
	"rollcall/exposure"
	"rollcall/version"
)

// errSkip marks an affected package Rollcall cannot match by version: an
// ecosystem with no scheme here, or only git commit ranges.
var errSkip = errors.New("not matchable by version")

func errorsIsSkip(err error) bool { return errors.Is(err, errSkip) }

// affectedProduct turns one affected[] entry into a product and its vers.
func affectedProduct(af affected) (rollcall.AffectedProduct, error) {
	p := rollcall.AffectedProduct{Ecosystem: af.Package.Ecosystem, Name: af.Package.Name}
	scheme, ok := version.SchemeForOSVEcosystem(af.Package.Ecosystem)
	if !ok {
		return p, errSkip
	}
	var ranges []version.OSVRange
	for _, r := range af.Ranges {
		if r.IsVersionRange() {
			ranges = append(ranges, r)
		}
	}
	if len(ranges) == 0 && len(af.Versions) == 0 {
		return p, errSkip
	}
	rng, err := version.FromOSV(scheme, ranges, af.Versions)
	if err != nil {
		return p, err
	}
	p.Vers = rng.String()
	purl, err := packageURL(af)
	if err != nil {
		return p, err
	}
	p.PURL = purl
	return p, nil
}

// purlTypes maps OSV ecosystems to package-url types.
var purlTypes = map[string]string{
	"go": "golang", "npm": "npm", "pypi": "pypi", "maven": "maven", "crates.io": "cargo",
	"rubygems": "gem", "nuget": "nuget", "packagist": "composer", "pub": "pub", "hex": "hex",
	"debian": "deb", "ubuntu": "deb", "alpine": "apk", "red hat": "rpm", "rocky linux": "rpm",
	"almalinux": "rpm", "swifturl": "swift", "suse": "rpm", "opensuse": "rpm", "openeuler": "rpm",
	"mageia": "rpm", "wolfi": "apk", "chainguard": "apk",
}

// rpmNamespaces are the rpm purl namespaces of OSV ecosystems whose
// os-release ID (what collect and osquery name hosts by) differs from the
// ecosystem's name.
var rpmNamespaces = map[string]string{"red hat": "redhat", "rocky linux": "rocky"}

// packageURL is the package's product key: a package URL without
// version, qualifiers or subpath, written by exposure.PurlKey — the one
// function the inventory side uses too, so an advisory and a host name a
// package identically. The record's own purl is used when it gives one,
// else one is built from the ecosystem and name.
func packageURL(af affected) (string, error) {
	if af.Package.PURL != "" {
		p, err := packageurl.FromString(af.Package.PURL)
		if err != nil {
			return "", rollcall.FieldError("package.purl", "%q is not a package URL: %v", af.Package.PURL, err)
		}
		return exposure.PurlKey(p.Type, p.Namespace, p.Name), nil
	}
	// The part after a colon is the distribution's release
	// ("Debian:12"): it does not change the product.
	eco, _, _ := strings.Cut(af.Package.Ecosystem, ":")
	typ, ok := purlTypes[strings.ToLower(eco)]
	name := strings.TrimSpace(af.Package.Name)
	if !ok || name == "" {
		// Leave this package out (counted), not the whole record: its
		// other packages may still be matchable.
		return "", errSkip
	}
	var namespace string
	switch typ {
	case "maven":
		namespace, name, _ = strings.Cut(name, ":")
	case "golang", "npm", "composer", "swift":
		if i := strings.LastIndex(name, "/"); i > 0 {
			namespace, name = name[:i], name[i+1:]
		}
	case "pypi":
		name = strings.ToLower(strings.ReplaceAll(name, "_", "-"))
	case "deb":
		namespace = strings.ToLower(eco)
	case "apk":
		namespace = strings.ToLower(eco)
	case "rpm":
		namespace = rpmNamespaces[strings.ToLower(eco)]
		if namespace == "" {
			namespace = strings.ToLower(strings.ReplaceAll(eco, " ", ""))
		}
	}
	return exposure.PurlKey(typ, namespace, name), nil
}
