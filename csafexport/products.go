package csafexport

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/package-url/packageurl-go"

	"rollcall"
	"rollcall/csafmodel"
)

// productSet builds a product tree, giving each distinct product one id.
type productSet struct {
	tree    csafmodel.ProductTree
	vendors map[string]int // vendor name → its branch in tree.Branches
	byKey   map[string]string
}

func newProductSet() *productSet {
	return &productSet{vendors: map[string]int{}, byKey: map[string]string{}}
}

func (ps *productSet) empty() bool { return len(ps.byKey) == 0 }

func (ps *productSet) nextID() string { return fmt.Sprintf("CSAFPID-%04d", len(ps.byKey)+1) }

// addBranch files a product under vendor → product_name (→ a leaf branch
// when leafCategory is given) and returns its id; the same key gives the
// same id. The tree holds branches by value, so they are reached through
// their indexes each time.
func (ps *productSet) addBranch(key, vendor, productName, leafCategory, leafName string, fpn csafmodel.FullProductName) string {
	if id, ok := ps.byKey[key]; ok {
		return id
	}
	fpn.ProductID = ps.nextID()
	ps.byKey[key] = fpn.ProductID
	vi, ok := ps.vendors[vendor]
	if !ok {
		ps.tree.Branches = append(ps.tree.Branches, csafmodel.Branch{Category: "vendor", Name: vendor})
		vi = len(ps.tree.Branches) - 1
		ps.vendors[vendor] = vi
	}
	v := &ps.tree.Branches[vi]
	pi := -1 // the last product_name branch of that name
	for i, b := range v.Branches {
		if b.Category == "product_name" && b.Name == productName {
			pi = i
		}
	}
	if pi < 0 || leafCategory == "" {
		v.Branches = append(v.Branches, csafmodel.Branch{Category: "product_name", Name: productName})
		pi = len(v.Branches) - 1
	}
	pn := &v.Branches[pi]
	if leafCategory == "" {
		pn.Product = &fpn
		return fpn.ProductID
	}
	pn.Branches = append(pn.Branches, csafmodel.Branch{Category: leafCategory, Name: leafName, Product: &fpn})
	return fpn.ProductID
}

// addNamed adds a product known only by its name.
func (ps *productSet) addNamed(name string) string {
	key := "text|" + name
	if id, ok := ps.byKey[key]; ok {
		return id
	}
	id := ps.nextID()
	ps.byKey[key] = id
	ps.tree.FullProductNames = append(ps.tree.FullProductNames, csafmodel.FullProductName{Name: name, ProductID: id})
	return id
}

// addSoftware adds one affected software entry: vendor and product from
// its package URL (the namespace, or else the type, is the vendor) or CPE,
// and a product_version_range branch holding the vers range.
func (ps *productSet) addSoftware(s rollcall.AffectedSoftware) (string, error) {
	vendor, name, h, err := softwareIdentity(s.Product)
	if err != nil {
		return "", err
	}
	fpn := csafmodel.FullProductName{Name: name + " " + s.Vers, Helper: h}
	if vendor != "" {
		fpn.Name = vendor + " " + fpn.Name
	}
	return ps.addBranch("sw|"+s.Product+"|"+s.Vers, vendor, name, "product_version_range", s.Vers, fpn), nil
}

