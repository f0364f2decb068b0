package csafimport

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/package-url/packageurl-go"

	"rollcall"
	"rollcall/csafmodel"
	"rollcall/exposure"
	"rollcall/version"
)

// productInfo is what the product tree says of one product id.
type productInfo struct {
	id, name string
	// vendor and product are the names of the vendor and the
	// product_name (or product_family) branches above it.
	vendor, product string
	// version is the product_version branch name above or at it;
	// versRange the product_version_range branch name.
	version, versRange string
	purl, cpe          string
	// component is the product a relationship makes this one of
	// (product_reference), for a product defined by a relationship.
	component *productInfo
}

// products indexes the product tree by product id.
func products(d *csafmodel.Document) map[string]*productInfo {
	out := map[string]*productInfo{}
	t := d.ProductTree
	if t == nil {
		return out
	}
	add := func(fpn *csafmodel.FullProductName, base productInfo) *productInfo {
		p := base
		p.id, p.name = fpn.ProductID, strings.TrimSpace(fpn.Name)
		if h := fpn.Helper; h != nil {
			p.purl, p.cpe = strings.TrimSpace(h.PURL), strings.TrimSpace(h.CPE)
		}
		if _, dup := out[p.id]; !dup {
			out[p.id] = &p
		}
		return out[p.id]
	}
	var walk func(bs []csafmodel.Branch, ctx productInfo)
	walk = func(bs []csafmodel.Branch, ctx productInfo) {
		for _, b := range bs {
			c := ctx
			name := strings.TrimSpace(b.Name)
			switch b.Category {
			case "vendor":
				c.vendor = name
			case "product_name":
				c.product = name
			case "product_family":
				if c.product == "" {
					c.product = name
				}
			case "product_version":
				c.version = name
			case "product_version_range":
				c.versRange = name
			}
			if b.Product != nil {
				add(b.Product, c)
			}
			walk(b.Branches, c)
		}
	}
	walk(t.Branches, productInfo{})
	for i := range t.FullProductNames {
		add(&t.FullProductNames[i], productInfo{})
	}
	for i := range t.Relationships {
		r := &t.Relationships[i]
		p := add(&r.FullProductName, productInfo{})
		if comp := out[r.ProductReference]; comp != nil && comp != p {
			p.component = comp
			if p.vendor == "" {
				p.vendor = comp.vendor
			}
		}
	}
	return out
}

// matchable is a product as the matcher keys it, with its version.
type matchable struct {
	key       string // PURL or CPE without version
	ecosystem string
	name      string
	scheme    version.Scheme
	version   string // "" when only a range is given
	versRange string // a vers range the tree gives
}

var cpe23 = regexp.MustCompile(`^cpe:2\.3:[aho*-]:`)

