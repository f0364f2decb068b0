package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"rollcall"
)

// nativeFormat and nativeVersion mark Rollcall's own inventory JSON, which
// `rollcall collect` writes and Parse reads back:
//
//	{"format":"rollcall-inventory","version":1,"source":"collect","hosts":[…]}
//
// Hosts are Host values as JSON (see the struct tags).
const (
	nativeFormat  = "rollcall-inventory"
	nativeVersion = 1
)

// nativeFile is the native JSON document.
type nativeFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Source  string `json:"source,omitempty"`
	Hosts   []Host `json:"hosts"`
}

// WriteJSON writes s in Rollcall's native inventory JSON, which Parse reads.
func WriteJSON(w io.Writer, s *Snapshot) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(nativeFile{Format: nativeFormat, Version: nativeVersion, Source: s.Source, Hosts: s.Hosts})
}

// parseNative reads the native JSON. Its hosts are normalised and checked
// with their JSON path ("hosts[2].software[5].purl") named on error.
func parseNative(data []byte) (*Snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f nativeFile
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(data, err)
	}
	if dec.More() {
		return nil, rollcall.FieldError("", "more than one JSON value in a rollcall-inventory file")
	}
	if f.Version != nativeVersion {
		return nil, rollcall.FieldError("version", "rollcall-inventory version %d: this Rollcall reads version %d", f.Version, nativeVersion)
	}
	snap := &Snapshot{Source: f.Source, Hosts: f.Hosts}
	if snap.Source == "" {
		snap.Source = "rollcall"
	}
	for i := range snap.Hosts {
		if err := snap.Hosts[i].Normalize(); err != nil {
			return nil, prefixField(fmt.Sprintf("hosts[%d]", i), ".", err)
		}
	}
	return snap, nil
}