func softwareIdentity(product string) (vendor, name string, h *csafmodel.Helper, err error) {
	product = strings.TrimSpace(product)
	switch {
	case strings.HasPrefix(product, "pkg:"):
		p, err := packageurl.FromString(product)
		if err != nil {
			return "", "", nil, fmt.Errorf("package URL %q: %w", product, err)
		}
		vendor = p.Namespace
		if vendor == "" {
			vendor = p.Type
		}
		return vendor, p.Name, &csafmodel.Helper{PURL: product}, nil
	case strings.HasPrefix(product, "cpe:2.3:"):
		fields := strings.Split(product[len("cpe:2.3:"):], ":")
		if len(fields) < 3 || len(fields) > 11 {
			return "", "", nil, fmt.Errorf("CPE %q: not a CPE 2.3 name", product)
		}
		for len(fields) < 11 {
			fields = append(fields, "*")
		}
		return cpeText(fields[1]), cpeText(fields[2]), &csafmodel.Helper{CPE: "cpe:2.3:" + strings.Join(fields, ":")}, nil
	case strings.HasPrefix(strings.ToLower(product), "cpe:/"):
		fields := strings.Split(product[len("cpe:/"):], ":")
		if len(fields) < 3 {
			return "", "", nil, fmt.Errorf("CPE %q: no vendor and product", product)
		}
		return cpeText(fields[1]), cpeText(fields[2]), &csafmodel.Helper{CPE: product}, nil
	}
	return "", "", nil, fmt.Errorf("%q is neither a package URL nor a CPE", product)
}

// cpeText reads a CPE component for people: escapes removed.
func cpeText(s string) string { return strings.ReplaceAll(s, `\`, "") }

// win1xRelease finds a Windows 10 or 11 release named without the word
// "Version" ("Windows 10 1607"), which Microsoft's documents write as
// "Windows 10 Version 1607".
var win1xRelease = regexp.MustCompile(`(?i)^(Windows (?:10|11)),? (\d{4}|\d\dH\d)\b`)

// WindowsProductName is the name a Windows build gets in the product
// tree: the alert's name, with "Version" before a Windows 10 or 11
// release number as Microsoft writes it, and the NT build in brackets:
// "Windows 7 SP1 (6.1.7601)", "Windows 10 Version 1607 (10.0.14393)".
func WindowsProductName(w rollcall.AffectedWindows) string {
	name := strings.TrimSpace(w.Name)
	if name == "" {
		name = "Windows " + w.Build
	}
	name = win1xRelease.ReplaceAllString(name, "$1 Version $2")
	if !strings.Contains(name, w.Build) {
		name += " (" + w.Build + ")"
	}
	return name
}

// addWindows adds one Windows build, under vendor Microsoft.
func (ps *productSet) addWindows(w rollcall.AffectedWindows) string {
	name := WindowsProductName(w)
	return ps.addBranch("win|"+name, "Microsoft", name, "", "", csafmodel.FullProductName{Name: name})
}

// alertProducts are the ids an alert's products got, by kind.
type alertProducts struct {
	software []string
	windows  []string // in the order of Affected.Windows
	named    []string
}

func (ap alertProducts) all() []string {
	out := append(append(append([]string(nil), ap.software...), ap.windows...), ap.named...)
	return dedupe(out)
}

// addAlert adds an alert's products: its structured software and Windows
// builds, or, when it has none, one product named by the first line of
// its affected products text (or its title).
func (ps *productSet) addAlert(a *rollcall.Alert) (alertProducts, error) {
	var ap alertProducts
	for _, s := range a.Affected.Software {
		id, err := ps.addSoftware(s)
		if err != nil {
			return ap, err
		}
		ap.software = append(ap.software, id)
	}
	for _, w := range a.Affected.Windows {
		ap.windows = append(ap.windows, ps.addWindows(w))
	}
	if a.Affected.IsZero() {
		ap.named = append(ap.named, ps.addNamed(namedProduct(a)))
	}
	return ap, nil
}

// maxNamedProduct bounds the name of a product taken from free text.
const maxNamedProduct = 200

// namedProduct names an alert's products when nothing is structured: the
// first line of the affected products text, else the title.
func namedProduct(a *rollcall.Alert) string {
	text := strings.TrimSpace(a.AffectedProducts)
	if line, _, _ := strings.Cut(text, "\n"); strings.TrimSpace(line) != "" {
		text = strings.TrimSpace(line)
	} else {
		text = "Products affected by " + a.Title
	}
	text = strings.TrimRight(text, ":")
	if len(text) > maxNamedProduct {
		cut := maxNamedProduct
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
