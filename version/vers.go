package version

import (
	"net/url"
	"sort"
	"strings"
)

// Comparator is the operator of one vers constraint.
type Comparator string

// Comparators of the vers notation. Equal is written as a bare version.
const (
	Equal        Comparator = "="
	NotEqual     Comparator = "!="
	Less         Comparator = "<"
	LessEqual    Comparator = "<="
	Greater      Comparator = ">"
	GreaterEqual Comparator = ">="
)

// isUpper reports whether c bounds an interval from above (< or <=).
func (c Comparator) isUpper() bool { return c == Less || c == LessEqual }

// isLower reports whether c bounds an interval from below (> or >=).
func (c Comparator) isLower() bool { return c == Greater || c == GreaterEqual }

// Constraint is one comparator and version of a vers range.
type Constraint struct {
	Comparator Comparator
	Version    string
}

// String returns the constraint in vers notation, the version
// percent-encoded where it holds a separator or comparator character.
func (c Constraint) String() string {
	op := string(c.Comparator)
	if c.Comparator == Equal {
		op = ""
	}
	return op + escapeVersion(c.Version)
}

// Range is a set of versions under one scheme, as a vers string describes
// it: sorted constraints with unique versions, or "*" for every version.
// Build one with ParseVers, NewRange, All or FromOSV; it is parsed once and
// safe for concurrent use. The zero Range has no scheme: every version is
// Unknown to it.
type Range struct {
	scheme      Scheme
	all         bool
	constraints []Constraint
	parsed      []Version // parsed[i] is constraints[i].Version
	// bounds indexes the <, <=, >, >= constraints; boundsBefore[k] is how
	// many of them sit before constraints[k] (len(constraints)+1 entries).
	bounds       []int
	boundsBefore []int
}

// All returns the range of every version under s: vers:<s>/*.
func All(s Scheme) Range { return Range{scheme: s, all: true} }

// Scheme returns the range's versioning scheme.
func (r Range) Scheme() Scheme { return r.scheme }

// IsAll reports whether r is "*", every version.
func (r Range) IsAll() bool { return r.all }

// Constraints returns a copy of r's constraints, sorted by version.
func (r Range) Constraints() []Constraint { return append([]Constraint(nil), r.constraints...) }

