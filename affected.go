package rollcall

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Affected is what an alert affects, structured so the estate's inventory
// can be checked against it: software by package URL or CPE with the
// affected versions in vers notation, and Windows by NT build with the
// build revision or the updates that fix it. The free-text
// Alert.AffectedProducts stays for people; this is for the matcher.
type Affected struct {
	Software []AffectedSoftware `json:"software,omitempty"`
	Windows  []AffectedWindows  `json:"windows,omitempty"`
}

// AffectedSoftware is one product and its affected versions.
type AffectedSoftware struct {
	// Product is a package URL without version ("pkg:deb/debian/openssl",
	// "pkg:golang/golang.org/x/net") or a CPE 2.3 name whose vendor and
	// product are used ("cpe:2.3:a:google:chrome").
	Product string `json:"product"`
	// Vers is the affected versions in the package-url project's vers
	// notation: "vers:deb/<3.0.11-1~deb12u2", "vers:semver/>=1.0.0|<1.2.3";
	// "vers:<scheme>/*" means every version.
	Vers string `json:"vers"`
}

// AffectedWindows is one Windows build an alert affects. Security
// bulletins list Windows by product name; inventories carry NT builds, so
// both are kept: the name for people, the build for matching.
type AffectedWindows struct {
	// Name is the product as the bulletin names it ("Windows 7 SP1").
	Name string `json:"name"`
	// Build is the NT build without revision: "6.1.7601", "10.0.14393".
	Build string `json:"build"`
	// FixedRevision, for Windows 10 and later, is the first update build
	// revision with the fix (953 for 10.0.14393.953); 0 where the build is
	// serviced by monthly rollups and only FixedBy tells.
	FixedRevision int `json:"fixed_revision,omitempty"`
	// FixedBy lists the updates that fix the build ("KB4012212"). A later
	// cumulative update that contains one counts too: see Supersedence.
	FixedBy []string `json:"fixed_by,omitempty"`
}

// IsZero reports whether nothing structured is given.
func (a Affected) IsZero() bool { return len(a.Software) == 0 && len(a.Windows) == 0 }

var (
	ntBuild  = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.\d{3,5}$`)
	kbNumber = regexp.MustCompile(`^KB\d{6,8}$`)
)

// Validate checks the structure of each entry and normalises KB numbers.
// The package URL and the vers range are read by the version package,
// which the service calls (the domain does not depend on it); Validate
// checks only their shape.
func (a *Affected) Validate() error {
	if len(a.Software) > 500 || len(a.Windows) > 100 {
		return FieldError("affected", "An alert can name at most 500 software products and 100 Windows builds.")
	}
	for i := range a.Software {
		s := &a.Software[i]
		field := fmt.Sprintf("affected.software[%d]", i)
		s.Product, s.Vers = strings.TrimSpace(s.Product), strings.TrimSpace(s.Vers)
		switch {
		case s.Product == "":
			return FieldError(field+".product", "Software %d needs a package URL (pkg:…) or a CPE (cpe:2.3:…).", i+1)
		case !strings.HasPrefix(s.Product, "pkg:") && !strings.HasPrefix(s.Product, "cpe:"):
			return FieldError(field+".product", "%q is neither a package URL (pkg:type/name) nor a CPE (cpe:2.3:part:vendor:product).", s.Product)
		case s.Vers == "":
			return FieldError(field+".vers", "Software %d (%s) needs its affected versions in vers notation, such as vers:semver/<1.2.3.", i+1, s.Product)
		}
	}
	for i := range a.Windows {
		w := &a.Windows[i]
		field := fmt.Sprintf("affected.windows[%d]", i)
		w.Name, w.Build = strings.TrimSpace(w.Name), strings.TrimSpace(w.Build)
		if !ntBuild.MatchString(w.Build) {
			return FieldError(field+".build", "Windows build %q is not an NT build such as 6.1.7601 or 10.0.14393 (major.minor.build, no revision).", w.Build)
		}
		if w.FixedRevision < 0 {
			return FieldError(field+".fixed_revision", "The fixed revision of %s cannot be negative.", w.Build)
		}
		if w.Name == "" {
			w.Name = "Windows " + w.Build
		}
		kbs := make([]string, 0, len(w.FixedBy))
		for _, kb := range w.FixedBy {
			kb = NormaliseKB(kb)
			if kb == "" {
				continue
			}
			if !kbNumber.MatchString(kb) {
				return FieldError(field+".fixed_by", "%q is not an update number such as KB4012212.", kb)
			}
			if !slices.Contains(kbs, kb) {
				kbs = append(kbs, kb)
			}
		}
		w.FixedBy = kbs
		if w.FixedRevision == 0 && len(w.FixedBy) == 0 {
			return FieldError(field, "Say what fixes %s: a fixed build revision (Windows 10 and later) or the updates that fix it.", w.Name)
		}
	}
	return nil
}

// NormaliseKB writes an update number as Rollcall keys it: upper case,
// with the KB prefix ("4012212" and "kb4012212" are "KB4012212").
func NormaliseKB(kb string) string {
	kb = strings.ToUpper(strings.TrimSpace(kb))
	if kb == "" {
		return ""
	}
	if _, err := strconv.ParseUint(kb, 10, 32); err == nil {
		return "KB" + kb
	}
	return kb
}

// String writes the structured products as lines people read, for
// revision diffs.
func (a Affected) String() string {
	var lines []string
	for _, s := range a.Software {
		lines = append(lines, s.Product+" "+s.Vers)
	}
	for _, w := range a.Windows {
		l := w.Name + " (" + w.Build
		if w.FixedRevision > 0 {
			l += "." + strconv.Itoa(w.FixedRevision) + " or later"
		}
		l += ")"
		if len(w.FixedBy) > 0 {
			l += " fixed by " + strings.Join(w.FixedBy, ", ")
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}
