package exposure

import (
	"regexp"
	"strings"
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