// String returns r in canonical vers notation, e.g.
// "vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0". ParseVers reads it back.
func (r Range) String() string {
	var b strings.Builder
	b.WriteString("vers:")
	b.WriteString(string(r.scheme))
	b.WriteString("/")
	if r.all {
		b.WriteString("*")
		return b.String()
	}
	for i, c := range r.constraints {
		if i > 0 {
			b.WriteString("|")
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// MarshalText returns r's canonical vers string, so that a Range can be
// stored or sent as text.
func (r Range) MarshalText() ([]byte, error) {
	if r.scheme == "" {
		return nil, invalid(ErrInvalidRange, "vers", "the zero Range has no vers form")
	}
	return []byte(r.String()), nil
}

// UnmarshalText parses a vers string into r, as ParseVers does.
func (r *Range) UnmarshalText(text []byte) error {
	parsed, err := ParseVers(string(text))
	if err != nil {
		return err
	}
	*r = parsed
	return nil
}

// ParseVers parses a vers string such as "vers:pypi/>=1.0|<1.2.3|!=1.1".
// It follows the package-url VERSION-RANGE-SPEC, which makes white space,
// a leading or trailing "|" and an empty constraint ("||") errors rather
// than things to tidy away: a range that reads two ways is refused. Versions
// are percent-decoded; the constraints must already be sorted by version,
// with unique versions and comparators that alternate as the specification
// requires. A leading "=" is accepted as the equality comparator. Errors
// wrap ErrInvalidRange, or ErrUnparseable when a version does not parse,
// and say which constraint (counting from 1) or byte is at fault.
func ParseVers(s string) (Range, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			return Range{}, invalid(ErrInvalidRange, "vers", "%q holds white space at byte %d (vers allows none)", s, i+1)
		case c < 0x21 || c > 0x7e:
			return Range{}, invalid(ErrInvalidRange, "vers", "%q holds a character that is not printable ASCII at byte %d", s, i+1)
		}
	}
	uri, spec, ok := strings.Cut(s, ":")
	if !ok || uri != "vers" {
		return Range{}, invalid(ErrInvalidRange, "vers", "%q does not start with \"vers:\"", s)
	}
	name, list, ok := strings.Cut(spec, "/")
	if !ok || name == "" {
		return Range{}, invalid(ErrInvalidRange, "vers", "%q has no versioning scheme (vers:<scheme>/<constraints>)", s)
	}
	scheme, ok := ParseScheme(name)
	if !ok {
		return Range{}, invalid(ErrUnknownScheme, "vers", "%q: unknown versioning scheme %q", s, name)
	}
	if list == "*" {
		return All(scheme), nil
	}
	switch {
	case list == "":
		return Range{}, invalid(ErrInvalidRange, "vers", "%q has no constraints", s)
	case strings.HasPrefix(list, "|"):
		return Range{}, invalid(ErrInvalidRange, "vers", "%q: the constraint list starts with \"|\"", s)
	case strings.HasSuffix(list, "|"):
		return Range{}, invalid(ErrInvalidRange, "vers", "%q: the constraint list ends with \"|\"", s)
	}
	var cs []Constraint
	for _, raw := range strings.Split(list, "|") {
		n := len(cs) + 1
		if raw == "" {
			return Range{}, invalid(ErrInvalidRange, "vers", "%q: empty constraint %d (\"||\")", s, n)
		}
		c, err := parseConstraint(raw)
		if err != nil {
			return Range{}, within(err, "vers", "constraint %d %q", n, raw)
		}
		cs = append(cs, c)
	}
	return newRange(scheme, cs, false)
}

// parseConstraint splits one constraint into comparator and version.
func parseConstraint(raw string) (Constraint, error) {
	var op Comparator
	for _, p := range []Comparator{GreaterEqual, LessEqual, NotEqual, Less, Greater, Equal} {
		if strings.HasPrefix(raw, string(p)) {
			op = p
			break
		}
	}
	if op == "" {
		op = Equal
	}
	v := strings.TrimPrefix(raw, string(op))
	if v == "*" {
		return Constraint{}, invalid(ErrInvalidRange, "vers", "\"*\" must stand alone")
	}
	if v == "" {
		return Constraint{}, invalid(ErrInvalidRange, "vers", "no version after %q", op)
	}
	if strings.ContainsAny(v, "<>=!*") {
		return Constraint{}, invalid(ErrInvalidRange, "vers", "unknown comparator, or an unescaped comparator character in %q", v)
	}
	if strings.Contains(v, "%") {
		u, err := url.PathUnescape(v)
		if err != nil {
			return Constraint{}, invalid(ErrInvalidRange, "vers", "bad percent-encoding in %q", v)
		}
		v = u
	}
	return Constraint{Comparator: op, Version: v}, nil
}

// NewRange returns the range of scheme s with constraints cs, which it
// sorts by version; otherwise it validates them as ParseVers does.
func NewRange(s Scheme, cs []Constraint) (Range, error) {
	if !s.known() {
		return Range{}, invalid(ErrUnknownScheme, "scheme", "%q is not a known version scheme", s)
	}
	if len(cs) == 0 {
		return Range{}, invalid(ErrInvalidRange, "vers", "a range needs at least one constraint")
	}
	return newRange(s, append([]Constraint(nil), cs...), true)
}

// newRange parses every version, sorts cs if asked (else requires it
// sorted), and checks the specification's validity rules.
func newRange(s Scheme, cs []Constraint, sortThem bool) (Range, error) {
	r := Range{scheme: s, constraints: cs, parsed: make([]Version, len(cs))}
	for i, c := range cs {
		switch c.Comparator {
		case Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual:
		default:
			return Range{}, invalid(ErrInvalidRange, "vers", "constraint %d %q: unknown comparator %q", i+1, c.String(), c.Comparator)
		}
		v, err := Parse(s, c.Version)
		if err != nil {
			return Range{}, within(err, "vers", "constraint %d %q", i+1, c.String())
		}
		r.parsed[i] = v
	}
	var cmpErr error
	cmp := func(i, j int) int {
		c, err := r.parsed[i].Compare(r.parsed[j])
		if err != nil && cmpErr == nil {
			cmpErr = err
		}
		return c
	}
	if sortThem {
		sort.Sort(byVersion{&r, cmp})
	}
	for i := 1; i < len(cs); i++ {
		switch c := cmp(i-1, i); {
		case cmpErr != nil:
			return Range{}, invalid(ErrUnparseable, "vers", "constraint %d %q: %s", i+1, cs[i].String(), cmpErr)
		case c == 0:
			return Range{}, invalid(ErrInvalidRange, "vers", "constraint %d %q: version %s appears twice (versions must be unique)", i+1, cs[i].String(), cs[i].Version)
		case c > 0:
			return Range{}, invalid(ErrInvalidRange, "vers", "constraint %d %q: constraints must be sorted by version, and %s is lower than %s before it", i+1, cs[i].String(), cs[i].Version, cs[i-1].Version)
		}
	}
	if err := checkSequence(cs); err != nil {
		return Range{}, err
	}
	r.boundsBefore = make([]int, len(cs)+1)
	for i, c := range cs {
		r.boundsBefore[i] = len(r.bounds)
		if c.Comparator.isUpper() || c.Comparator.isLower() {
			r.bounds = append(r.bounds, i)
		}
	}
	r.boundsBefore[len(cs)] = len(r.bounds)
	return r, nil
}

// checkSequence applies the specification's rules to contiguous
// comparators: ignoring "!=", "=" is followed only by "=", ">" or ">=";
// ignoring "=" and "!=" too, lower and upper bounds alternate.
func checkSequence(cs []Constraint) error {
	prev := -1 // index of the previous constraint that is not "!="
	prevBound := -1
	for i, c := range cs {
		if c.Comparator == NotEqual {
			continue
		}
		if prev >= 0 && cs[prev].Comparator == Equal && c.Comparator.isUpper() {
			return invalid(ErrInvalidRange, "vers", "constraint %d %q: %q cannot follow %q (an equality must be followed by =, > or >=)", i+1, c.String(), c.String(), cs[prev].String())
		}
		prev = i
		if c.Comparator == Equal {
			continue
		}
		if prevBound >= 0 && cs[prevBound].Comparator.isUpper() == c.Comparator.isUpper() {
			return invalid(ErrInvalidRange, "vers", "constraint %d %q: %q cannot follow %q (lower and upper bounds must alternate)", i+1, c.String(), c.String(), cs[prevBound].String())
		}
		prevBound = i
	}
	return nil
}

// byVersion sorts a range's constraints and parsed versions together.
type byVersion struct {
	r   *Range
	cmp func(i, j int) int
}

func (b byVersion) Len() int           { return len(b.r.constraints) }
func (b byVersion) Less(i, j int) bool { return b.cmp(i, j) < 0 }
func (b byVersion) Swap(i, j int) {
	b.r.constraints[i], b.r.constraints[j] = b.r.constraints[j], b.r.constraints[i]
	b.r.parsed[i], b.r.parsed[j] = b.r.parsed[j], b.r.parsed[i]
}

// escapeVersion percent-encodes the characters vers reserves.
func escapeVersion(v string) string {
	if !strings.ContainsAny(v, "<>=!*|% ") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '<', '>', '=', '!', '*', '|', '%', ' ':
			b.WriteString("%")
			b.WriteString(strings.ToUpper(string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15])))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
