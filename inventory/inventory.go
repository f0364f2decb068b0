// Package inventory is the normalised software inventory an organisation
// sends to Rollcall, and the parsers that read it from the forms people
// already have: Rollcall CSV, CycloneDX and SPDX SBOMs, osquery results, and
// the native JSON that `rollcall collect` writes (see FORMATS.md).
//
// Every parser refuses a broken file whole, naming the line (CSV, osquery
// logs) or JSON path at fault; nothing partial is ever returned. Values are
// normalised on the way in — trimmed, KB numbers upper-cased, package URLs in
// their canonical form — so the matcher compares like with like.
package inventory

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/package-url/packageurl-go"

	"rollcall"
)

// Limits on one snapshot. A national estate sends many snapshots; one file
// larger than this is a mistake or an attack, and is refused with ETOOLARGE.
const (
	MaxSize         = 256 << 20 // bytes read from one file
	MaxHosts        = 100_000   // hosts in one snapshot
	MaxItems        = 5_000_000 // software items in one snapshot, all hosts together
	MaxFieldLength  = 1024      // characters in any one name, version, purl or CPE
	maxHostNameSize = 255
)

// Snapshot is what one upload says about the hosts it names: the whole
// inventory of each, replacing that source's previous snapshot of them.
type Snapshot struct {
	Source string `json:"source"` // "csv", "cyclonedx", "spdx", "osquery", "collect" or "rollcall"
	Hosts  []Host `json:"hosts"`
}

// Host is one machine (or, for an SBOM, one application) and what is
// installed on it.
type Host struct {
	Name     string   `json:"name"`
	OS       OS       `json:"os"`
	Updates  []string `json:"updates,omitempty"` // installed Windows updates, "KB4012212"
	Software []Item   `json:"software,omitempty"`
}

// OS is a host's operating system, e.g. {"Microsoft Windows 7 Professional",
// "6.1", "7601"} or {"Debian GNU/Linux", "12", ""}.
type OS struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	Build   string `json:"build,omitempty"`
}

// Item is one installed piece of software. PURL and CPE, when known, are
// what the matcher prefers; Name, Vendor and Version are the fallback.
type Item struct {
	Name    string `json:"name"`
	Vendor  string `json:"vendor,omitempty"`
	Version string `json:"version,omitempty"`
	PURL    string `json:"purl,omitempty"`
	CPE     string `json:"cpe,omitempty"`
}

// Sources a snapshot may come from.
var sources = map[string]bool{"csv": true, "cyclonedx": true, "spdx": true, "osquery": true, "collect": true, "rollcall": true}

// ItemCount returns the number of software items over all hosts.
func (s *Snapshot) ItemCount() int {
	n := 0
	for _, h := range s.Hosts {
		n += len(h.Software)
	}
	return n
}

// Validate reports the first problem with s as an EINVALID error whose field
// is a path such as "hosts[2].software[5].purl", or ETOOLARGE past the limits.
func (s *Snapshot) Validate() error {
	if !sources[s.Source] {
		return rollcall.FieldError("source", "unknown inventory source %q", s.Source)
	}
	if len(s.Hosts) == 0 {
		return rollcall.FieldError("hosts", "the inventory names no host")
	}
	if err := checkLimits(len(s.Hosts), s.ItemCount(), Options{}); err != nil {
		return err
	}
	seen := make(map[string]bool, len(s.Hosts))
	for i := range s.Hosts {
		if err := s.Hosts[i].Validate(); err != nil {
			return prefixField(fmt.Sprintf("hosts[%d]", i), ".", err)
		}
		key := rollcall.HostKey(s.Hosts[i].Name)
		if seen[key] {
			return rollcall.FieldError(fmt.Sprintf("hosts[%d].name", i), "host %q appears twice", s.Hosts[i].Name)
		}
		seen[key] = true
	}
	return nil
}

// Validate reports the first problem with h; fields are relative to the host
// ("name", "updates[1]", "software[3].purl").
func (h *Host) Validate() error {
	switch {
	case h.Name == "":
		return rollcall.FieldError("name", "host name is required")
	case len(h.Name) > maxHostNameSize:
		return rollcall.FieldError("name", "host name is longer than %d characters", maxHostNameSize)
	case !utf8.ValidString(h.Name):
		return rollcall.FieldError("name", "host name is not valid UTF-8 text")
	}
	if err := h.OS.Validate(); err != nil {
		return prefixField("os", ".", err)
	}
	for i, kb := range h.Updates {
		if !kbPattern.MatchString(kb) {
			return rollcall.FieldError(fmt.Sprintf("updates[%d]", i), "%q is not an update number like KB4012212", kb)
		}
	}
	for i := range h.Software {
		if err := h.Software[i].Validate(); err != nil {
			return prefixField(fmt.Sprintf("software[%d]", i), ".", err)
		}
	}
	return nil
}

// Validate reports an OS field that is too long or not UTF-8.
func (o *OS) Validate() error {
	for _, f := range []struct{ name, value string }{{"name", o.Name}, {"version", o.Version}, {"build", o.Build}} {
		if err := checkText(f.name, f.value); err != nil {
			return err
		}
	}
	return nil
}

