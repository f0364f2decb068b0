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
	// Facts are what a source says beyond the affected versions: the
	// KEV catalogue's due date and ransomware use, a CSAF document's
	// scores, Windows builds and fixing updates, remediations.
	Facts AdvisoryFacts `json:"facts"`
	// FeedID is the feed source that brought the advisory, 0 when it was
	// imported by hand. Only that feed (or an import by hand) changes it.
	FeedID int64 `json:"feed_id,omitempty"`
	// Revision counts the changes Rollcall has seen: 1 when first
	// imported, one more each time an import brings different content.
	Revision   int       `json:"revision"`
	ImportedAt time.Time `json:"imported_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// AffectedProduct is one product an advisory affects, and which of its
// versions.
type AffectedProduct struct {
	// PURL is the package, without a version: pkg:golang/golang.org/x/net;
	// or, where the source names the product by CPE, the CPE
	// (cpe:2.3:a:vendor:product).
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

// AdvisoryFacts are the parts of an advisory some sources give and others
// do not. All are optional.
type AdvisoryFacts struct {
	// Vendor and Product name what is affected for people, as the source
	// names it ("Microsoft", "Windows"): the KEV catalogue gives no more.
	Vendor  string `json:"vendor,omitempty"`
	Product string `json:"product,omitempty"`
	// Severity is the source's own rating when it gives one, mapped to
	// Rollcall's three; CVSS the highest-scoring vector it gives.
	Severity Severity `json:"severity,omitempty"`
	CVSS     *CVSS    `json:"cvss,omitempty"`
	CWEs     []string `json:"cwes,omitempty"`
	// Windows lists affected Windows builds with the updates that fix
	// them (a CSAF vendor fix naming KB numbers).
	Windows []AffectedWindows `json:"windows,omitempty"`
	// Remediations are what the source says to do.
	Remediations []AdvisoryRemediation `json:"remediations,omitempty"`
	// KEV is set when the advisory is an entry of the Known Exploited
	// Vulnerabilities catalogue.
	KEV *KEVFacts `json:"kev,omitempty"`
	// Publisher is who issued the advisory (a CSAF document's publisher).
	Publisher string `json:"publisher,omitempty"`
}

// AdvisoryRemediation is one thing a source says to do.
type AdvisoryRemediation struct {
	// Category is the source's kind of remediation: "vendor_fix",
	// "workaround", "mitigation", "none_available", "no_fix_planned",
	// or "required_action" for the KEV catalogue.
	Category string `json:"category"`
	Details  string `json:"details"`
	URL      string `json:"url,omitempty"`
	// Products names the products it applies to, as the source names them.
	Products []string `json:"products,omitempty"`
}

// KEVFacts are a Known Exploited Vulnerabilities catalogue entry's own
// fields.
type KEVFacts struct {
	DateAdded      time.Time `json:"date_added"`
	DueDate        time.Time `json:"due_date"`
	RequiredAction string    `json:"required_action"`
	// KnownRansomware is the catalogue's knownRansomwareCampaignUse:
	// "Known" or "Unknown".
	KnownRansomware string `json:"known_ransomware_campaign_use"`
	Notes           string `json:"notes,omitempty"`
}

// RansomwareKnown reports whether the entry is known to be used in
// ransomware campaigns.
func (k *KEVFacts) RansomwareKnown() bool {
	return k != nil && strings.EqualFold(k.KnownRansomware, "Known")
}

// Validate checks an advisory before it is saved. An advisory may name
// nothing Rollcall can match (a CSAF document with no product tree is
// valid, and the library shows it as having nothing to match); a source
// that must name products (OSV, the KEV catalogue) checks that itself.
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
	}
	if err := (&Affected{Windows: a.Facts.Windows}).Validate(); err != nil {
		return err
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
		Facts                     *AdvisoryFacts `json:",omitempty"`
	}{a.Aliases, a.Summary, a.Details, a.Published.UTC(), a.Modified.UTC(), a.Withdrawn.UTC(), a.Affected, a.References, nil}
	if !a.Facts.isZero() {
		// Only when there are facts, so the hash of an advisory without
		// any (every OSV record imported before facts existed) is unchanged.
		content.Facts = &a.Facts
	}
	b, _ := json.Marshal(content)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (f *AdvisoryFacts) isZero() bool {
	return f.Vendor == "" && f.Product == "" && f.Severity == "" && f.CVSS == nil && len(f.CWEs) == 0 &&
		len(f.Windows) == 0 && len(f.Remediations) == 0 && f.KEV == nil && f.Publisher == ""
}

// AdvisoryFeed is which feed brought an advisory, and the hash of the
// content held (see ContentHash).
type AdvisoryFeed struct {
	FeedID      int64
	ContentHash string
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
