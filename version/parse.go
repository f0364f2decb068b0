package version

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/google/osv-scalibr/semantic"
)

// maxLen bounds a version string; nothing real comes near it.
const maxLen = 256

// Version is a version string parsed under a scheme. Parse once and
// compare many times: the hot path of exposure matching.
// The zero Version is invalid and compares with an error.
type Version struct {
	scheme Scheme
	raw    string
	order  ordered
}

// ordered is a parsed version of one scheme.
type ordered interface {
	compare(other ordered) (int, error)
}

// String returns the version as it was written.
func (v Version) String() string { return v.raw }

// Scheme returns the scheme v was parsed under.
func (v Version) Scheme() Scheme { return v.scheme }

// Compare returns -1, 0 or +1 as v is before, equal to or after w. It
// fails when the two were parsed under different schemes or either is the
// zero Version.
func (v Version) Compare(w Version) (int, error) {
	if v.order == nil || w.order == nil {
		return 0, fmt.Errorf("version: comparing an unparsed version: %w", ErrUnparseable)
	}
	if v.scheme != w.scheme {
		return 0, fmt.Errorf("version: cannot compare a %s version with a %s version", v.scheme, w.scheme)
	}
	return v.order.compare(w.order)
}

// Compare returns -1, 0 or +1 as a is before, equal to or after b under
// scheme s. It returns an error wrapping ErrUnparseable when either cannot
// be parsed (see Parse for what each scheme accepts).
func Compare(s Scheme, a, b string) (int, error) {
	va, err := Parse(s, a)
	if err != nil {
		return 0, err
	}
	vb, err := Parse(s, b)
	if err != nil {
		return 0, err
	}
	return va.Compare(vb)
}

// Parse parses v under scheme s. Every scheme refuses the empty string,
// strings longer than 256 bytes and anything but printable ASCII (so no
// whitespace, control characters or non-ASCII letters). Each scheme then
// has its own grammar, checked before delegating to osv-scalibr, because
// several of its parsers accept any string:
//
//   - npm, golang, cargo, semver, pub: semver with an optional "v"; one to
//     three numeric parts (missing parts are zero), an optional
//     "-pre.release" and "+build" (ignored by npm, Go and Cargo). So Go
//     module versions (v1.2.3, v0.0.0-20210101000000-abcdef123456,
//     v2.0.0+incompatible) and OSV's Go versions (1.2.3) both parse;
//     "latest" or "^1.2" do not.
//   - pypi: PEP 440's public grammar (epochs, pre, post, dev, local
//     versions). Legacy, non-PEP 440 strings are refused.
//   - maven: letters, digits and . - _ + with at least one digit.
//   - deb: [epoch:]upstream[-revision], the upstream starting with a digit.
//   - rpm: [epoch:]version[-release], at least one digit, letters, digits
//     and . _ + ~ ^.
//   - apk: apk-tools' grammar: 1.2.3[letter][_suffixN…][~hash][-rN].
//   - nuget: one to four numeric parts, "-pre.release", "+metadata".
//   - gem: RubyGems' version pattern (1.2.3.pre, 1.0.0-rc1).
//   - composer: an optional "v", numeric parts, then letter or digit runs
//     such as -beta1 or -RC2; branch names (dev-main) are refused.
//   - windows: two to four dot-separated decimal numbers; missing parts
//     are zero, so 10.0.14393 sorts before every 10.0.14393.N update.
//   - generic: anything left after the common rule.
func Parse(s Scheme, v string) (Version, error) {
	if !s.known() {
		return Version{}, invalid(ErrUnknownScheme, "scheme", "%q is not a known version scheme", s)
	}
	if why := commonFault(v); why != "" {
		return Version{}, unparseable(s, v, why)
	}
	var o ordered
	switch s {
	case Windows:
		w, ok := parseWindows(v)
		if !ok {
			return Version{}, unparseable(s, v, "")
		}
		o = w
	case Generic:
		o = parseGeneric(v)
	default:
		if !grammars[s](v) {
			return Version{}, unparseable(s, v, "")
		}
		sv, err := semantic.Parse(v, semanticEcosystem[s])
		if err != nil {
			return Version{}, unparseable(s, v, "")
		}
		o = semanticVersion{sv}
	}
	return Version{scheme: s, raw: v, order: o}, nil
}