// Validate reports the first problem with it: a name (or a purl to take it
// from) is required, a purl must be canonical and a CPE well-formed. Call
// Normalize first to turn acceptable input into canonical form.
func (it *Item) Validate() error {
	for _, f := range []struct{ name, value string }{{"name", it.Name}, {"vendor", it.Vendor}, {"version", it.Version}, {"purl", it.PURL}, {"cpe", it.CPE}} {
		if err := checkText(f.name, f.value); err != nil {
			return err
		}
	}
	if it.Name == "" {
		return rollcall.FieldError("name", "software name is required (or a purl to take it from)")
	}
	if it.PURL != "" {
		canon, err := NormalizePURL(it.PURL)
		if err != nil {
			return rollcall.FieldError("purl", "%s", err.Error())
		} else if canon != it.PURL {
			return rollcall.FieldError("purl", "package URL %q is not canonical (want %q)", it.PURL, canon)
		}
	}
	if it.CPE != "" && !cpePattern.MatchString(it.CPE) {
		return rollcall.FieldError("cpe", "%q is not a CPE (cpe:2.3:… or cpe:/…)", it.CPE)
	}
	return nil
}

// Normalize trims every field, puts the purl in canonical form and takes
// the name and version from it when they are missing. A purl that does not
// parse is an EINVALID error on field "purl".
func (it *Item) Normalize() error {
	it.Name = strings.TrimSpace(it.Name)
	it.Vendor = strings.TrimSpace(it.Vendor)
	it.Version = strings.TrimSpace(it.Version)
	it.PURL = strings.TrimSpace(it.PURL)
	it.CPE = strings.TrimSpace(it.CPE)
	if it.PURL == "" {
		return nil
	}
	p, err := packageurl.FromString(it.PURL)
	if err != nil {
		return rollcall.FieldError("purl", "package URL %q does not parse: %v", it.PURL, err)
	}
	it.PURL = p.ToString()
	if it.Name == "" {
		it.Name = p.Name
	}
	if it.Version == "" {
		it.Version = p.Version
	}
	return nil
}

// Normalize trims the host's fields, upper-cases and de-duplicates its
// updates and normalises its software. Errors name the field at fault
// relative to the host.
func (h *Host) Normalize() error {
	h.Name = strings.TrimSpace(h.Name)
	h.OS.Name = strings.TrimSpace(h.OS.Name)
	h.OS.Version = strings.TrimSpace(h.OS.Version)
	h.OS.Build = strings.TrimSpace(h.OS.Build)
	updates := h.Updates
	h.Updates = nil
	for i, u := range updates {
		if err := h.AddUpdate(u); err != nil {
			return prefixField(fmt.Sprintf("updates[%d]", i), "", err)
		}
	}
	for i := range h.Software {
		if err := h.Software[i].Normalize(); err != nil {
			return prefixField(fmt.Sprintf("software[%d]", i), ".", err)
		}
	}
	return nil
}

// AddUpdate normalises kb ("kb4012212 " → "KB4012212"; a bare number gets
// its "KB") and adds it unless h has it already. The error has no field.
func (h *Host) AddUpdate(kb string) error {
	kb, err := NormalizeKB(kb)
	if err != nil {
		return err
	}
	for _, have := range h.Updates {
		if have == kb {
			return nil
		}
	}
	h.Updates = append(h.Updates, kb)
	return nil
}

var (
	kbPattern  = regexp.MustCompile(`^KB[0-9]{4,8}$`)
	cpePattern = regexp.MustCompile(`^(cpe:2\.3:[aho\*\-]:\S+|cpe:/[aho]?:\S*)$`)
)

// NormalizeKB returns kb as "KB" and its digits, or an EINVALID error.
func NormalizeKB(kb string) (string, error) {
	kb = strings.ToUpper(strings.TrimSpace(kb))
	if !strings.HasPrefix(kb, "KB") {
		kb = "KB" + kb
	}
	if !kbPattern.MatchString(kb) {
		return "", rollcall.FieldError("", "%q is not an update number like KB4012212", strings.TrimPrefix(kb, "KB"))
	}
	return kb, nil
}

// NormalizePURL returns the canonical form of a package URL, or an error
// saying why it does not parse.
func NormalizePURL(purl string) (string, error) {
	p, err := packageurl.FromString(strings.TrimSpace(purl))
	if err != nil {
		return "", fmt.Errorf("package URL %q does not parse: %v", purl, err)
	}
	return p.ToString(), nil
}

// checkText refuses a value that is too long or not UTF-8 (which JSON
// could not carry unchanged).
func checkText(field, value string) error {
	if len(value) > MaxFieldLength {
		return rollcall.FieldError(field, "longer than %d characters", MaxFieldLength)
	} else if !utf8.ValidString(value) {
		return rollcall.FieldError(field, "not valid UTF-8 text (save the file as UTF-8)")
	}
	return nil
}

// prefixField returns err with its field prefixed by where (joined by sep
// when the field is not empty); errors that are not *rollcall.Error pass
// through unchanged.
func prefixField(where, sep string, err error) error {
	e, ok := err.(*rollcall.Error)
	if !ok {
		return err
	}
	out := *e
	if out.Field == "" {
		out.Field = where
	} else {
		out.Field = where + sep + out.Field
	}
	return &out
}
