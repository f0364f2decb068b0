package version

import (
	"fmt"
	"strconv"
	"strings"
)

// windowsVersion is a Windows build number: major.minor.build.revision,
// e.g. 10.0.14393.1198. Missing trailing parts are zero.
type windowsVersion [4]uint64

// parseWindows accepts two to four dot-separated decimal numbers.
func parseWindows(v string) (windowsVersion, bool) {
	var w windowsVersion
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 4 {
		return w, false
	}
	for i, p := range parts {
		if p == "" || strings.TrimLeft(p, "0123456789") != "" {
			return w, false
		}
		n, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			return w, false
		}
		w[i] = n
	}
	return w, true
}

func (a windowsVersion) compare(o ordered) (int, error) {
	b, ok := o.(windowsVersion)
	if !ok {
		return 0, fmt.Errorf("version: mismatched version kinds")
	}
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1, nil
			}
			return 1, nil
		}
	}
	return 0, nil
}

// genericVersion is a version split into runs of digits and non-digits.
// Digit runs are stored without leading zeros so that they compare as
// numbers of any length: by length first, then byte by byte.
type genericVersion []genericRun

type genericRun struct {
	digits bool
	text   string
}

func parseGeneric(v string) genericVersion {
	var g genericVersion
	for i := 0; i < len(v); {
		digits := isDigit(v[i])
		j := i + 1
		for j < len(v) && isDigit(v[j]) == digits {
			j++
		}
		text := v[i:j]
		if digits {
			text = strings.TrimLeft(text, "0")
		}
		g = append(g, genericRun{digits: digits, text: text})
		i = j
	}
	return g
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (a genericVersion) compare(o ordered) (int, error) {
	b, ok := o.(genericVersion)
	if !ok {
		return 0, fmt.Errorf("version: mismatched version kinds")
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := a[i].cmp(b[i]); c != 0 {
			return c, nil
		}
	}
	switch {
	case len(a) < len(b):
		return -1, nil
	case len(a) > len(b):
		return 1, nil
	}
	return 0, nil
}

// cmp orders runs: a digit run after a non-digit run; digit runs by
// numeric value; other runs byte by byte.
func (r genericRun) cmp(s genericRun) int {
	switch {
	case r.digits && !s.digits:
		return 1
	case !r.digits && s.digits:
		return -1
	case r.digits && len(r.text) != len(s.text):
		if len(r.text) < len(s.text) {
			return -1
		}
		return 1
	}
	return strings.Compare(r.text, s.text)
}
