package rollcall

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// Advisory is a vulnerability record imported from a feed — OSV now, the
// KEV catalogue and CSAF advisories later — kept in a library the centre
// triages and builds alerts from. It is the source's word, normalised:
// which products, and which of their versions, are affected.
type Advisory struct {
	ID int64 `json:"id"`
	// Source names the feed ("osv"); SourceID is the record's own
	// identifier there ("GO-2022-0191"). Together they are unique.
	Source     string            `json:"source"`
	SourceID   string            `json:"source_id"`
	Aliases    []string          `json:"aliases"` // e.g. CVE identifiers
	Summary    string            `json:"summary"`
	Details    string            `json:"details"`
	Published  time.Time         `json:"published"`
	Modified   time.Time         `json:"modified"`
	Withdrawn  time.Time         `json:"withdrawn"`
	Affected   []AffectedProduct `json:"affected"`
	References []string          `json:"references"`
	// Revision counts the changes Rollcall has seen: 1 when first
	// imported, one more each time an import brings different content.
	Revision   int       `json:"revision"`
	ImportedAt time.Time `json:"imported_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// AffectedProduct is one product an advisory affects, and which of its
// versions.
type AffectedProduct struct {
	// PURL is the package, without a version: pkg:golang/golang.org/x/net.
	PURL string `json:"purl"`
	// Ecosystem is the source's name for the package's ecosystem ("Go",
	// "PyPI", "Debian:12").
	Ecosystem string `json:"ecosystem"`
	// Name is the package's name as the source gives it.
	Name string `json:"name"`
	// Vers is the affected versions in the package-url project's vers
	// notation: vers:golang/<1.10.6|>=1.11.0-0|<1.11.3.
	Vers string `json:"vers"`
}

// Validate checks an advisory before it is saved.
func (a *Advisory) Validate() error {
	a.Source = strings.TrimSpace(a.Source)
	a.SourceID = strings.TrimSpace(a.SourceID)
	switch {
	case a.Source == "":
		return FieldError("source", "An advisory needs its source.")
	case a.SourceID == "":
		return FieldError("id", "An advisory needs its identifier.")
	case len(a.SourceID) > 200:
		return FieldError("id", "Advisory identifier %q is longer than 200 characters.", a.SourceID[:40]+"…")
	case len(a.Affected) == 0:
		return FieldError("affected", "Advisory %s names no affected product with versions Rollcall can read.", a.SourceID)
	}
	for i, p := range a.Affected {
		if p.PURL == "" || p.Vers == "" {
			return FieldError("affected", "Affected product %d of %s has no package URL or no version range.", i+1, a.SourceID)
		}
	}
	return nil
}

// ContentHash is a digest of what the source says (not of Rollcall's own
// bookkeeping), so a re-import can tell a changed record from an unchanged
// one even when the source's "modified" time is missing or wrong.
func (a *Advisory) ContentHash() string {
	content := struct {
		Aliases                   []string
		Summary, Details          string
		Published, Modified, Gone time.Time
		Affected                  []AffectedProduct
		References                []string
	}{a.Aliases, a.Summary, a.Details, a.Published.UTC(), a.Modified.UTC(), a.Withdrawn.UTC(), a.Affected, a.References}
	b, _ := json.Marshal(content)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AdvisoryFilter selects advisories in the library.
type AdvisoryFilter struct {
	Source string
	// Query matches the identifier or an alias exactly (e.g. a CVE), or
	// the summary in part, ignoring case.
	Query  string
	Limit  int
	Offset int
}
