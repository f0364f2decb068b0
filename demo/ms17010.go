package demo

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"rollcall"
)

// ms17010CSV lists the Windows versions affected by MS17-010 and the
// updates that fix each. It is a copy of shared/data/windows/ms17-010.csv:
// public facts written out from Microsoft Security Bulletin MS17-010
// (14 March 2017) and the out-of-band updates of 13 May 2017 for systems
// out of support. Source: Microsoft Security Bulletin MS17-010,
// https://learn.microsoft.com/en-us/security-updates/securitybulletins/2017/ms17-010
//
//go:embed ms17-010.csv
var ms17010CSV string

// windowsFix is one Windows version and the updates that fix it.
type windowsFix struct {
	Product    string
	Archs      []string
	Updates    []string // "KB4012212 (security-only)"
	FixedBuild string
	OutOfBand  bool // released after WannaCry, for systems out of support
	ServerCore bool
	// For the matcher: the NT build, the first fixed revision of a
	// Windows 10 build (0 for builds serviced by monthly rollups), and the
	// fixing updates' bare numbers.
	Build         string
	FixedRevision int
	KBs           []string
}

// ntBuilds maps the bulletin's Windows names to their NT builds (without
// revision), which is what inventories report. Several products share a
// build: Windows 7 SP1 and Server 2008 R2 SP1 are both 6.1.7601. Where
// products sharing a build are fixed by different updates (Windows 8 and
// Server 2012; Windows 8.1, RT 8.1 and Server 2012 R2) the matcher pools
// the entries of a build, so either product's fix clears a host.
var ntBuilds = map[string]string{
	"Windows Vista SP2":          "6.0.6002",
	"Windows Server 2008 SP2":    "6.0.6002",
	"Windows 7 SP1":              "6.1.7601",
	"Windows Server 2008 R2 SP1": "6.1.7601",
	"Windows 8":                  "6.2.9200",
	"Windows Server 2012":        "6.2.9200",
	"Windows 8.1":                "6.3.9600",
	"Windows RT 8.1":             "6.3.9600",
	"Windows Server 2012 R2":     "6.3.9600",
	"Windows 10 1507":            "10.0.10240",
	"Windows 10 1511":            "10.0.10586",
	"Windows 10 1607":            "10.0.14393",
	"Windows Server 2016":        "10.0.14393",
	"Windows XP SP3":             "5.1.2600",
	"Windows Server 2003 SP2":    "5.2.3790",
}

