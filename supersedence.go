package rollcall

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
)

// rollupsCSV lists Windows monthly rollups by series and month: each
// rollup contains every fix of the earlier rollups of its series, which is
// how Microsoft's bulletins say "later monthly rollups also contain the
// fix". It covers the 2017 rollups of Windows 7 SP1 / Server 2008 R2 SP1,
// Windows 8.1 / Server 2012 R2 and Server 2012, the months MS17-010 was
// answered in; an alert can name later updates in FixedBy directly.
//
//go:embed rollups.csv
var rollupsCSV string

// Supersedence knows which later updates contain an earlier one.
type Supersedence struct {
	later map[string][]string // update -> later updates of its series, in order
}

// DefaultSupersedence is the built-in table of rollups.csv.
var DefaultSupersedence = mustSupersedence(rollupsCSV)

func mustSupersedence(text string) *Supersedence {
	s, err := ParseRollups(text)
	if err != nil {
		panic(err)
	}
	return s
}

// ParseRollups reads a rollup table: a header "series,month,update", then
// one line per update, each series in release order.
func ParseRollups(text string) (*Supersedence, error) {
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return nil, FieldError("rollups", "The rollup table is not valid CSV: %v.", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "series,month,update" {
		return nil, FieldError("rollups", "The rollup table must start with the header series,month,update.")
	}
	series := map[string][]string{}
	var order []string
	lastMonth := map[string]string{}
	for i, r := range rows[1:] {
		name, month, kb := r[0], r[1], NormaliseKB(r[2])
		if !kbNumber.MatchString(kb) {
			return nil, FieldError("rollups", "Line %d: %q is not an update number.", i+2, r[2])
		}
		if month <= lastMonth[name] {
			return nil, FieldError("rollups", "Line %d: series %s is not in release order.", i+2, name)
		}
		lastMonth[name] = month
		if _, ok := series[name]; !ok {
			order = append(order, name)
		}
		series[name] = append(series[name], kb)
	}
	s := &Supersedence{later: map[string][]string{}}
	for _, name := range order {
		kbs := series[name]
		for i, kb := range kbs {
			if _, dup := s.later[kb]; dup {
				return nil, fmt.Errorf("rollups: %s is in two series", kb)
			}
			s.later[kb] = kbs[i+1:]
		}
	}
	return s, nil
}

// Expand returns kbs followed by every later update that contains one of
// them, without repeats: the updates any of which fixes a host.
func (s *Supersedence) Expand(kbs []string) []string {
	out := make([]string, 0, len(kbs))
	add := func(kb string) {
		if !slices.Contains(out, kb) {
			out = append(out, kb)
		}
	}
	for _, kb := range kbs {
		add(NormaliseKB(kb))
	}
	for _, kb := range kbs {
		for _, l := range s.later[NormaliseKB(kb)] {
			add(l)
		}
	}
	return out
}
