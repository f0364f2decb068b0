package version

import (
	"fmt"
	"testing"
)

// BenchmarkContains measures one candidate string checked against a range
// of four intervals, parsing included (Contains) and with the candidate
// parsed once beforehand (ContainsParsed).
func BenchmarkContains(b *testing.B) {
	cases := []struct {
		vers string
		v    []string
	}{
		{"vers:golang/>=1.0.0|<1.2.3|>=1.3.0|<1.3.9|>=1.4.0-0|<1.4.2|>=2.0.0|<2.0.1", []string{"v1.2.0", "1.3.10", "v0.0.0-20210101000000-abcdef123456", "2.1.0+incompatible"}},
		{"vers:pypi/>=1.0|<1.2.3|>=1.3|<1.3.9|>=1.4.0a1|<1.4.2|>=2.0|<2.0.1", []string{"1.2.0", "1.3.10.post1", "1.4.0rc1", "2.1"}},
		{"vers:deb/>=1.0-1|<1.2.3-1|>=1.3-1|<1.3.9-1|>=1:1.4.0~rc1|<1:1.4.2-1|>=2:2.0|<2:2.0.1-1", []string{"1.2.0-1ubuntu2", "1.3.10-2", "1:1.4.1-1", "2:2.0-1"}},
		{"vers:maven/>=1.0|<1.2.3|>=1.3|<1.3.9|>=1.4.0-alpha-1|<1.4.2|>=2.0|<2.0.1", []string{"1.2.0", "1.3.10.RELEASE", "1.4.0-SNAPSHOT", "2.1"}},
		{"vers:windows/>=6.1.7601.0|<6.1.7601.23677|>=10.0.14393.0|<10.0.14393.1198", []string{"10.0.14393.953", "6.1.7601.24000", "10.0.19045.1", "6.3.9600.1"}},
	}
	for _, c := range cases {
		r, err := ParseVers(c.vers)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(r.Scheme()), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if r.Contains(c.v[i%len(c.v)]) == Unknown {
					b.Fatal("unknown")
				}
			}
		})
		parsed := make([]Version, len(c.v))
		for i, v := range c.v {
			if parsed[i], err = Parse(r.Scheme(), v); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("%s/parsed", r.Scheme()), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if r.ContainsParsed(parsed[i%len(parsed)]) == Unknown {
					b.Fatal("unknown")
				}
			}
		})
	}
}

// TestContainsConcurrent checks that one Range serves many goroutines
// (run with -race).
func TestContainsConcurrent(t *testing.T) {
	r, err := ParseVers("vers:maven/>=1.0|<1.2.3|>=1.4.0-alpha-1|<1.4.2")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan Verdict)
	for _, v := range []string{"1.1", "1.2.3", "1.4.0-SNAPSHOT", "1.4.1.RELEASE"} {
		go func() {
			var last Verdict
			for range 200 {
				last = r.Contains(v)
			}
			done <- last
		}()
	}
	for range 4 {
		if got := <-done; got == Unknown {
			t.Error("unknown verdict")
		}
	}
}
