package inventory

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"rollcall"
)

// csvColumns are Rollcall CSV's columns (FORMATS.md). The header is required
// and names them in any order; "host" is the only column that must be there.
var csvColumns = []string{"host", "os_name", "os_version", "os_build", "updates",
	"software_name", "software_vendor", "software_version", "purl", "cpe"}

// itemColumns maps an Item field, as Validate names it, to its CSV column.
var itemColumns = map[string]string{"name": "software_name", "vendor": "software_vendor",
	"version": "software_version", "purl": "purl", "cpe": "cpe"}

// parseCSV reads Rollcall CSV: one row per software item, rows of one host
// merged; a row with empty software columns carries only host facts.
// Comma, semicolon and tab separators are accepted (Excel in many European
// locales saves CSV with ";").
func parseCSV(data []byte, _ Options) (*Snapshot, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffSeparator(data)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true

	header, err := r.Read()
	if err == io.EOF {
		return nil, rollcall.FieldError("line 1", "the file is empty: expected a CSV header naming the columns (host, software_name, …)")
	} else if err != nil {
		return nil, csvError(err)
	}
	index := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		known := false
		for _, c := range csvColumns {
			known = known || c == name
		}
		switch {
		case !known:
			return nil, rollcall.FieldError(fmt.Sprintf("line 1, column %d", i+1), "unknown column %q; the columns are %s", name, strings.Join(csvColumns, ", "))
		case index[name] != 0:
			return nil, rollcall.FieldError(fmt.Sprintf("line 1, column %d", i+1), "column %q appears twice", name)
		}
		index[name] = i + 1 // 0 means absent
	}
	if index["host"] == 0 {
		return nil, rollcall.FieldError("line 1", "the header has no %q column (the header row is required; the columns are %s)", "host", strings.Join(csvColumns, ", "))
	}

	snap := &Snapshot{Source: "csv"}
	hosts := map[string]int{} // lower-cased host name → index in snap.Hosts
	items := 0
	for {
		record, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		get := func(col string) string {
			if i := index[col]; i != 0 && i <= len(record) {
				return strings.TrimSpace(record[i-1])
			}
			return ""
		}
		at := func(col string) string { return fmt.Sprintf("line %d, column %s", line, col) }
		if len(record) == 1 && strings.TrimSpace(record[0]) == "" {
			continue // a blank line
		}
		if len(record) > len(header) {
			return nil, rollcall.FieldError(fmt.Sprintf("line %d", line), "%d fields where the header has %d", len(record), len(header))
		}

		name := get("host")
		if name == "" {
			return nil, rollcall.FieldError(at("host"), "host name is required on every row")
		}
		i, ok := hosts[rollcall.HostKey(name)]
		if !ok {
			if err := (&Host{Name: name}).Validate(); err != nil {
				return nil, rollcall.FieldError(fmt.Sprintf("line %d, column host", line), "%s", rollcall.ErrorMessage(err))
			}
			if len(hosts) >= MaxHosts {
				return nil, checkLimits(len(hosts)+1, 0, Options{})
			}
			i = len(snap.Hosts)
			hosts[rollcall.HostKey(name)] = i
			snap.Hosts = append(snap.Hosts, Host{Name: name})
		}
		h := &snap.Hosts[i]
		for _, f := range []struct {
			col  string
			have *string
		}{{"os_name", &h.OS.Name}, {"os_version", &h.OS.Version}, {"os_build", &h.OS.Build}} {
			v := get(f.col)
			switch {
			case v == "":
			case *f.have == "":
				*f.have = v
			case *f.have != v:
				return nil, rollcall.FieldError(at(f.col), "host %q has %s %q here but %q on an earlier line", name, f.col, v, *f.have)
			}
		}
		for _, kb := range strings.FieldsFunc(get("updates"), func(r rune) bool { return r == ';' || r == ',' || r == ' ' }) {
			if err := h.AddUpdate(kb); err != nil {
				return nil, prefixField(at("updates"), "", err)
			}
		}

		it := Item{Name: get("software_name"), Vendor: get("software_vendor"), Version: get("software_version"), PURL: get("purl"), CPE: get("cpe")}
		if it == (Item{}) {
			continue // a row of host facts only
		}
		if err := it.Normalize(); err != nil {
			return nil, csvItemError(line, err)
		}
		if err := it.Validate(); err != nil {
			return nil, csvItemError(line, err)
		}
		if items++; items > MaxItems {
			return nil, checkLimits(0, items, Options{})
		}
		h.Software = append(h.Software, it)
	}
	if len(snap.Hosts) == 0 {
		return nil, rollcall.FieldError("line 2", "the file has a header but no rows")
	}
	return snap, nil
}

// csvItemError names the line and CSV column of an Item error.
func csvItemError(line int, err error) error {
	var e *rollcall.Error
	if errors.As(err, &e) {
		return rollcall.FieldError(fmt.Sprintf("line %d, column %s", line, itemColumns[e.Field]), "%s", e.Message)
	}
	return err
}

// csvError turns an encoding/csv error into an EINVALID error at its line.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return rollcall.Malformed(fmt.Sprintf("line %d, column %d", pe.Line, pe.Column), "broken CSV: %v", pe.Err)
	}
	return rollcall.FieldError("", "broken CSV: %v", err)
}

// sniffSeparator picks the separator the header line uses most: comma,
// semicolon or tab.
func sniffSeparator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	best, count := ',', bytes.Count(first, []byte(","))
	for _, sep := range []rune{';', '\t'} {
		if n := bytes.Count(first, []byte(string(sep))); n > count {
			best, count = sep, n
		}
	}
	return best
}
