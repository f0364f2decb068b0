// Package osv reads vulnerability records in the OSV format
// (https://ossf.github.io/osv-schema/) — one JSON file, a folder of them,
// or the bulk-download all.zip of an ecosystem — into Rollcall advisories,
// with each affected package's versions as a vers range.
package osv

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"rollcall"
	"rollcall/version"
)

// record is the part of an OSV record Rollcall reads.
type record struct {
	SchemaVersion string      `json:"schema_version"`
	ID            string      `json:"id"`
	Modified      string      `json:"modified"`
	Published     string      `json:"published"`
	Withdrawn     string      `json:"withdrawn"`
	Aliases       []string    `json:"aliases"`
	Summary       string      `json:"summary"`
	Details       string      `json:"details"`
	Affected      []affected  `json:"affected"`
	References    []reference `json:"references"`
}

type affected struct {
	Package struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
		PURL      string `json:"purl"`
	} `json:"package"`
	Ranges   []version.OSVRange `json:"ranges"`
	Versions []string           `json:"versions"`
}

type reference struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// maxRecordBytes bounds one record; the largest in the Go database is a few
// tens of kilobytes.
const maxRecordBytes = 8 << 20

// Parse reads one OSV record. Affected packages whose ecosystem has no
// version scheme here, or whose ranges are git commits only, are left out
// (their count is returned); a record left with no affected package, or
// malformed, is refused with what is wrong.
func Parse(data []byte) (adv *rollcall.Advisory, skipped int, err error) {
	if len(data) > maxRecordBytes {
		return nil, 0, rollcall.Errorf(rollcall.ETOOLARGE, "The record is larger than %d MiB.", maxRecordBytes>>20)
	}
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, 0, rollcall.FieldError("record", "Not an OSV record: %v.", err)
	}
	if strings.TrimSpace(r.ID) == "" {
		return nil, 0, rollcall.FieldError("id", "The record has no id.")
	}
	a := &rollcall.Advisory{Source: "osv", SourceID: r.ID, Aliases: r.Aliases, Summary: strings.TrimSpace(r.Summary),
		Details: strings.TrimSpace(r.Details)}
	for _, t := range []struct {
		field string
		text  string
		into  *time.Time
	}{{"published", r.Published, &a.Published}, {"modified", r.Modified, &a.Modified}, {"withdrawn", r.Withdrawn, &a.Withdrawn}} {
		if t.text == "" {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, t.text)
		if err != nil {
			return nil, 0, rollcall.FieldError(t.field, "%s: %q is not an RFC 3339 time.", r.ID, t.text)
		}
		if at.Year() > 1 { // some records carry 0001-01-01 for "unknown"
			*t.into = at.UTC()
		}
	}
	for _, ref := range r.References {
		if ref.URL != "" {
			a.References = append(a.References, ref.URL)
		}
	}
	for i, af := range r.Affected {
		p, err := affectedProduct(af)
		if err != nil {
			if errorsIsSkip(err) {
				skipped++
				continue
			}
			return nil, 0, rollcall.FieldError(fmt.Sprintf("affected[%d]", i), "%s: %s", r.ID, rollcall.ErrorMessage(err))
		}
		a.Affected = append(a.Affected, p)
	}
	if len(a.Affected) == 0 {
		return nil, skipped, rollcall.FieldError("affected", "Advisory %s names no affected product whose versions Rollcall can read.", a.SourceID)
	}
	if err := a.Validate(); err != nil {
		return nil, skipped, err
	}
	return a, skipped, nil
}
