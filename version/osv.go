package version

import (
	"sort"
)

// OSVRange is one entry of an OSV record's affected[].ranges[], in the
// OSV schema's JSON shape.
type OSVRange struct {
	Type   string     `json:"type"` // SEMVER, ECOSYSTEM or GIT
	Repo   string     `json:"repo,omitempty"`
	Events []OSVEvent `json:"events"`
}

// OSVEvent is one event of an OSV range; exactly one field is set.
type OSVEvent struct {
	Introduced   string `json:"introduced,omitempty"` // "0" means from the beginning
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"` // "*" means no limit
}

// IsVersionRange reports whether r's events are versions (SEMVER or
// ECOSYSTEM) rather than commits (GIT).
func (r OSVRange) IsVersionRange() bool { return r.Type == "SEMVER" || r.Type == "ECOSYSTEM" }

// FromOSV returns the range of versions that an OSV affected[] entry
// describes under scheme s: the union of its ranges and its versions list.
// Each range is evaluated as the OSV schema specifies: events sorted by
// version, "introduced" opening an affected interval ("0" from the
// beginning), "fixed" closing it before the fixed version, "last_affected"
// closing it after that version, and "limit" capping the whole range. A
// GIT range is refused with an error wrapping ErrNotVersionRange, which a
// caller importing whole records can skip (or filter with
// IsVersionRange first). Other faults wrap ErrInvalidRange or
// ErrUnparseable. With no ranges and no versions the result is an error:
// OSV gives no way to say "nothing is affected".
func FromOSV(s Scheme, ranges []OSVRange, versions []string) (Range, error) {
	if !s.known() {
		return Range{}, invalid(ErrUnknownScheme, "scheme", "%q is not a known version scheme", s)
	}
	var spans []span
	for i, or := range ranges {
		if or.Type == "GIT" {
			return Range{}, invalid(ErrNotVersionRange, "ranges", "range %d is a GIT range: its events are commits, not versions", i+1)
		}
		if !or.IsVersionRange() {
			return Range{}, invalid(ErrInvalidRange, "ranges", "range %d has unknown type %q", i+1, or.Type)
		}
		got, err := osvSpans(s, or)
		if err != nil {
			return Range{}, within(err, "ranges", "range %d", i+1)
		}
		spans = append(spans, got...)
	}
	for i, v := range versions {
		p, err := Parse(s, v)
		if err != nil {
			return Range{}, within(err, "versions", "versions[%d]", i)
		}
		spans = append(spans, span{lo: &p, hi: &p, hiIncl: true})
	}
	if len(ranges) == 0 && len(versions) == 0 {
		return Range{}, invalid(ErrInvalidRange, "ranges", "no ranges and no versions")
	}
	return spansToRange(s, mergeSpans(spans))
}

// span is an interval of versions: from lo (inclusive; nil means from the
// beginning) to hi (inclusive if hiIncl; nil means without end).
type span struct {
	lo, hi *Version
	hiIncl bool
}

// osvEvent is an event with its version parsed.
type osvEvent struct {
	kind string // introduced, fixed, last_affected, limit
	raw  string
	v    *Version // nil for introduced "0" and limit "*"
}