// matchableOf reads a product's package URL or CPE and version; ok is
// false when it has neither, or nothing Rollcall can key.
func matchableOf(p *productInfo) (matchable, bool) {
	if p.purl == "" && p.cpe == "" && p.component != nil {
		c := *p.component
		if c.purl != "" || c.cpe != "" {
			return matchableOf(&c)
		}
	}
	m := matchable{name: p.product, versRange: p.versRange, version: p.version}
	if m.name == "" {
		m.name = p.name
	}
	switch {
	case p.purl != "":
		u, err := packageurl.FromString(p.purl)
		if err != nil {
			return m, false
		}
		s, ok := version.SchemeForPURLType(u.Type)
		if !ok {
			return m, false
		}
		m.scheme, m.ecosystem = s, u.Type
		m.key = packageurl.NewPackageURL(u.Type, u.Namespace, u.Name, "", nil, "").ToString()
		if u.Version != "" {
			m.version = u.Version
		}
	case p.cpe != "":
		var fields []string
		var head string
		if cpe23.MatchString(p.cpe) {
			fields = strings.Split(strings.TrimPrefix(p.cpe, "cpe:2.3:"), ":")
			head = "cpe:2.3:"
		} else if strings.HasPrefix(strings.ToLower(p.cpe), "cpe:/") {
			fields = strings.Split(p.cpe[len("cpe:/"):], ":")
			head = "cpe:/"
		} else {
			return m, false
		}
		if len(fields) < 3 {
			return m, false
		}
		m.key = head + strings.Join(fields[:3], ":")
		if len(fields) > 3 && fields[3] != "" && fields[3] != "*" && fields[3] != "-" {
			m.version = strings.ReplaceAll(fields[3], `\`, "")
		}
		m.scheme, m.ecosystem = version.Generic, "CPE"
	default:
		return m, false
	}
	if _, err := exposure.ProductKey(m.key); err != nil {
		return m, false
	}
	return m, true
}

// nevra reads a Red Hat package product name such as
// "telnet-1:0.17-65.el7_6.x86_64": name, [epoch:]version-release, arch.
var nevra = regexp.MustCompile(`^([A-Za-z0-9_.+-]+)-((?:\d+:)?[A-Za-z0-9_.+~^]+-[A-Za-z0-9_.+~^]+)\.(x86_64|i686|i386|noarch|ppc64le|ppc64|s390x|aarch64|src)$`)

// statusKind is how a product status list reads for the range.
type statusKind int

const (
	kindFirstAffected statusKind = iota
	kindAffected
	kindLastAffected
	kindFixed
	kindNotAffected
)

var kindOf = map[string]statusKind{
	"first_affected": kindFirstAffected, "known_affected": kindAffected, "last_affected": kindLastAffected,
	"first_fixed": kindFixed, "fixed": kindFixed, "known_not_affected": kindNotAffected,
}

// productVersions gathers, for one product key, the versions the
// document puts in each status.
type productVersions struct {
	m        matchable
	versions map[statusKind][]string
	ranges   []string // product_version_range branches in vers notation
}

// mapAffected maps the affected products to vers ranges; it returns them
// and the ids of affected products it could not map.
func mapAffected(d *csafmodel.Document, prods map[string]*productInfo) ([]rollcall.AffectedProduct, []string) {
	byKey := map[string]*productVersions{}
	var keys []string
	affected := map[string]bool{} // affected product ids
	mapped := map[string]bool{}
	var rpm []rollcall.AffectedProduct
	for _, v := range d.Vulnerabilities {
		for _, l := range statusLists(v.ProductStatus) {
			kind, ok := kindOf[l.key]
			if !ok {
				continue
			}
			for _, id := range l.ids {
				p := prods[id]
				if p == nil {
					continue
				}
				if kind <= kindLastAffected {
					affected[id] = true
				}
				m, ok := matchableOf(p)
				if !ok {
					if kind == kindFixed {
						if ap, ok := redHatFixed(p); ok {
							rpm = append(rpm, ap)
						}
					}
					continue
				}
				pv := byKey[m.key]
				if pv == nil {
					pv = &productVersions{m: m, versions: map[statusKind][]string{}}
					byKey[m.key] = pv
					keys = append(keys, m.key)
				}
				if m.versRange != "" {
					if kind <= kindLastAffected && strings.HasPrefix(m.versRange, "vers:") {
						// vers in its canonical form has no white space, and
						// Rollcall's parser refuses it; documents written by
						// hand often space the constraints out, which the
						// first vers drafts allowed, so it is dropped here.
						if r, err := version.ParseVers(strings.Join(strings.Fields(m.versRange), "")); err == nil {
							if !slices.Contains(pv.ranges, r.String()) {
								pv.ranges = append(pv.ranges, r.String())
							}
							mapped[id] = true
						}
					}
					continue
				}
				if m.version == "" {
					continue
				}
				if _, err := version.Parse(m.scheme, m.version); err != nil {
					continue
				}
				if !slices.Contains(pv.versions[kind], m.version) {
					pv.versions[kind] = append(pv.versions[kind], m.version)
				}
				if kind <= kindLastAffected {
					mapped[id] = true
				}
			}
		}
	}
	var out []rollcall.AffectedProduct
	for _, k := range keys {
		pv := byKey[k]
		for _, r := range pv.ranges {
			out = append(out, rollcall.AffectedProduct{PURL: k, Ecosystem: pv.m.ecosystem, Name: pv.m.name, Vers: r})
		}
		if vers := buildRange(pv); vers != "" {
			out = append(out, rollcall.AffectedProduct{PURL: k, Ecosystem: pv.m.ecosystem, Name: pv.m.name, Vers: vers})
		}
	}
	for _, ap := range rpm {
		if !slices.Contains(out, ap) {
			out = append(out, ap)
		}
	}
	var unmapped []string
	for id := range affected {
		if !mapped[id] {
			unmapped = append(unmapped, id)
		}
	}
	sort.Strings(unmapped)
	return out, unmapped
}

// buildRange writes the affected versions of one product as a vers range:
// from the first affected (if given) to below the lowest fixed version
// when every affected version lies there and no version said not affected
// does; else up to the last affected likewise; else the affected versions
// exactly. "" when none is affected.
func buildRange(pv *productVersions) string {
	s := pv.m.scheme
	var affected []string
	for _, k := range []statusKind{kindFirstAffected, kindAffected, kindLastAffected} {
		affected = append(affected, pv.versions[k]...)
	}
	if len(affected) == 0 {
		return ""
	}
	cmp := func(a, b string) int { c, _ := version.Compare(s, a, b); return c }
	lowest := func(vs []string) string {
		if len(vs) == 0 {
			return ""
		}
		return slices.MinFunc(vs, cmp)
	}
	highest := func(vs []string) string {
		if len(vs) == 0 {
			return ""
		}
		return slices.MaxFunc(vs, cmp)
	}
	first := lowest(pv.versions[kindFirstAffected])
	var bounds []version.Constraint
	if first != "" {
		bounds = append(bounds, version.Constraint{Comparator: version.GreaterEqual, Version: first})
	}
	// within reports whether v lies in [first, upper) (or up to and
	// including upper when inclusive).
	within := func(v, upper string, inclusive bool) bool {
		if first != "" && cmp(v, first) < 0 {
			return false
		}
		c := cmp(v, upper)
		return c < 0 || (inclusive && c == 0)
	}
	sound := func(upper string, inclusive bool) bool {
		for _, a := range affected {
			if !within(a, upper, inclusive) {
				return false
			}
		}
		for _, n := range pv.versions[kindNotAffected] {
			if within(n, upper, inclusive) {
				return false
			}
		}
		for _, f := range pv.versions[kindFixed] {
			if within(f, upper, inclusive) {
				return false
			}
		}
		return true
	}
	if fixed := lowest(pv.versions[kindFixed]); fixed != "" && sound(fixed, false) {
		return rangeString(s, append(bounds, version.Constraint{Comparator: version.Less, Version: fixed}))
	}
	if last := highest(pv.versions[kindLastAffected]); last != "" && sound(last, true) {
		return rangeString(s, append(bounds, version.Constraint{Comparator: version.LessEqual, Version: last}))
	}
	// First affected and nothing fixed yet: that version and every later
	// one, unless the document says a later one is not affected.
	if first != "" && len(pv.versions[kindFixed]) == 0 && len(pv.versions[kindLastAffected]) == 0 &&
		!slices.ContainsFunc(pv.versions[kindNotAffected], func(n string) bool { return cmp(n, first) >= 0 }) {
		return rangeString(s, bounds)
	}
	var exact []version.Constraint
	for _, a := range affected {
		exact = append(exact, version.Constraint{Comparator: version.Equal, Version: a})
	}
	return rangeString(s, exact)
}

func rangeString(s version.Scheme, cs []version.Constraint) string {
	r, err := version.NewRange(s, cs)
	if err != nil {
		return ""
	}
	return r.String()
}

// redHatFixed maps a Red Hat package fixed on a platform stream (a
// relationship whose component is named as an RPM, "telnet-1:0.17-65.el7_6.x86_64",
// with no package URL) to pkg:rpm/redhat/NAME, affected below the fixed
// version: Red Hat's advisories list only the fixed packages, and say
// every earlier build of the package on the stream is affected. Source
// packages are left out (they are not installed).
func redHatFixed(p *productInfo) (rollcall.AffectedProduct, bool) {
	c := p.component
	if c == nil || c.purl != "" || c.cpe != "" || !strings.EqualFold(c.vendor, "Red Hat") {
		return rollcall.AffectedProduct{}, false
	}
	m := nevra.FindStringSubmatch(c.name)
	if m == nil || m[3] == "src" {
		return rollcall.AffectedProduct{}, false
	}
	vers := rangeString(version.RPM, []version.Constraint{{Comparator: version.Less, Version: m[2]}})
	if vers == "" {
		return rollcall.AffectedProduct{}, false
	}
	return rollcall.AffectedProduct{PURL: "pkg:rpm/redhat/" + m[1], Ecosystem: "Red Hat", Name: m[1], Vers: vers}, true
}

var kbRef = regexp.MustCompile(`(?i)\bKB(\d{6,8})\b`)

var (
	fixedRevision = regexp.MustCompile(`(?i)\bbuild (\d{1,2}\.\d{1,2}\.\d{3,5})\.(\d{1,6}) and later (?:are|is) fixed`)
	ntBuildInName = regexp.MustCompile(`\((\d{1,2}\.\d{1,2}\.\d{3,5})\)`)
)

// mapWindows reads vendor fixes that name KB numbers for products named
// as Windows releases into affected Windows builds; it returns the ids of
// the products mapped.
func mapWindows(d *csafmodel.Document, prods map[string]*productInfo) ([]rollcall.AffectedWindows, map[string]bool) {
	var out []rollcall.AffectedWindows
	mapped := map[string]bool{}
	groups := groupMembers(d)
	for _, v := range d.Vulnerabilities {
		for _, r := range v.Remediations {
			if r.Category != "vendor_fix" {
				continue
			}
			var kbs []string
			for _, m := range kbRef.FindAllStringSubmatch(r.Details+" "+r.URL, -1) {
				if kb := "KB" + m[1]; !slices.Contains(kbs, kb) {
					kbs = append(kbs, kb)
				}
			}
			// "Build 10.0.14393.953 and later are fixed." (as Rollcall's
			// own documents write a Windows 10 cumulative update's fix).
			fixedBuild, fixedRev := "", 0
			if m := fixedRevision.FindStringSubmatch(r.Details); m != nil {
				fixedBuild = m[1]
				fixedRev, _ = strconv.Atoi(m[2])
			}
			if len(kbs) == 0 && fixedRev == 0 {
				continue
			}
			for _, id := range remediationProducts(r, groups) {
				p := prods[id]
				if p == nil {
					continue
				}
				name := p.name
				build, ok := windowsBuild(name)
				if !ok {
					// A name that carries its build: "Windows 7 SP1 (6.1.7601)".
					if m := ntBuildInName.FindStringSubmatch(name); m != nil && strings.Contains(strings.ToLower(name), "windows") {
						build, ok = m[1], true
					}
				}
				if !ok {
					continue
				}
				mapped[id] = true
				i := slices.IndexFunc(out, func(w rollcall.AffectedWindows) bool { return w.Name == name && w.Build == build })
				if i < 0 {
					out = append(out, rollcall.AffectedWindows{Name: name, Build: build})
					i = len(out) - 1
				}
				for _, kb := range kbs {
					if !slices.Contains(out[i].FixedBy, kb) {
						out[i].FixedBy = append(out[i].FixedBy, kb)
					}
				}
				if fixedRev > 0 && fixedBuild == build {
					out[i].FixedRevision = fixedRev
				}
			}
		}
	}
	return out, mapped
}

func groupMembers(d *csafmodel.Document) map[string][]string {
	out := map[string][]string{}
	if d.ProductTree != nil {
		for _, g := range d.ProductTree.ProductGroups {
			out[g.GroupID] = append(out[g.GroupID], g.ProductIDs...)
		}
	}
	return out
}

func remediationProducts(r csafmodel.Remediation, groups map[string][]string) []string {
	ids := append([]string(nil), r.ProductIDs...)
	for _, g := range r.GroupIDs {
		for _, id := range groups[g] {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// severityOf maps an aggregate severity text to Rollcall's three.
func severityOf(text string) rollcall.Severity {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "critical", "important", "high":
		return rollcall.SeverityHigh
	case "moderate", "medium":
		return rollcall.SeverityMedium
	case "low":
		return rollcall.SeverityLow
	}
	return ""
}

func severityOfRating(rating string) rollcall.Severity {
	switch strings.ToLower(rating) {
	case "critical", "high":
		return rollcall.SeverityHigh
	case "medium":
		return rollcall.SeverityMedium
	case "low":
		return rollcall.SeverityLow
	}
	return ""
}

func addUnique(list []string, s string) []string {
	s = strings.TrimSpace(s)
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// maxFactsText bounds the vendor and product names kept for people.
const maxFactsText = 500

func joinNames(names []string) string {
	s := strings.Join(names, ", ")
	if len(s) > maxFactsText {
		cut := strings.LastIndex(s[:maxFactsText], ", ")
		if cut < 0 {
			cut = maxFactsText
		}
		s = s[:cut] + fmt.Sprintf(" and %d more", len(names)-strings.Count(s[:cut], ", ")-1)
	}
	return s
}

// mapAdvisory maps a valid document to an advisory (see doc.go).
func mapAdvisory(d *csafmodel.Document) (*rollcall.Advisory, Stats, error) {
	doc := &d.Document
	a := &rollcall.Advisory{
		Source:    "csaf",
		SourceID:  strings.TrimSpace(doc.Tracking.ID),
		Summary:   strings.TrimSpace(doc.Title),
		Published: parseTime(doc.Tracking.InitialReleaseDate),
		Modified:  parseTime(doc.Tracking.CurrentReleaseDate),
	}
	var details []string
	for _, cats := range [][]string{{"summary", "description"}, {"general", "details"}} {
		for _, n := range doc.Notes {
			if slices.Contains(cats, n.Category) {
				details = addUnique(details, n.Text)
			}
		}
		if len(details) > 0 {
			break
		}
	}
	if len(details) == 0 {
		for _, v := range d.Vulnerabilities {
			for _, n := range v.Notes {
				if n.Category == "summary" || n.Category == "description" {
					details = addUnique(details, n.Text)
				}
			}
		}
	}
	a.Details = strings.Join(details, "\n\n")
	for _, v := range d.Vulnerabilities {
		if v.CVE != "" && v.CVE != a.SourceID {
			a.Aliases = addUnique(a.Aliases, v.CVE)
		}
	}
	for _, al := range doc.Tracking.Aliases {
		if al != a.SourceID {
			a.Aliases = addUnique(a.Aliases, al)
		}
	}
	for _, r := range doc.References {
		a.References = addUnique(a.References, r.URL)
	}
	for _, v := range d.Vulnerabilities {
		for _, r := range v.References {
			a.References = addUnique(a.References, r.URL)
		}
	}
	f := &a.Facts
	f.Publisher = strings.TrimSpace(doc.Publisher.Name)
	for _, v := range d.Vulnerabilities {
		if v.CWE != nil {
			f.CWEs = addUnique(f.CWEs, v.CWE.ID)
		}
		for _, s := range v.Scores {
			if s.CVSSv3 == nil {
				continue
			}
			c, err := computeCVSS("cvss_v3", s.CVSSv3)
			if err != nil || c.cvss == nil {
				continue
			}
			if f.CVSS == nil || c.cvss.Score > f.CVSS.Score || (c.cvss.Score == f.CVSS.Score && c.cvss.Version > f.CVSS.Version) {
				f.CVSS = c.cvss
			}
		}
	}
	if doc.AggregateSeverity != nil {
		f.Severity = severityOf(doc.AggregateSeverity.Text)
	}
	if f.Severity == "" && f.CVSS != nil {
		f.Severity = severityOfRating(f.CVSS.Rating)
	}

	prods := products(d)
	groups := groupMembers(d)
	for _, v := range d.Vulnerabilities {
		for _, r := range v.Remediations {
			var names []string
			for _, id := range remediationProducts(r, groups) {
				if p := prods[id]; p != nil {
					names = addUnique(names, p.name)
				} else {
					names = addUnique(names, id)
				}
			}
			rem := rollcall.AdvisoryRemediation{Category: r.Category, Details: strings.TrimSpace(r.Details), URL: strings.TrimSpace(r.URL), Products: names}
			i := slices.IndexFunc(f.Remediations, func(x rollcall.AdvisoryRemediation) bool {
				return x.Category == rem.Category && x.Details == rem.Details && x.URL == rem.URL
			})
			if i < 0 {
				f.Remediations = append(f.Remediations, rem)
				continue
			}
			for _, n := range names {
				f.Remediations[i].Products = addUnique(f.Remediations[i].Products, n)
			}
		}
	}

	windows, winMapped := mapWindows(d, prods)
	f.Windows = windows
	affected, unmapped := mapAffected(d, prods)
	a.Affected = affected
	var skipped []*productInfo
	for _, id := range unmapped {
		if !winMapped[id] {
			skipped = append(skipped, prods[id])
		}
	}
	// Vendor and product for people: of the products not matched, or of
	// every product when there is no affected product at all.
	people := skipped
	if len(a.Affected) == 0 && len(f.Windows) == 0 && len(people) == 0 {
		ids := make([]string, 0, len(prods))
		for id := range prods {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			people = append(people, prods[id])
		}
	}
	var vendors, names, fullNames []string
	for _, p := range people {
		if p == nil {
			continue
		}
		vendors = addUnique(vendors, p.vendor)
		n := p.product
		if n == "" && p.component != nil {
			n = p.component.product
		}
		names = addUnique(names, n)
		fullNames = addUnique(fullNames, p.name)
	}
	if len(names) == 0 {
		names = fullNames
	}
	if len(vendors) == 0 && len(names) > 0 {
		vendors = addUnique(vendors, f.Publisher)
	}
	f.Vendor, f.Product = joinNames(vendors), joinNames(names)
	if err := a.Validate(); err != nil {
		return nil, Stats{}, err
	}
	return a, Stats{SkippedProducts: len(skipped)}, nil
}
