package version

import (
	"fmt"
	"strings"
)

// Verdict is the answer to "is this version in the affected range?".
type Verdict int

// Verdicts. Unknown is never treated as NotAffected: a host whose version
// cannot be read is shown as unknown, with the reason. The zero Verdict is
// Unknown, so a verdict never set is never "safe".
const (
	Unknown     Verdict = iota // the version cannot be parsed or compared
	Affected                   // the version is in the range
	NotAffected                // the version is outside the range
)

// String returns "affected", "not affected" or "unknown".
func (v Verdict) String() string {
	switch v {
	case Affected:
		return "affected"
	case NotAffected:
		return "not affected"
	}
	return "unknown"
}

// Contains reports whether version v, written under r's scheme, is in r.
// It is Unknown when v cannot be parsed (see Parse) or compared.
func (r Range) Contains(v string) Verdict {
	p, err := Parse(r.scheme, v)
	if err != nil {
		return Unknown
	}
	return r.ContainsParsed(p)
}

// ContainsParsed is Contains for a version already parsed, so that one
// candidate can be checked against many ranges without parsing it again.
// It costs one binary search over r's constraints.
func (r Range) ContainsParsed(v Version) Verdict {
	verdict, _ := r.locate(v)
	return verdict
}

// Explain returns Contains's verdict for v with its reason, written for
// people: "1.2.0 is in [>=1.0.0, <1.2.3]", "1.2.3 is at or above the fixed
// version 1.2.3", "\"banana\" is not a valid pypi version".
func (r Range) Explain(v string) (Verdict, string) {
	p, err := Parse(r.scheme, v)
	if err != nil {
		return Unknown, errorText(err)
	}
	return r.ExplainParsed(p)
}

// ExplainParsed is Explain for a version already parsed.
func (r Range) ExplainParsed(v Version) (Verdict, string) {
	verdict, at := r.locate(v)
	return verdict, r.reason(v, verdict, at)
}

// place says where locate found a version, for the reason text.
type place struct {
	equal int // index of the constraint v equals, or -1
	below int // index into bounds of the nearest bound below v, or -1
	above int // index into bounds of the nearest bound above v, or -1
	err   error
}

// locate applies the specification's containment check (VERSION-RANGE-SPEC,
// "Checking if a version is contained within a range") with one binary
// search instead of its linear walks. Because a valid range's lower and
// upper bounds alternate, the spec's pairwise walk reduces to looking at
// the bounds just below and just above v. The walk has no pair when there
// is a single bound; that bound is then both the first and the last, and
// its rule applies (v < "<x" is in, v > ">x" is in).
func (r Range) locate(v Version) (Verdict, place) {
	at := place{equal: -1, below: -1, above: -1}
	if v.order == nil || v.scheme != r.scheme {
		at.err = fmt.Errorf("%q is not a parsed %s version", v.raw, r.scheme)
		return Unknown, at
	}
	if r.all {
		return Affected, at
	}
	// k is the first constraint whose version is >= v. Versions in a range
	// are unique, so a constraint equal to v, if any, is met on the way.
	lo, hi := 0, len(r.parsed)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		c, err := r.parsed[mid].Compare(v)
		if err != nil {
			at.err = err
			return Unknown, at
		}
		if c == 0 {
			at.equal = mid
		}
		if c < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	k := lo
	if at.equal >= 0 {
		switch r.constraints[k].Comparator {
		case Equal, LessEqual, GreaterEqual:
			return Affected, at
		case NotEqual:
			return NotAffected, at
		}
	}
	// Bounds strictly below v, and the first one at or above it.
	j := r.boundsBefore[k]
	if j > 0 {
		at.below = j - 1
	}
	if j < len(r.bounds) {
		at.above = j
	}
	if at.equal >= 0 {
		return NotAffected, at // equal to an exclusive < or > bound
	}
	switch {
	case len(r.bounds) == 0:
		return NotAffected, at
	case j == 0:
		if r.constraints[r.bounds[0]].Comparator.isUpper() {
			return Affected, at
		}
	case j == len(r.bounds):
		if r.constraints[r.bounds[j-1]].Comparator.isLower() {
			return Affected, at
		}
	default:
		if r.constraints[r.bounds[j-1]].Comparator.isLower() && r.constraints[r.bounds[j]].Comparator.isUpper() {
			return Affected, at
		}
	}
	return NotAffected, at
}

// reason writes the verdict's explanation.
func (r Range) reason(v Version, verdict Verdict, at place) string {
	if at.err != nil {
		return fmt.Sprintf("%s cannot be compared: %v", v.raw, at.err)
	}
	if r.all {
		return fmt.Sprintf("%s is affected: every version is", v.raw)
	}
	if at.equal >= 0 {
		c := r.constraints[at.equal]
		switch c.Comparator {
		case Equal:
			return fmt.Sprintf("%s is listed as affected", v.raw)
		case NotEqual:
			return fmt.Sprintf("%s is excluded from the range (!=%s)", v.raw, c.Version)
		case LessEqual, GreaterEqual:
			return fmt.Sprintf("%s is in %s", v.raw, r.interval(at.equal))
		case Less:
			return fmt.Sprintf("%s is at or above the fixed version %s", v.raw, c.Version)
		case Greater:
			return fmt.Sprintf("%s is not above %s", v.raw, c.Version)
		}
	}
	if verdict == Affected {
		// Inside an interval: name it by its bound nearest v.
		if at.below >= 0 && r.constraints[r.bounds[at.below]].Comparator.isLower() {
			return fmt.Sprintf("%s is in %s", v.raw, r.interval(r.bounds[at.below]))
		}
		return fmt.Sprintf("%s is in %s", v.raw, r.interval(r.bounds[at.above]))
	}
	if at.below >= 0 {
		c := r.constraints[r.bounds[at.below]]
		if c.Comparator == Less {
			return fmt.Sprintf("%s is at or above the fixed version %s", v.raw, c.Version)
		}
		if c.Comparator == LessEqual {
			return fmt.Sprintf("%s is above the last affected version %s", v.raw, c.Version)
		}
	}
	if at.above >= 0 {
		c := r.constraints[r.bounds[at.above]]
		if c.Comparator.isLower() {
			return fmt.Sprintf("%s is below the affected range %s", v.raw, r.interval(r.bounds[at.above]))
		}
	}
	return fmt.Sprintf("%s is not one of the affected versions", v.raw)
}

// interval renders the interval that the bound constraints[i] belongs to,
// e.g. "[>=1.0.0, <1.2.3]", "[<1.2.3]" or "[>=2.0.0]".
func (r Range) interval(i int) string {
	var parts []string
	c := r.constraints[i]
	if c.Comparator.isUpper() {
		if lower := r.neighbourBound(i, -1); lower >= 0 && r.constraints[lower].Comparator.isLower() {
			parts = append(parts, r.constraints[lower].String())
		}
		parts = append(parts, c.String())
	} else {
		parts = append(parts, c.String())
		if upper := r.neighbourBound(i, +1); upper >= 0 && r.constraints[upper].Comparator.isUpper() {
			parts = append(parts, r.constraints[upper].String())
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// neighbourBound returns the index of the next <, <=, >, >= constraint
// from i in direction dir, or -1.
func (r Range) neighbourBound(i, dir int) int {
	for j := i + dir; j >= 0 && j < len(r.constraints); j += dir {
		if r.constraints[j].Comparator.isLower() || r.constraints[j].Comparator.isUpper() {
			return j
		}
	}
	return -1
}
