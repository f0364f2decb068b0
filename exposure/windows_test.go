package exposure

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"rollcall"
)

// ms17010 builds the MS17-010 advisory from the bulletin's table in
// ../shared/data/windows/ms17-010.csv (the demo's copy): every fixing update it lists, every
// later rollup of rollcall's rollup table that contains one of them, and every affected build
// (with the fixed revision for Windows 10's cumulative updates).
func ms17010(t *testing.T) *Advisory {
	t.Helper()
	// The project keeps a copy beside the demo that uses it.
	f, err := os.Open("../demo/ms17-010.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The bulletin names products; inventories carry NT builds.
	builds := map[string]string{
		"Windows Vista SP2": "6.0.6002", "Windows Server 2008 SP2": "6.0.6002",
		"Windows 7 SP1": "6.1.7601", "Windows Server 2008 R2 SP1": "6.1.7601",
		"Windows 8": "6.2.9200", "Windows Server 2012": "6.2.9200",
		"Windows 8.1": "6.3.9600", "Windows RT 8.1": "6.3.9600", "Windows Server 2012 R2": "6.3.9600",
		"Windows 10 1507": "10.0.10240", "Windows 10 1511": "10.0.10586",
		"Windows 10 1607": "10.0.14393", "Windows Server 2016": "10.0.14393",
		"Windows XP SP3": "5.1.2600", "Windows Server 2003 SP2": "5.2.3790",
	}
	a := &Advisory{Product: WindowsProduct}
	var fixes []WindowsFix
	for _, row := range rows[1:] {
		product, kb, fixedBuild := row[0], row[2], row[4]
		build, ok := builds[product]
		if !ok {
			t.Fatalf("no build for %q", product)
		}
		fix := WindowsFix{Build: build}
		if fixedBuild != "" {
			_, rev, _ := strings.Cut(fixedBuild, ".")
			fix.FixedRevision = atoi(t, rev)
		}
		fixes = append(fixes, fix)
		a.FixedBy = append(a.FixedBy, kb)
	}
	// Later monthly rollups contain the March 2017 ones ("later monthly
	// rollups also contain the fix", says the CSV's notes column).
	a.FixedBy = rollcall.DefaultSupersedence.Expand(a.FixedBy)
	a.Affected = WindowsBuilds(fixes)
	return a
}

func atoi(t *testing.T, s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestMS17010(t *testing.T) {
	a := ms17010(t)
	win := func(build string, kbs ...string) []Item {
		items := []Item{{WindowsProduct, build}, {"cpe:google:chrome", "120.0"}}
		for _, kb := range kbs {
			items = append(items, KBItem(kb))
		}
		return items
	}
	tests := []struct {
		name  string
		items []Item
		want  string // "exposed", "unknown" or "safe"
	}{
		{"Windows 7 SP1 without the fix", win("6.1.7601", "KB3212646"), "exposed"},
		{"Windows 7 SP1 with the security-only update", win("6.1.7601", "KB4012212"), "safe"},
		{"Windows 7 SP1 with the March 2017 rollup", win("6.1.7601", "KB4012215"), "safe"},
		{"Windows 7 SP1 with the May 2017 rollup", win("6.1.7601", "KB4019264"), "safe"},
		{"Windows XP without the out-of-band update", win("5.1.2600"), "exposed"},
		{"Windows XP with KB4012598", win("5.1.2600", "kb4012598"), "safe"},
		{"Windows 10 1607 before the fixed build", win("10.0.14393.693"), "exposed"},
		{"Windows 10 1607 at the fixed build", win("10.0.14393.953"), "safe"},
		{"Windows 10 1607 later build", win("10.0.14393.7428"), "safe"},
		{"Windows 10 1607 old build with the KB", win("10.0.14393.693", "KB4013429"), "safe"},
		{"Windows 10 1607 revision not reported", win("10.0.14393"), "unknown"},
		{"Windows 10 22H2 is not affected", win("10.0.19045.3803"), "safe"},
		{"unparseable build", win("Windows 7 Professional"), "unknown"},
	}
	hosts := make([]Host, len(tests))
	for i, tc := range tests {
		hosts[i] = Host{ID: uint32(i), Org: uint32(i % 3), Items: tc.items}
	}
	m := NewMatcher()
	m.AddHosts(hosts)
	got := m.Match(a)
	var wantExposed, wantUnknown uint64
	for i, tc := range tests {
		switch tc.want {
		case "exposed":
			wantExposed++
		case "unknown":
			wantUnknown++
		}
		t.Run(tc.name, func(t *testing.T) {
			exposed := contains(m.ExposedHosts(a, uint32(i%3)), uint32(i))
			one := NewMatcher()
			one.AddHosts(hosts[i : i+1])
			e := one.Match(a)
			state := "safe"
			switch {
			case e.Exposed == 1:
				state = "exposed"
			case e.Unknown == 1:
				state = "unknown"
			}
			if state != tc.want || exposed != (tc.want == "exposed") {
				t.Errorf("got %s (listed as exposed: %v), want %s", state, exposed, tc.want)
			}
		})
	}
	if got.Exposed != wantExposed || got.Unknown != wantUnknown {
		t.Errorf("whole estate: got %d exposed, %d unknown, want %d, %d", got.Exposed, got.Unknown, wantExposed, wantUnknown)
	}
}

func contains(s []uint32, v uint32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
