package exposure

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestReplaceHosts(t *testing.T) {
	const app, tool = "cpe:example:app", "cpe:example:tool"
	m := NewMatcher()
	m.AddHosts([]Host{
		{ID: 0, Org: 0, Items: []Item{{app, "1.0"}, {tool, "3"}}},
		{ID: 1, Org: 0, Items: []Item{{app, "1.0"}}},
	})
	m.ReplaceHosts([]Host{{ID: 0, Org: 1, Items: []Item{{app, "2.0"}}}})
	tests := []struct {
		name string
		adv  *Advisory
		want Exposure
	}{
		{"old version gone", &Advisory{Product: app, Affected: only("1.0")},
			Exposure{Exposed: 1, ByOrg: []OrgExposure{{Org: 0, Exposed: 1}}}},
		{"old product gone", &Advisory{Product: tool}, Exposure{}},
		{"new version present, in the new org", &Advisory{Product: app, Affected: only("2.0")},
			Exposure{Exposed: 1, ByOrg: []OrgExposure{{Org: 1, Exposed: 1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Match(tc.adv); !sameExposure(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	m.RemoveHosts([]uint32{1})
	if got := m.Match(&Advisory{Product: app}); got.Exposed != 1 {
		t.Errorf("after removing host 1: got %d exposed, want 1", got.Exposed)
	}
	if got := m.Stats().Hosts; got != 1 {
		t.Errorf("got %d hosts, want 1", got)
	}
}

// only is a predicate affecting exactly one version, NotAffected otherwise.
func only(version string) Predicate {
	return func(v string) Verdict {
		if v == version {
			return Affected
		}
		return NotAffected
	}
}

// TestReplaceHostsAtomic flips a batch of hosts between two snapshots, "1.0"
// on all and "2.0" on all, while readers match an advisory that counts 1.0
// as affected and 2.0 as unknown: each answer must be all one or all the
// other. Run with -race.
func TestReplaceHostsAtomic(t *testing.T) {
	const app, n = "cpe:example:app", 300
	snapshot := func(version string) []Host {
		hosts := make([]Host, n)
		for i := range hosts {
			hosts[i] = Host{ID: uint32(i), Org: uint32(i % 7), Items: []Item{{"cpe:example:base", "1"}, {app, version}}}
		}
		return hosts
	}
	v1, v2 := snapshot("1.0"), snapshot("2.0")
	m := NewMatcher()
	m.AddHosts(v1)
	var stop atomic.Bool
	var wg sync.WaitGroup
	var seen [2]atomic.Int64
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := &Advisory{Product: app, Affected: func(v string) Verdict {
				if v == "1.0" {
					return Affected
				}
				return Unknown
			}}
			for !stop.Load() {
				switch got := m.Match(a); {
				case got.Exposed == n && got.Unknown == 0:
					seen[0].Add(1)
				case got.Exposed == 0 && got.Unknown == n:
					seen[1].Add(1)
				default:
					t.Errorf("reader saw half a snapshot: %d exposed, %d unknown", got.Exposed, got.Unknown)
					return
				}
			}
		}()
	}
	// Flip until the readers have answered often enough to have raced
	// with the writer, whatever the scheduler does.
	for i := 0; i < 200 || (seen[0].Load()+seen[1].Load() < 200 && i < 100000); i++ {
		if i%2 == 0 {
			m.ReplaceHosts(v2)
		} else {
			m.ReplaceHosts(v1)
		}
	}
	stop.Store(true)
	wg.Wait()
	if seen[0].Load() == 0 || seen[1].Load() == 0 {
		t.Errorf("readers saw the first snapshot %d times and the second %d times, want both", seen[0].Load(), seen[1].Load())
	}
}
