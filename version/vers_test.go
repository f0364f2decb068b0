package version

import (
	"errors"
	"strings"
	"testing"

	"rollcall"
)

func TestParseVersRoundTrip(t *testing.T) {
	tests := []struct {
		in, want string // want "" means in is canonical already
	}{
		{"vers:npm/1.2.3", ""},
		{"vers:npm/>=1.0.0|<1.2.3", ""},
		{"vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0", ""},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", ""},
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", ""},
		{"vers:pypi/<=1.0|!=1.5|>2.0", ""},
		{"vers:deb/*", ""},
		{"vers:golang/>=0.0.0-20210101000000-abcdef123456|<1.0.0", ""},
		{"vers:deb/>=1:1.0~rc1-1|<1:1.2-3", ""},
		{"vers:windows/>=10.0.14393.0|<10.0.14393.1198", ""},
		{"vers:npm/=1.2.3", "vers:npm/1.2.3"},
		{"vers:alpine/>=1.2.3-r0|<1.2.3-r4", "vers:apk/>=1.2.3-r0|<1.2.3-r4"},
		{"vers:generic/1.0%2Bbuild", "vers:generic/1.0+build"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := ParseVers(tt.in)
			if err != nil {
				t.Fatalf("ParseVers(%q): %v", tt.in, err)
			}
			want := tt.want
			if want == "" {
				want = tt.in
			}
			if got := r.String(); got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
			again, err := ParseVers(r.String())
			if err != nil || again.String() != r.String() {
				t.Errorf("second round trip: %q, %v", again.String(), err)
			}
		})
	}
}

