package csafimport

import (
	"regexp"
	"strings"
)

// windowsBuild maps a Windows release as advisories name it ("Windows 7
// for x64-based Systems Service Pack 1", "Windows Server 2016 (Server Core
// installation)", "Windows 10 Version 1607 for 32-bit Systems") to its NT
// build without revision, which inventories report. The idea is the
// table of demo/ms17010.go, written for the names Microsoft's CSAF
// documents use; a name it does not know is not mapped.
func windowsBuild(name string) (string, bool) {
	n := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if !strings.Contains(n, "windows") {
		return "", false
	}
	sp := func(k string) bool { return strings.Contains(n, "service pack "+k) || strings.Contains(n, "sp"+k) }
	if m := win10Version.FindStringSubmatch(n); m != nil {
		table := win10Builds
		if m[1] == "11" {
			table = win11Builds
		}
		b, ok := table[m[2]]
		return b, ok
	}
	for _, w := range windowsNames {
		if strings.Contains(n, w.name) {
			switch {
			case w.sp != "" && sp(w.sp):
				return w.spBuild, true
			case w.build != "":
				return w.build, true
			}
			return "", false
		}
	}
	return "", false
}

var win10Version = regexp.MustCompile(`windows (10|11),? version (\d{4}|\d\dh\d)\b`)

var win10Builds = map[string]string{
	"1507": "10.0.10240", "1511": "10.0.10586", "1607": "10.0.14393", "1703": "10.0.15063",
	"1709": "10.0.16299", "1803": "10.0.17134", "1809": "10.0.17763", "1903": "10.0.18362",
	"1909": "10.0.18363", "2004": "10.0.19041", "20h2": "10.0.19042", "21h1": "10.0.19043",
	"21h2": "10.0.19044", "22h2": "10.0.19045",
}

var win11Builds = map[string]string{
	"21h2": "10.0.22000", "22h2": "10.0.22621", "23h2": "10.0.22631", "24h2": "10.0.26100", "25h2": "10.0.26200",
}

// windowsNames are tried in order, so longer names come first. build is
// the release without a service pack; spBuild the build with service
// pack sp (the one a supported system has).
var windowsNames = []struct{ name, build, sp, spBuild string }{
	{"windows server 2025", "10.0.26100", "", ""},
	{"windows server 2022, 23h2", "10.0.25398", "", ""},
	{"windows server 2022", "10.0.20348", "", ""},
	{"windows server 2019", "10.0.17763", "", ""},
	{"windows server 2016", "10.0.14393", "", ""},
	{"windows server 2012 r2", "6.3.9600", "", ""},
	{"windows server 2012", "6.2.9200", "", ""},
	{"windows server 2008 r2", "6.1.7600", "1", "6.1.7601"},
	{"windows server 2008", "", "2", "6.0.6002"},
	{"windows server 2003", "", "2", "5.2.3790"},
	{"windows rt 8.1", "6.3.9600", "", ""},
	{"windows 8.1", "6.3.9600", "", ""},
	{"windows 8", "6.2.9200", "", ""},
	{"windows 7", "6.1.7600", "1", "6.1.7601"},
	{"windows vista", "", "2", "6.0.6002"},
	{"windows xp professional x64", "", "2", "5.2.3790"},
	{"windows xp", "", "3", "5.1.2600"},
	{"windows 10 for", "10.0.10240", "", ""}, // the first release, named without a version
}
