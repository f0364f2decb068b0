package exposure

import (
	"strconv"
	"strings"
)

// WindowsFix is one Windows build an advisory affects, as Microsoft's
// security bulletins list them: the build ("6.1.7601" for Windows 7 SP1 and
// Server 2008 R2 SP1) and, for Windows 10 and later, the first update build
// revision that contains the fix ("14393.953" gives FixedRevision 953).
// Builds serviced by monthly rollups have no such revision (0): every
// revision is affected, and only the fixing KBs, listed in Advisory.FixedBy,
// take a host out.
type WindowsFix struct {
	Build         string
	FixedRevision int
}

// WindowsBuilds returns the predicate over WindowsProduct versions
// ("10.0.14393.953") for the given fixes: affected on a listed build below
// its fixed revision, not affected on other builds, unknown where the version
// is not a build number. A listed cumulative-update build whose revision is
// missing is unknown: it may or may not have the fix.
func WindowsBuilds(fixes []WindowsFix) Predicate {
	byBuild := make(map[string]int, len(fixes))
	for _, f := range fixes {
		byBuild[f.Build] = f.FixedRevision
	}
	return func(version string) Verdict {
		parts := strings.Split(version, ".")
		if len(parts) < 3 || len(parts) > 4 {
			return Unknown
		}
		for _, p := range parts {
			if _, err := strconv.ParseUint(p, 10, 32); err != nil {
				return Unknown
			}
		}
		fixedRev, listed := byBuild[strings.Join(parts[:3], ".")]
		switch {
		case !listed:
			return NotAffected
		case fixedRev == 0:
			return Affected
		case len(parts) == 3:
			return Unknown
		}
		rev, _ := strconv.Atoi(parts[3])
		if rev < fixedRev {
			return Affected
		}
		return NotAffected
	}
}