func TestParseVersInvalid(t *testing.T) {
	tests := []struct {
		name, in string
		is       error
		msg      string // a fragment the message must hold
	}{
		{"empty", "", ErrInvalidRange, "vers:"},
		{"no uri scheme", "npm/1.0.0", ErrInvalidRange, `does not start with "vers:"`},
		{"upper-case uri", "VERS:npm/1.0.0", ErrInvalidRange, "vers:"},
		{"missing scheme", "vers:/1.0.0", ErrInvalidRange, "no versioning scheme"},
		{"missing slash", "vers:npm", ErrInvalidRange, "no versioning scheme"},
		{"unknown scheme", "vers:cobol/1.0", ErrUnknownScheme, `unknown versioning scheme "cobol"`},
		{"no constraints", "vers:npm/", ErrInvalidRange, "no constraints"},
		{"only pipes", "vers:npm/||", ErrInvalidRange, "starts with \"|\""},
		{"space after pipe", "vers:npm/>=1.0.0| <2.0.0", ErrInvalidRange, "white space at byte 18"},
		{"space before pipe", "vers:npm/>=1.0.0 |<2.0.0", ErrInvalidRange, "white space at byte 17"},
		{"space in a version", "vers:npm/<1.2. 3", ErrInvalidRange, "white space"},
		{"trailing space", "vers:npm/<1.2.3 ", ErrInvalidRange, "white space"},
		{"tab", "vers:npm/>=1.0.0|\t<2.0.0", ErrInvalidRange, "white space"},
		{"space after the colon", "vers: npm/1.0.0", ErrInvalidRange, "white space"},
		{"leading pipe", "vers:npm/|>=1.0.0|<2.0.0", ErrInvalidRange, "starts with \"|\""},
		{"trailing pipe", "vers:npm/>=1.0.0|<2.0.0|", ErrInvalidRange, "ends with \"|\""},
		{"double pipe", "vers:npm/>=1.0.0||<2.0.0", ErrInvalidRange, "empty constraint 2"},
		{"unsorted", "vers:npm/<2.0.0|>=1.0.0", ErrInvalidRange, "constraint 2 \">=1.0.0\": constraints must be sorted by version"},
		{"duplicate", "vers:npm/>=1.0.0|<1.0.0", ErrInvalidRange, "appears twice"},
		{"duplicate equal spelling", "vers:pypi/>=1.0|<1.0.0", ErrInvalidRange, "appears twice"},
		{"unknown comparator", "vers:npm/~>1.0.0", ErrInvalidRange, "constraint 1"},
		{"double equals", "vers:npm/==1.0.0", ErrInvalidRange, "unknown comparator"},
		{"caret", "vers:npm/^1.0.0", ErrUnparseable, `constraint 1 "^1.0.0": "^1.0.0" is not a valid npm version`},
		{"bad version", "vers:npm/>=1.0.0|<2.0.0|>=x.y", ErrUnparseable, `constraint 3 ">=x.y": "x.y" is not a valid npm version`},
		{"star with others", "vers:npm/*|1.0.0", ErrInvalidRange, "stand alone"},
		{"star after comparator", "vers:npm/>=*", ErrInvalidRange, "stand alone"},
		{"no version", "vers:npm/>=", ErrInvalidRange, "no version"},
		{"two lower bounds", "vers:npm/>=1.0.0|>=2.0.0", ErrInvalidRange, "must alternate"},
		{"two upper bounds", "vers:npm/<1.0.0|<=2.0.0", ErrInvalidRange, "must alternate"},
		{"equal before upper", "vers:npm/1.0.0|<2.0.0", ErrInvalidRange, "equality must be followed"},
		{"equal inside interval", "vers:npm/>=1.0.0|1.5.0|<2.0.0", ErrInvalidRange, "equality must be followed"},
		{"bad percent", "vers:npm/1.0%zz", ErrInvalidRange, "percent-encoding"},
		{"control character", "vers:npm/1.0.0\x01", ErrInvalidRange, "printable ASCII"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseVers(tt.in)
			if err == nil {
				t.Fatalf("ParseVers(%q) = %s, want an error", tt.in, r)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("ParseVers(%q) = %v, want it to wrap %v", tt.in, err, tt.is)
			}
			if rollcall.ErrorCode(err) != rollcall.EINVALID {
				t.Errorf("code = %q, want invalid", rollcall.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

func TestNewRangeSorts(t *testing.T) {
	r, err := NewRange(NPM, []Constraint{{Less, "2.1.0"}, {GreaterEqual, "2.0.0"}, {Less, "1.2.3"}, {GreaterEqual, "1.0.0"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.String(), "vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if _, err := NewRange(NPM, nil); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("NewRange(nil) = %v, want ErrInvalidRange", err)
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		vers, v string
		want    Verdict
		reason  string
	}{
		{"vers:npm/>=1.0.0|<1.2.3", "1.2.0", Affected, "1.2.0 is in [>=1.0.0, <1.2.3]"},
		{"vers:npm/>=1.0.0|<1.2.3", "1.0.0", Affected, "1.0.0 is in [>=1.0.0, <1.2.3]"},
		{"vers:npm/>=1.0.0|<1.2.3", "1.2.3", NotAffected, "1.2.3 is at or above the fixed version 1.2.3"},
		{"vers:npm/>=1.0.0|<1.2.3", "1.2.3-rc.1", Affected, "1.2.3-rc.1 is in [>=1.0.0, <1.2.3]"},
		{"vers:npm/>=1.0.0|<1.2.3", "0.9.9", NotAffected, "0.9.9 is below the affected range [>=1.0.0, <1.2.3]"},
		{"vers:npm/>=1.0.0|<1.2.3", "1.0.0-beta", NotAffected, "below the affected range"},
		{"vers:npm/>=1.0.0|<1.2.3", "latest", Unknown, `"latest" is not a valid npm version`},
		{"vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0", "1.5.0", NotAffected, "1.5.0 is at or above the fixed version 1.2.3"},
		{"vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0", "2.0.5", Affected, "2.0.5 is in [>=2.0.0, <2.1.0]"},
		{"vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0", "2.1.0", NotAffected, "fixed version 2.1.0"},
		{"vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0", "3.0.0", NotAffected, "fixed version 2.1.0"},
		{"vers:npm/<1.2.3", "0.0.1", Affected, "0.0.1 is in [<1.2.3]"},
		{"vers:npm/<=1.2.3", "1.2.3", Affected, "1.2.3 is in [<=1.2.3]"},
		{"vers:npm/<=1.2.3", "1.2.4", NotAffected, "1.2.4 is above the last affected version 1.2.3"},
		{"vers:npm/>2.0.0", "2.0.0", NotAffected, "2.0.0 is not above 2.0.0"},
		{"vers:npm/>2.0.0", "2.0.1", Affected, "2.0.1 is in [>2.0.0]"},
		{"vers:npm/1.2.3", "1.2.3", Affected, "1.2.3 is listed as affected"},
		{"vers:npm/1.2.3", "1.2.4", NotAffected, "1.2.4 is not one of the affected versions"},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", "1.2.3+build", Affected, "listed as affected"},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", "4.0.0", Affected, "in [>=2.0.0, <5.0.0]"},
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.1", NotAffected, "2.2.1 is excluded from the range (!=2.2.1)"},
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.2", Affected, "2.2.2 is in [>=2.2.0, <2.3.0]"},
		{"vers:npm/!=1.0.0", "2.0.0", NotAffected, "not one of the affected"},
		{"vers:npm/*", "0.0.1", Affected, "every version"},
		{"vers:npm/*", "banana", Unknown, "not a valid npm version"},
		{"vers:pypi/>=1.0|<1.2.3", "banana", Unknown, `"banana" is not a valid pypi version`},
		{"vers:pypi/>=1.0|<1.2.3", "1.2.3rc1", Affected, "in [>=1.0, <1.2.3]"},
		{"vers:pypi/>=1.0|<1.2.3", "1.2.3.post1", NotAffected, "fixed version 1.2.3"},
		{"vers:windows/>=10.0.14393.0|<10.0.14393.1198", "10.0.14393.953", Affected, "in [>=10.0.14393.0, <10.0.14393.1198]"},
		{"vers:windows/>=10.0.14393.0|<10.0.14393.1198", "10.0.14393.1198", NotAffected, "fixed version"},
		{"vers:deb/<1:1.0-2", "1.0-5", Affected, "in [<1:1.0-2]"},
	}
	for _, tt := range tests {
		t.Run(tt.vers+"/"+tt.v, func(t *testing.T) {
			r, err := ParseVers(tt.vers)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Contains(tt.v); got != tt.want {
				t.Errorf("Contains(%q) = %v, want %v", tt.v, got, tt.want)
			}
			got, reason := r.Explain(tt.v)
			if got != tt.want || !strings.Contains(reason, tt.reason) {
				t.Errorf("Explain(%q) = %v, %q; want %v, %q", tt.v, got, reason, tt.want, tt.reason)
			}
		})
	}
}

func TestContainsOtherScheme(t *testing.T) {
	r, _ := ParseVers("vers:npm/>=1.0.0")
	v, _ := Parse(PyPI, "2.0")
	if got := r.ContainsParsed(v); got != Unknown {
		t.Errorf("npm range, pypi version: %v, want unknown", got)
	}
	if got := (Range{}).Contains("1.0.0"); got != Unknown {
		t.Errorf("zero Range: %v, want unknown", got)
	}
	if got := r.ContainsParsed(Version{}); got != Unknown {
		t.Errorf("zero Version: %v, want unknown", got)
	}
}
