package rollcall

import (
	"strings"
	"time"
)

// InventoryHost is one host of an organisation as the latest inventory
// from one source shows it: its operating system and what is installed,
// as the exposure matcher keys it (a product and a version per row).
// Each upload from a source replaces that source's hosts of the same name.
type InventoryHost struct {
	ID          int64            `json:"id"`
	OrgID       int64            `json:"org_id"`
	Source      string           `json:"source"` // "csv", "cyclonedx", "spdx", "osquery", "collect", …
	Name        string           `json:"name"`
	OSName      string           `json:"os_name"`
	OSVersion   string           `json:"os_version"`
	OSBuild     string           `json:"os_build"`
	Items       []ProductVersion `json:"items"`
	CollectedAt time.Time        `json:"collected_at"`
	// Parts, on a partial upload, are the parts of the host it describes
	// (PartOS, PartUpdates, PartSoftware); the host's other rows are kept.
	// Empty means the whole host.
	Parts []string `json:"-"`
}

// The parts of a host a partial upload may describe, each read from its
// own osquery tables: the operating system (os_version), the installed
// updates (patches) and the software (programs and the package tables).
const (
	PartOS       = "os"
	PartUpdates  = "updates"
	PartSoftware = "software"
)

// PartOf says which part of a host a row belongs to, from its product.
func PartOf(pv ProductVersion) string {
	switch {
	case pv.Product == "kb":
		return PartUpdates
	case pv.Product == "windows" || strings.HasPrefix(pv.Product, "os:"):
		return PartOS
	}
	return PartSoftware
}

// UploadMode says what an inventory upload stands for.
type UploadMode string

const (
	// ModeSnapshot: the whole estate the source sees. Each host named is
	// replaced whole, and the source's hosts it does not name are retired.
	ModeSnapshot UploadMode = "snapshot"
	// ModeReplace: each host named is replaced whole; others are left.
	ModeReplace UploadMode = "replace"
	// ModePartial: each host named has only the parts the upload describes
	// replaced (InventoryHost.Parts), its other rows kept.
	ModePartial UploadMode = "partial"
)

// ProductVersion is one row of a host's inventory: a product key (a
// package URL without version, a CPE vendor:product, "windows", "kb") and
// the version installed.
type ProductVersion struct {
	Product string `json:"product"`
	Version string `json:"version"`
}

// InventorySummary is how much an organisation's inventory holds and how
// fresh it is.
type InventorySummary struct {
	Hosts   int       `json:"hosts"`
	Rows    int       `json:"rows"`
	Sources []string  `json:"sources"`
	Oldest  time.Time `json:"oldest"`
	Latest  time.Time `json:"latest"`
}

// InventoryAge is how much of one organisation's estate is known and how
// old it is.
type InventoryAge struct {
	OrgID  int64     `json:"org_id"`
	Hosts  int       `json:"hosts"`
	Oldest time.Time `json:"oldest"`
	Latest time.Time `json:"latest"`
}

// Stale reports whether the newest snapshot is older than fresh at now.
func (a InventoryAge) Stale(now time.Time, fresh time.Duration) bool {
	return a.Latest.IsZero() || now.Sub(a.Latest) > fresh
}

// HostKey is what makes two host names one host: the name with ASCII
// letters lower-cased, as DNS compares names. Parsers merge rows and the
// store keeps one host per organisation, source and key.
func HostKey(name string) string {
	b := []byte(name)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// InventoryChange is one host saved or retired, in the order the changes
// committed: what other replicas follow to keep their matchers current.
type InventoryChange struct {
	ID     int64 // assigned in commit order
	HostID int64
}

// InventorySaved says what one upload saved and retired.
type InventorySaved struct {
	Hosts   int
	Rows    int
	Retired []int64 // ids of the hosts retired by a snapshot
}
