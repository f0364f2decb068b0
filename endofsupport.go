package rollcall

import (
	"strings"
	"time"
)

// EndOfSupport says that some versions of a product stop (or stopped)
// receiving security updates on a date. Hosts running them are counted per
// organisation, region and nation, as the move off Windows XP and then to
// Windows 10 was tracked.
type EndOfSupport struct {
	// Name is what people read: "Windows 7 / Server 2008 R2".
	Name string `json:"name"`
	// Product is the inventory's product key: "windows" (versions are NT
	// builds), a package URL without version, "cpe:vendor:product", or
	// "os:<name>" for other operating systems ("os:ubuntu").
	Product string `json:"product"`
	// Versions are the versions concerned, in vers notation
	// ("vers:windows/>=6.1.0|<6.2.0"); "" means every version.
	Versions string `json:"versions"`
	// Ends is the first day without security updates.
	Ends time.Time `json:"ends"`
}

// Ended reports whether support has ended at now.
func (e EndOfSupport) Ended(now time.Time) bool { return !now.Before(e.Ends) }

func eosDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// DefaultEndOfSupport lists the Windows releases out of support. NT builds
// are shared by a client and a server release (6.1 is Windows 7 and Server
// 2008 R2), so each entry is one build family, dated by the later of the
// two ends of extended support (Enterprise editions' for Windows 10 and
// 11).
func DefaultEndOfSupport() []EndOfSupport {
	return []EndOfSupport{
		{Name: "Windows XP", Product: "windows", Versions: "vers:windows/>=5.1.0|<5.2.0", Ends: eosDate("2014-04-08")},
		{Name: "Windows Server 2003 / XP x64", Product: "windows", Versions: "vers:windows/>=5.2.0|<5.3.0", Ends: eosDate("2015-07-14")},
		{Name: "Windows Vista / Server 2008", Product: "windows", Versions: "vers:windows/>=6.0.0|<6.1.0", Ends: eosDate("2020-01-14")},
		{Name: "Windows 7 / Server 2008 R2", Product: "windows", Versions: "vers:windows/>=6.1.0|<6.2.0", Ends: eosDate("2020-01-14")},
		{Name: "Windows 8 / Server 2012", Product: "windows", Versions: "vers:windows/>=6.2.0|<6.3.0", Ends: eosDate("2023-10-10")},
		{Name: "Windows 8.1 / Server 2012 R2", Product: "windows", Versions: "vers:windows/>=6.3.0|<6.4.0", Ends: eosDate("2023-10-10")},
		{Name: "Windows 10 1507 (LTSB 2015)", Product: "windows", Versions: "vers:windows/>=10.0.10240|<10.0.10241", Ends: eosDate("2025-10-14")},
		// Windows 10 releases serviced only for Home, Pro and Enterprise
		// (1607, 1809 and 21H2 are left out: their builds are also LTSB/LTSC
		// and Server releases still in support).
		{Name: "Windows 10 1511 to 21H1", Product: "windows", Versions: "vers:windows/>=10.0.10586|<10.0.10587|>=10.0.15063|<10.0.15064|>=10.0.16299|<10.0.16300|>=10.0.17134|<10.0.17135|>=10.0.18362|<10.0.18364|>=10.0.19041|<10.0.19044", Ends: eosDate("2022-12-13")},
		{Name: "Windows 10 22H2", Product: "windows", Versions: "vers:windows/>=10.0.19045|<10.0.19046", Ends: eosDate("2025-10-14")},
		{Name: "Windows 11 21H2", Product: "windows", Versions: "vers:windows/>=10.0.22000|<10.0.22001", Ends: eosDate("2024-10-08")},
		{Name: "Windows 11 22H2", Product: "windows", Versions: "vers:windows/>=10.0.22621|<10.0.22622", Ends: eosDate("2025-10-14")},
	}
}

// validate checks one entry's shape; the vers range is read by the
// service, which knows the version schemes.
func (e *EndOfSupport) validate(field string) error {
	e.Name, e.Product, e.Versions = strings.TrimSpace(e.Name), strings.TrimSpace(e.Product), strings.TrimSpace(e.Versions)
	switch {
	case e.Name == "":
		return FieldError(field+".name", "An end-of-support entry needs a name.")
	case e.Product == "":
		return FieldError(field+".product", "End of support for %s needs the product key (windows, pkg:…, cpe:vendor:product or os:name).", e.Name)
	case e.Ends.IsZero():
		return FieldError(field+".ends", "End of support for %s needs its date (YYYY-MM-DD).", e.Name)
	case e.Versions != "" && !strings.HasPrefix(e.Versions, "vers:"):
		return FieldError(field+".versions", "The versions of %s must be a vers range such as vers:windows/>=6.1.0|<6.2.0.", e.Name)
	}
	return nil
}
