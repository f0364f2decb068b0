package exposure

import (
	"strings"

	"github.com/package-url/packageurl-go"

	"rollcall/inventory"
)

// ItemsOf turns one host of an inventory snapshot into the matcher's rows:
// each software item keyed by its package URL, else its CPE, else its
// vendor and name; the operating system (Windows as its NT build); and each
// installed update as a KB row. Items with no version are kept with an
// empty version, which every predicate must answer Unknown for.
func ItemsOf(h inventory.Host) []Item {
	items := make([]Item, 0, len(h.Software)+len(h.Updates)+1)
	if os, ok := osItem(h.OS); ok {
		items = append(items, os)
	}
	for _, kb := range h.Updates {
		items = append(items, KBItem(kb))
	}
	for _, it := range h.Software {
		items = append(items, softwareItem(it))
	}
	return items
}

// softwareItem keys one software item.
func softwareItem(it inventory.Item) Item {
	if it.PURL != "" {
		if p, err := packageurl.FromString(it.PURL); err == nil {
			v := p.Version
			if v == "" {
				v = it.Version
			}
			// The purl spec keeps an rpm epoch in a qualifier, but it is
			// the first thing RPM compares: 1:1.1.1k-9 is newer than 2.0-1.
			if e := p.Qualifiers.Map()["epoch"]; p.Type == "rpm" && e != "" && e != "0" && !strings.Contains(v, ":") {
				v = e + ":" + v
			}
			return Item{Product: PurlKey(p.Type, p.Namespace, p.Name), Version: v}
		}
	}
	if vendor, product, version, ok := splitCPE(it.CPE); ok {
		if version == "" || version == "*" || version == "-" {
			version = it.Version
		}
		return Item{Product: CPEKey(vendor, product), Version: version}
	}
	return Item{Product: CPEKey(it.Vendor, it.Name), Version: it.Version}
}

// splitCPE reads vendor, product and version from a CPE 2.3 formatted
// string (cpe:2.3:a:vendor:product:version:…) or a 2.2 URI (cpe:/a:…).
func splitCPE(cpe string) (vendor, product, version string, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(cpe, "cpe:2.3:"):
		rest = cpe[len("cpe:2.3:"):]
	case strings.HasPrefix(cpe, "cpe:/"):
		rest = cpe[len("cpe:/"):]
	default:
		return "", "", "", false
	}
	parts := strings.Split(rest, ":")
	if len(parts) < 3 {
		return "", "", "", false
	}
	if len(parts) > 3 {
		version = parts[3]
	}
	return parts[1], parts[2], version, true
}

// osItem keys a host's operating system: Windows by its NT build
// ("6.1.7601", "10.0.14393.953"), others by name and version.
func osItem(os inventory.OS) (Item, bool) {
	if os.Name == "" && os.Version == "" {
		return Item{}, false
	}
	if strings.Contains(strings.ToLower(os.Name), "windows") {
		build := os.Version
		switch {
		case os.Build == "":
		case build == "" || strings.HasPrefix(os.Build, build+"."):
			build = os.Build
		case strings.Count(build, ".") >= 2:
			// The version already holds the build ("10.0.14393", as WMI
			// gives it): appending the build again would read as a
			// revision ("10.0.14393.14393") and hide the host from
			// advisories fixed in a later revision.
			if !strings.HasSuffix(build, "."+os.Build) && strings.HasPrefix(os.Build, lastPart(build)+".") {
				build = build + os.Build[len(lastPart(build)):]
			}
		default:
			build += "." + os.Build
		}
		return Item{Product: WindowsProduct, Version: build}, true
	}
	return Item{Product: "os:" + strings.ReplaceAll(strings.ToLower(strings.TrimSpace(os.Name)), " ", "_"), Version: os.Version}, true
}

func lastPart(s string) string { return s[strings.LastIndex(s, ".")+1:] }
