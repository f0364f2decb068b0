package version

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// genVersion returns a random valid version of scheme s, drawn from a small
// space so that equal and near versions are common.
func genVersion(rng *rand.Rand, s Scheme) string {
	n := func(k int) int { return rng.IntN(k) }
	pick := func(xs ...string) string { return xs[n(len(xs))] }
	parts := func(min, max int) string {
		k := min + n(max-min+1)
		p := make([]string, k)
		for i := range p {
			p[i] = fmt.Sprint(n(4))
		}
		return strings.Join(p, ".")
	}
	switch s {
	case NPM, Golang, Cargo, Semver, Pub:
		v := fmt.Sprintf("%d.%d.%d", n(3), n(3), n(3))
		if s == Golang && n(2) == 0 {
			v = "v" + v
		}
		if n(2) == 0 {
			v += "-" + pick("alpha", "alpha.1", "alpha.beta", "beta", "beta.2", "beta.11", "rc.1", "0", "1", "0.20210101000000-abcdef123456")
		}
		if n(4) == 0 {
			v += "+" + pick("build", "incompatible", "001")
		}
		return v
	case PyPI:
		v := parts(1, 3)
		if n(4) == 0 {
			v = fmt.Sprintf("%d!", n(2)) + v
		}
		if n(2) == 0 {
			v += pick("a", "b", "rc", "alpha", "c") + fmt.Sprint(n(3))
		}
		if n(3) == 0 {
			v += ".post" + fmt.Sprint(n(3))
		}
		if n(3) == 0 {
			v += ".dev" + fmt.Sprint(n(3))
		}
		if n(4) == 0 {
			v += "+" + pick("abc", "1", "ubuntu.1")
		}
		return v
	case Maven:
		return parts(1, 3) + pick("", "", "-alpha-1", "-beta", "-SNAPSHOT", "-rc1", "-sp", "-final", ".RELEASE", "-1", "-ga", "-m2")
	case Deb:
		v := parts(1, 3) + pick("", "", "~rc1", "~", "+dfsg", "a")
		if n(3) == 0 {
			v = fmt.Sprintf("%d:", n(2)) + v
		}
		if n(2) == 0 {
			v += "-" + pick("1", "2", "1ubuntu2", "1ubuntu10", "0+deb11u1", "1~bpo1")
		}
		return v
	case RPM:
		v := parts(1, 3) + pick("", "", "~rc1", "^git1", "a")
		if n(3) == 0 {
			v = fmt.Sprintf("%d:", n(2)) + v
		}
		if n(2) == 0 {
			v += "-" + pick("1", "2", "1.el8", "2.el8", "10.el9_2")
		}
		return v
	case APK:
		return parts(1, 3) + pick("", "", "a", "b") + pick("", "", "_rc1", "_p2", "_alpha", "_pre1") + pick("", "-r0", "-r1", "-r10")
	case NuGet:
		return parts(1, 4) + pick("", "", "-beta", "-Beta.2", "-rc.1")
	case Gem:
		return parts(1, 3) + pick("", "", ".pre", ".rc1", ".beta2", "-1")
	case Composer:
		return pick("", "v") + parts(1, 3) + pick("", "", "-beta1", "-RC1", "-alpha2", ".0")
	case Windows:
		return fmt.Sprintf("%d.%d.%d.%d", 6+n(5), n(3), 7600+n(3), n(2000))
	}
	const chars = "0123456789.-ab"
	b := make([]byte, 1+n(6))
	for i := range b {
		b[i] = chars[n(len(chars))]
	}
	return string(b)
}

// TestCompareOrder checks that Compare is antisymmetric and transitive.
func TestCompareOrder(t *testing.T) {
	for _, s := range Schemes {
		t.Run(string(s), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(len(s))))
			for range 3000 {
				a, b, c := genVersion(rng, s), genVersion(rng, s), genVersion(rng, s)
				ab, bc, ac, ba := mustCompare(t, s, a, b), mustCompare(t, s, b, c), mustCompare(t, s, a, c), mustCompare(t, s, b, a)
				if ab != -ba {
					t.Fatalf("not antisymmetric: %q vs %q = %d, reverse %d", a, b, ab, ba)
				}
				if ab <= 0 && bc <= 0 && ac > 0 || ab >= 0 && bc >= 0 && ac < 0 {
					t.Fatalf("not transitive: %q ? %q = %d, %q ? %q = %d, %q ? %q = %d", a, b, ab, b, c, bc, a, c, ac)
				}
			}
		})
	}
}