// ms17010Fixes reads the embedded list, one entry per Windows version in
// the bulletin's order.
func ms17010Fixes() ([]*windowsFix, error) {
	rows, err := csv.NewReader(strings.NewReader(ms17010CSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("ms17-010.csv: %w", err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "product,architecture,fixing_update,update_kind,fixed_build,notes" {
		return nil, fmt.Errorf("ms17-010.csv: unexpected header %q", rows[0])
	}
	var out []*windowsFix
	byProduct := map[string]*windowsFix{}
	for _, r := range rows[1:] {
		product, arch, kb, kind, build, notes := r[0], r[1], r[2], r[3], r[4], r[5]
		f := byProduct[product]
		if f == nil {
			f = &windowsFix{Product: product, FixedBuild: build, OutOfBand: strings.HasPrefix(kind, "out-of-band")}
			if f.Build = ntBuilds[product]; f.Build == "" {
				return nil, fmt.Errorf("ms17-010.csv: no NT build known for %q", product)
			}
			if build != "" {
				// "14393.953": the build, then the first revision with the fix.
				b, rev, ok := strings.Cut(build, ".")
				n, err := strconv.Atoi(rev)
				if !ok || err != nil || n <= 0 || !strings.HasSuffix(f.Build, "."+b) {
					return nil, fmt.Errorf("ms17-010.csv: fixed build %q of %s is not %s.REVISION", build, product, f.Build)
				}
				f.FixedRevision = n
			}
			byProduct[product] = f
			out = append(out, f)
		} else if build != f.FixedBuild {
			return nil, fmt.Errorf("ms17-010.csv: %s has two fixed builds, %q and %q", product, f.FixedBuild, build)
		}
		if !slices.Contains(f.KBs, kb) {
			f.KBs = append(f.KBs, kb)
		}
		if !slices.Contains(f.Archs, arch) {
			f.Archs = append(f.Archs, arch)
		}
		update := kb
		if !f.OutOfBand && kind != "security update" {
			update += " (" + kind + ")"
		}
		if !slices.Contains(f.Updates, update) {
			f.Updates = append(f.Updates, update)
		}
		f.ServerCore = f.ServerCore || strings.Contains(notes, "Server Core")
	}
	return out, nil
}

// line describes one Windows version for the alert's affected products.
func (f *windowsFix) line() string {
	s := fmt.Sprintf("%s (%s): %s", f.Product, strings.Join(f.Archs, ", "), strings.Join(f.Updates, " or "))
	if f.FixedBuild != "" {
		s += ", build " + f.FixedBuild + " or later"
	}
	if f.ServerCore {
		s += "; includes Server Core"
	}
	return s
}

// ms17010Affected structures the list for the matcher, as ms17010Text
// writes it for people: one entry per Windows version, with its NT build
// and what fixes it, the out-of-band versions only from the second
// revision. Later monthly rollups are not listed: the service's
// supersedence table (rollcall.DefaultSupersedence) adds them.
func ms17010Affected(fixes []*windowsFix, withOutOfBand bool) rollcall.Affected {
	var a rollcall.Affected
	for _, f := range fixes {
		if f.OutOfBand && !withOutOfBand {
			continue
		}
		a.Windows = append(a.Windows, rollcall.AffectedWindows{
			Name: f.Product, Build: f.Build, FixedRevision: f.FixedRevision, FixedBy: slices.Clone(f.KBs)})
	}
	return a
}

// ms17010Text writes the alert's affected products and remediation from
// the list. The first revision covered the versions in support; the
// second adds the out-of-band updates Microsoft released after WannaCry.
func ms17010Text(fixes []*windowsFix, withOutOfBand bool) (affected, remediation string) {
	var a strings.Builder
	a.WriteString("Microsoft Windows, the SMBv1 server (Microsoft Security Bulletin MS17-010). Each version and the update that fixes it:\n")
	var oob []string
	for _, f := range fixes {
		if f.OutOfBand {
			oob = append(oob, f.Product)
			if !withOutOfBand {
				continue
			}
		}
		a.WriteString("- " + f.line() + "\n")
	}
	a.WriteString("Later monthly rollups, and Windows 10 cumulative updates with a higher build, also contain the fix.")
	if withOutOfBand {
		a.WriteString("\n" + strings.Join(oob, ", ") + " are out of support: Microsoft released KB4012598 for them out of band on 13 May 2017, after WannaCry.")
	}
	steps := []string{
		"Install the update for each affected version of Windows (see affected products) on every host, servers and hosts reachable from outside first. WSUS or your management tool's compliance report is good evidence.",
		"Disable SMBv1 wherever it is not needed, and block TCP 139 and 445 at the perimeter and between network segments that have no need of file sharing.",
		"A host that cannot be patched now (a medical device, a supplier-controlled system) must be isolated from the network; report it as a risk acceptance, with the reason, for your data-security lead to sign off.",
		"Report in Rollcall within 48 hours: acknowledge, then say whether the alert applies and what you have done. Answer for the GP practices you support.",
	}
	if withOutOfBand {
		steps = slices.Insert(steps, 1, "Windows XP, Windows Server 2003 and Windows 8 hosts: install KB4012598 (out-of-band, 13 May 2017) now, and plan their replacement.")
	}
	var r strings.Builder
	for i, s := range steps {
		fmt.Fprintf(&r, "%d. %s\n", i+1, s)
	}
	return a.String(), strings.TrimSpace(r.String())
}