// osvSpans turns one OSV range into affected spans.
func osvSpans(s Scheme, or OSVRange) ([]span, error) {
	var events []osvEvent
	var limits []*Version
	noLimit := false
	for i, e := range or.Events {
		kind, raw, n := "", "", 0
		for k, val := range map[string]string{"introduced": e.Introduced, "fixed": e.Fixed, "last_affected": e.LastAffected, "limit": e.Limit} {
			if val != "" {
				kind, raw, n = k, val, n+1
			}
		}
		if n != 1 {
			return nil, invalid(ErrInvalidRange, "events", "event %d must set exactly one of introduced, fixed, last_affected, limit", i+1)
		}
		ev := osvEvent{kind: kind, raw: raw}
		if !(kind == "introduced" && raw == "0") && !(kind == "limit" && raw == "*") {
			p, err := Parse(s, raw)
			if err != nil {
				return nil, within(err, "events", "event %d (%s)", i+1, kind)
			}
			ev.v = &p
		}
		if kind == "limit" {
			if ev.v == nil {
				noLimit = true
			} else {
				limits = append(limits, ev.v)
			}
			continue
		}
		events = append(events, ev)
	}
	var cmpErr error
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i].v, events[j].v
		if a == nil || b == nil {
			return a == nil && b != nil // introduced "0" sorts first
		}
		c, err := a.Compare(*b)
		if err != nil {
			cmpErr = err
		}
		return c < 0
	})
	if cmpErr != nil {
		return nil, invalid(ErrUnparseable, "events", "%s", cmpErr)
	}
	var spans []span
	open := false
	var lo *Version
	for _, e := range events {
		switch {
		case e.kind == "introduced" && !open:
			open, lo = true, e.v
		case e.kind == "fixed" && open:
			spans = append(spans, span{lo: lo, hi: e.v})
			open = false
		case e.kind == "last_affected" && open:
			spans = append(spans, span{lo: lo, hi: e.v, hiIncl: true})
			open = false
		}
	}
	if open {
		spans = append(spans, span{lo: lo})
	}
	// A limit caps the range: versions at or above every limit are not
	// affected by it, so cap at the greatest limit.
	if len(limits) > 0 && !noLimit {
		top := limits[0]
		for _, l := range limits[1:] {
			if c, err := l.Compare(*top); err == nil && c > 0 {
				top = l
			}
		}
		var capped []span
		for _, sp := range spans {
			if sp.hi == nil || cmpVersions(sp.hi, top) >= 0 {
				sp.hi, sp.hiIncl = top, false
			}
			capped = append(capped, sp)
		}
		spans = capped
	}
	return spans, nil
}

// cmpVersions compares two versions of one scheme already known to compare.
func cmpVersions(a, b *Version) int {
	c, _ := a.Compare(*b)
	return c
}

// empty reports whether sp holds no version.
func (sp span) empty() bool {
	if sp.lo == nil || sp.hi == nil {
		return false
	}
	c := cmpVersions(sp.lo, sp.hi)
	return c > 0 || (c == 0 && !sp.hiIncl)
}

// mergeSpans sorts spans by start and joins those that overlap or touch,
// dropping empty ones.
func mergeSpans(spans []span) []span {
	var kept []span
	for _, sp := range spans {
		if !sp.empty() {
			kept = append(kept, sp)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i].lo, kept[j].lo
		if a == nil || b == nil {
			return a == nil && b != nil
		}
		return cmpVersions(a, b) < 0
	})
	var out []span
	for _, sp := range kept {
		if len(out) == 0 {
			out = append(out, sp)
			continue
		}
		cur := &out[len(out)-1]
		// Join when sp starts at or before cur's end: [a, <b) and [b, …)
		// touch, because every span's start is inclusive.
		if cur.hi == nil || sp.lo == nil || cmpVersions(sp.lo, cur.hi) <= 0 {
			switch {
			case cur.hi == nil || sp.hi == nil:
				cur.hi, cur.hiIncl = nil, false
			default:
				c := cmpVersions(sp.hi, cur.hi)
				if c > 0 || (c == 0 && sp.hiIncl) {
					cur.hi, cur.hiIncl = sp.hi, sp.hiIncl
				}
			}
			continue
		}
		out = append(out, sp)
	}
	return out
}

// spansToRange writes merged spans as vers constraints.
func spansToRange(s Scheme, spans []span) (Range, error) {
	var cs []Constraint
	for _, sp := range spans {
		switch {
		case sp.lo == nil && sp.hi == nil:
			return All(s), nil
		case sp.lo != nil && sp.hi != nil && sp.hiIncl && cmpVersions(sp.lo, sp.hi) == 0:
			cs = append(cs, Constraint{Equal, sp.lo.raw})
			continue
		}
		if sp.lo != nil {
			cs = append(cs, Constraint{GreaterEqual, sp.lo.raw})
		}
		if sp.hi != nil {
			op := Less
			if sp.hiIncl {
				op = LessEqual
			}
			cs = append(cs, Constraint{op, sp.hi.raw})
		}
	}
	if len(cs) == 0 {
		return Range{}, invalid(ErrInvalidRange, "ranges", "the ranges affect no version (every interval is empty)")
	}
	return NewRange(s, cs)
}