// commonFault says why v is unparseable under every scheme, or "".
func commonFault(v string) string {
	if v == "" {
		return "empty"
	}
	if len(v) > maxLen {
		return fmt.Sprintf("longer than %d bytes", maxLen)
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			return "contains whitespace"
		case c < 0x20 || c == 0x7f:
			return "contains a control character"
		case c > 0x7f:
			return "contains a non-ASCII character"
		}
	}
	return ""
}

// semanticVersion is a version parsed by osv-scalibr.
type semanticVersion struct{ v semantic.Version }

func (a semanticVersion) compare(b ordered) (int, error) {
	bv, ok := b.(semanticVersion)
	if !ok {
		return 0, fmt.Errorf("version: mismatched version kinds")
	}
	return a.v.Compare(bv.v)
}

// Grammars of the delegated schemes, checked before osv-scalibr parses.
var (
	mavenRE    = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._+-]*$`)
	debRE      = regexp.MustCompile(`^([0-9]+:)?[0-9][0-9A-Za-z.+~-]*$`)
	rpmRE      = regexp.MustCompile(`^([0-9]+:)?[0-9A-Za-z._+~^]+(-[0-9A-Za-z._+~^]+)?$`)
	apkRE      = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*(~[0-9a-f]+)?(-r[0-9]+)?$`)
	gemRE      = regexp.MustCompile(`^[0-9]+(\.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)
	composerRE = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*([-_.+]?[0-9A-Za-z]+)*$`)
	// PEP 440 appendix B, as osv-scalibr uses it, without the whitespace.
	pypiRE = regexp.MustCompile(`^v?(?:(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:[-_\.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_\.]?[0-9]*)?(?:-[0-9]+|[-_\.]?(?:post|rev|r)[-_\.]?[0-9]*)?(?:[-_\.]?dev[-_\.]?[0-9]*)?)(?:\+[a-z0-9]+(?:[-_\.][a-z0-9]+)*)?$`)
)

// grammars holds, for each delegated scheme, a check that v is well formed.
var grammars = map[Scheme]func(v string) bool{
	NPM:      isSemver,
	Golang:   isSemver,
	Cargo:    isSemver,
	Semver:   isSemver,
	Pub:      isSemver,
	NuGet:    isNuGet,
	Gem:      gemRE.MatchString,
	Composer: composerRE.MatchString,
	APK:      apkRE.MatchString,
	PyPI:     func(v string) bool { return pypiRE.MatchString(strings.ToLower(v)) },
	Maven:    func(v string) bool { return mavenRE.MatchString(v) && strings.ContainsAny(v, "0123456789") },
	RPM:      func(v string) bool { return rpmRE.MatchString(v) && strings.ContainsAny(v, "0123456789") },
	Deb: func(v string) bool {
		// A hyphen at the end would leave an empty Debian revision.
		return debRE.MatchString(v) && !strings.HasSuffix(v, "-")
	},
}

// isSemver reports whether v is v?MAJOR[.MINOR[.PATCH]][-PRE][+BUILD], the
// pre-release and build being dot-separated identifiers of letters, digits
// and hyphens. It is written out, not a regexp: it runs once per candidate.
func isSemver(v string) bool {
	return semverShape(strings.TrimPrefix(v, "v"), 3)
}

// isNuGet is isSemver with up to four numeric parts and no "v".
func isNuGet(v string) bool { return semverShape(v, 4) }

func semverShape(v string, maxParts int) bool {
	core, rest := v, ""
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		core, rest = v[:i], v[i:]
	}
	parts := 0
	for p := range strings.SplitSeq(core, ".") {
		if p == "" || strings.TrimLeft(p, "0123456789") != "" {
			return false
		}
		parts++
	}
	if parts > maxParts {
		return false
	}
	if pre, ok := strings.CutPrefix(rest, "-"); ok {
		pre, _, _ = strings.Cut(pre, "+")
		if !identifiers(pre) {
			return false
		}
		rest = rest[1+len(pre):]
	}
	if rest == "" {
		return true
	}
	return rest[0] == '+' && identifiers(rest[1:])
}

// identifiers reports whether s is one or more dot-separated non-empty
// runs of ASCII letters, digits and hyphens.
func identifiers(s string) bool {
	for id := range strings.SplitSeq(s, ".") {
		if id == "" {
			return false
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !(isDigit(c) || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return false
			}
		}
	}
	return true
}