func mustCompare(t *testing.T, s Scheme, a, b string) int {
	t.Helper()
	c, err := Compare(s, a, b)
	if err != nil {
		t.Fatalf("Compare(%s, %q, %q): %v", s, a, b, err)
	}
	return c
}

// genRange returns a random valid range over sorted, distinct versions:
// intervals, single versions and exclusions.
func genRange(rng *rand.Rand, s Scheme) []Constraint {
	var vs []string
	for range 1 + rng.IntN(7) {
		vs = append(vs, genVersion(rng, s))
	}
	slices.SortFunc(vs, func(a, b string) int { c, _ := Compare(s, a, b); return c })
	vs = slices.CompactFunc(vs, func(a, b string) bool { c, _ := Compare(s, a, b); return c == 0 })
	var cs []Constraint
	inside, started := false, false
	for _, v := range vs {
		var op Comparator
		switch {
		case inside:
			op = []Comparator{Less, LessEqual, NotEqual}[rng.IntN(3)]
		case !started:
			op = []Comparator{Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual}[rng.IntN(6)]
		default:
			op = []Comparator{Greater, GreaterEqual, Equal, NotEqual}[rng.IntN(4)]
		}
		if op != NotEqual {
			started = true
		}
		if op.isLower() {
			inside = true
		} else if op.isUpper() {
			inside = false
		}
		cs = append(cs, Constraint{op, v})
	}
	return cs
}

// specContains is the specification's containment check, literally.
func specContains(t *testing.T, s Scheme, cs []Constraint, v string) bool {
	for _, c := range cs {
		if mustCompare(t, s, v, c.Version) == 0 {
			switch c.Comparator {
			case Equal, LessEqual, GreaterEqual:
				return true
			case NotEqual:
				return false
			}
		}
	}
	var second []Constraint
	for _, c := range cs {
		if c.Comparator != Equal && c.Comparator != NotEqual {
			second = append(second, c)
		}
	}
	if len(second) == 1 { // the lone bound is both first and last
		c := second[0]
		cmp := mustCompare(t, s, v, c.Version)
		return c.Comparator.isUpper() && cmp < 0 || c.Comparator.isLower() && cmp > 0
	}
	for i := 0; i+1 < len(second); i++ {
		cur, next := second[i], second[i+1]
		if i == 0 && cur.Comparator.isUpper() && mustCompare(t, s, v, cur.Version) < 0 {
			return true
		}
		if i+2 == len(second) && next.Comparator.isLower() && mustCompare(t, s, v, next.Version) > 0 {
			return true
		}
		if cur.Comparator.isLower() && next.Comparator.isUpper() &&
			mustCompare(t, s, v, cur.Version) > 0 && mustCompare(t, s, v, next.Version) < 0 {
			return true
		}
	}
	return false
}

// TestContainsMatchesSpec checks Contains against the literal algorithm.
func TestContainsMatchesSpec(t *testing.T) {
	for _, s := range Schemes {
		t.Run(string(s), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, uint64(len(s))))
			for range 250 {
				cs := genRange(rng, s)
				r, err := NewRange(s, cs)
				if err != nil {
					t.Fatalf("NewRange(%v): %v", cs, err)
				}
				back, err := ParseVers(r.String())
				if err != nil || back.String() != r.String() {
					t.Fatalf("round trip of %s: %s, %v", r, back, err)
				}
				for range 20 {
					v := genVersion(rng, s)
					want := NotAffected
					if specContains(t, s, cs, v) {
						want = Affected
					}
					if got := r.Contains(v); got != want {
						_, why := r.Explain(v)
						t.Fatalf("%s contains %q = %v (%s), spec says %v", r, v, got, why, want)
					}
				}
			}
		})
	}
}
