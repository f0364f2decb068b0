package exposure

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/package-url/packageurl-go"
)

var pypiName = regexp.MustCompile(`[-_.]+`)

// Item is one row of a host's inventory: a product key and the version
// installed. Product keys are compared byte for byte, so callers normalise
// them first, with the helpers below or their own.
type Item struct {
	Product string
	Version string
}

// Host is one host's complete inventory snapshot, as taken by AddHosts and
// ReplaceHosts.
type Host struct {
	ID uint32
	// Org is a dense organisation id (Rollcall's database ids): the matcher
	// keeps a pair of counters per id up to the largest it has seen.
	Org   uint32
	Items []Item
}

// KBProduct is the product key under which installed Windows updates are
// indexed; the version is the update's identifier ("KB4012212").
const KBProduct = "kb"

// WindowsProduct is the product key of the Windows operating system; its
// version is the NT build, "6.1.7601" or "10.0.14393.953" (with the update
// build revision when known).
const WindowsProduct = "windows"

// PurlKey is the product key of a package URL's type, namespace and name,
// without version, qualifiers or subpath ("pkg:npm/@babel/core").
func PurlKey(typ, namespace, name string) string {
	typ = strings.ToLower(typ)
	if typ == "pypi" {
		// PEP 503: names differ only in case and runs of -, _ and . are one
		// project ("Django_Rest" is "django-rest").
		name = pypiName.ReplaceAllString(strings.ToLower(name), "-")
	}
	if namespace == "" {
		return "pkg:" + typ + "/" + name
	}
	return "pkg:" + typ + "/" + namespace + "/" + name
}

// CPEKey is the product key of a CPE's vendor and product, or of a plain
// inventory line's vendor and name, lower-cased and with spaces made
// underscores as CPE writes them ("cpe:google:chrome").
func CPEKey(vendor, product string) string {
	norm := func(s string) string {
		return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_")
	}
	return "cpe:" + norm(vendor) + ":" + norm(product)
}

// KBItem is the inventory row of an installed Windows update.
func KBItem(kb string) Item {
	return Item{Product: KBProduct, Version: strings.ToUpper(strings.TrimSpace(kb))}
}

// ProductKey keys a product as an alert or advisory names it — a package
// URL without version ("pkg:npm/lodash") or a CPE ("cpe:2.3:a:google:chrome",
// "cpe:/a:google:chrome") — the way ItemsOf keys installed software, so the
// two meet in the matcher. It refuses a package URL that carries a version:
// the versions belong in the range.
func ProductKey(product string) (string, error) {
	product = strings.TrimSpace(product)
	switch {
	case strings.HasPrefix(product, "pkg:"):
		p, err := packageurl.FromString(product)
		if err != nil {
			return "", fmt.Errorf("%q is not a valid package URL: %v", product, err)
		}
		if p.Version != "" {
			return "", fmt.Errorf("package URL %q names version %s: give the product without a version and the affected versions as a range", product, p.Version)
		}
		return PurlKey(p.Type, p.Namespace, p.Name), nil
	case strings.HasPrefix(product, "cpe:"):
		vendor, name, _, ok := splitCPE(product)
		if !ok || vendor == "" || name == "" || vendor == "*" || name == "*" {
			return "", fmt.Errorf("%q is not a CPE with a vendor and a product (cpe:2.3:a:vendor:product)", product)
		}
		return CPEKey(vendor, name), nil
	case product == WindowsProduct, strings.HasPrefix(product, "os:"):
		return product, nil
	}
	return "", fmt.Errorf("%q is neither a package URL (pkg:…) nor a CPE (cpe:2.3:…)", product)
}
