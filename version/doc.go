// Package version orders versions by each ecosystem's own rules and decides
// whether an installed version falls in an advisory's affected range.
//
// A [Scheme] names a versioning scheme (npm, golang, cargo, pypi, maven, deb,
// rpm, apk, nuget, gem, composer, pub, windows, generic). Comparison is
// delegated to OSV's own per-ecosystem code (osv-scalibr's semantic package)
// wherever it has the scheme; Windows build numbers and the generic fallback
// are implemented here. A [Range] is written in the package-url project's
// vers notation (vers:npm/>=1.0.0|<1.2.3) and can also be built from an OSV
// record's affected ranges and versions ([FromOSV]).
//
// # Versions that cannot be parsed are never safe
//
// Each scheme states what it accepts (see [Parse]); everything else is
// unparseable and reported with an error wrapping [ErrUnparseable]. Most
// upstream parsers accept any string (semver, Maven, RPM, NuGet, RubyGems,
// Composer; PyPI falls back to "legacy" versions), so this package checks
// the shape first: no version is parseable if it is empty, longer than 256
// bytes, or holds anything but printable ASCII (no spaces, tabs, control
// characters or non-ASCII letters), and each scheme adds its own grammar:
// "latest" is not an npm version, "banana" is not a PEP 440 version.
// [Range.Contains] answers [Unknown], never [NotAffected], for such a
// version, so a host whose inventory says "latest" is shown as unknown, not
// as not exposed.
//
// # The generic fallback
//
// The generic scheme is for products with no ecosystem of their own. A
// version is split into runs of digits and runs of other characters
// ("1.10b" is 1 . 10 b); runs are compared left to right, digit runs as
// numbers (so 1.10 > 1.9, and 01 = 1), other runs byte by byte, and a
// digit run sorts after a non-digit run at the same place. When one version
// is a prefix of the other, the longer is greater (1.2 < 1.2.1). It refuses
// the empty string and whitespace like every scheme.
//
// # README section
//
// Versions and ranges. Rollcall compares versions with each ecosystem's
// real rules: semver for npm, Go and Cargo (pre-releases before releases,
// build metadata ignored, Go's "v" prefix optional), PEP 440 for PyPI,
// Maven's ComparableVersion, Debian and RPM (epochs, tildes, revisions),
// Alpine's apk, NuGet, RubyGems, Composer, Pub, Windows build numbers
// compared part by part as numbers (10.0.14393.1198 > 10.0.14393.953), and
// a generic fallback that compares runs of digits as numbers and other runs
// as text. Affected ranges are written in the vers notation of the
// package-url project, e.g. vers:pypi/>=1.0|<1.2.3|>=2.0|<2.1, or imported
// from OSV records. A version that cannot be read under its scheme (empty,
// "latest", "banana", text with spaces or control characters) is never
// counted as safe: its host is shown as "unknown" with the reason, not as
// "not exposed".
package version
