package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"rollcall"
)

// Options tune Parse. The zero value is usable.
type Options struct {
	// Host names the host an SBOM describes (CycloneDX, SPDX) or the host
	// of an osquery object that carries no hostname. When empty, an SBOM
	// takes its own name: CycloneDX metadata.component.name, SPDX name.
	// CSV and native files name their hosts themselves and ignore it.
	Host string
	// MaxHosts and MaxItems lower the limits below MaxHosts and MaxItems;
	// zero means the package limit.
	MaxHosts, MaxItems int
}

// Parse reads one inventory file, detecting its form from the content:
// JSON with "format":"rollcall-inventory" (native), "bomFormat":"CycloneDX",
// "spdxVersion", osquery results keyed by table name or an osquery result
// log (one JSON object a line); anything else is read as Rollcall CSV.
//
// It returns a normalised, validated snapshot or, for a broken file, an
// EINVALID error (EMALFORMED when it cannot be parsed at all) whose field
// names the line or JSON path at fault, and no
// snapshot. A file over MaxSize, or a snapshot past the host or item limits,
// is ETOOLARGE.
func Parse(r io.Reader, opts Options) (*Snapshot, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read inventory: %w", err)
	} else if len(data) > MaxSize {
		return nil, rollcall.Errorf(rollcall.ETOOLARGE, "The inventory file is larger than %d MiB.", MaxSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark, as Excel writes
	var snap *Snapshot
	switch detect(data) {
	case formatNative:
		snap, err = parseNative(data)
	case formatCycloneDX:
		snap, err = parseCycloneDX(data, opts)
	case formatSPDX:
		snap, err = parseSPDX(data, opts)
	case formatOsquery:
		snap, err = parseOsqueryObject(data, opts)
	case formatOsqueryLog:
		snap, err = parseOsqueryLog(data, opts)
	case formatJSON:
		if err := json.Unmarshal(firstValue(data), new(any)); err != nil {
			return nil, jsonError(data, err)
		}
		return nil, rollcall.FieldError("", "JSON that is not an inventory Rollcall knows: expected a CycloneDX or SPDX 2.3 SBOM, osquery results keyed by table name, an osquery result log, or a rollcall-inventory file")
	default:
		snap, err = parseCSV(data, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := checkLimits(len(snap.Hosts), snap.ItemCount(), opts); err != nil {
		return nil, err
	}
	if err := snap.Validate(); err != nil {
		return nil, err
	}
	return snap, nil
}

// The forms Parse recognises.
const (
	formatCSV = iota
	formatJSON
	formatNative
	formatCycloneDX
	formatSPDX
	formatOsquery
	formatOsqueryLog
)

// osqueryTables are the osquery tables Rollcall reads.
var osqueryTables = []string{"os_version", "system_info", "programs", "deb_packages", "rpm_packages", "python_packages", "patches"}

// detect tells the form of data from its first JSON object's members, or
// CSV when it does not start like JSON.
func detect(data []byte) int {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return formatCSV
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(firstValue(trimmed), &top); err != nil {
		return formatJSON
	}
	var format string
	_ = json.Unmarshal(top["format"], &format)
	switch {
	case format == nativeFormat:
		return formatNative
	case top["bomFormat"] != nil:
		return formatCycloneDX
	case top["spdxVersion"] != nil:
		return formatSPDX
	case top["hostIdentifier"] != nil || (top["name"] != nil && (top["snapshot"] != nil || top["columns"] != nil)):
		return formatOsqueryLog
	}
	for key := range top {
		if osqueryTable(key) != "" {
			return formatOsquery
		}
	}
	return formatJSON
}

// firstValue returns the first JSON value of data (all of data when it
// holds one value, or the first line's object of an osquery result log).
func firstValue(data []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return data // let the caller's decoder report the fault with its place
	}
	if dec.More() {
		return raw
	}
	return data
}

// checkLimits refuses a snapshot past the host or item limits.
func checkLimits(hosts, items int, opts Options) error {
	maxHosts, maxItems := MaxHosts, MaxItems
	if opts.MaxHosts > 0 && opts.MaxHosts < maxHosts {
		maxHosts = opts.MaxHosts
	}
	if opts.MaxItems > 0 && opts.MaxItems < maxItems {
		maxItems = opts.MaxItems
	}
	if hosts > maxHosts {
		return rollcall.Errorf(rollcall.ETOOLARGE, "The inventory names %d hosts; at most %d are taken in one file.", hosts, maxHosts)
	}
	if items > maxItems {
		return rollcall.Errorf(rollcall.ETOOLARGE, "The inventory lists %d software items; at most %d are taken in one file.", items, maxItems)
	}
	return nil
}

// jsonError turns an encoding/json error into an EINVALID error at the
// place it names: "line 3, column 14" for broken syntax, the JSON path of
// the member for a value of the wrong type.
func jsonError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return rollcall.Malformed(lineColumn(data, syntax.Offset), "broken JSON: %v", syntax)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = lineColumn(data, typ.Offset)
		}
		// Field names the members but not the array indexes; the line does.
		return rollcall.FieldError(field, "a JSON %s where %s was expected (%s)", typ.Value, typ.Type, lineColumn(data, typ.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return rollcall.Malformed(lineColumn(data, int64(len(data))), "the JSON ends too early")
	}
	return rollcall.FieldError("", "broken JSON: %v", err)
}

// lineColumn names the place of byte offset in data as "line L, column C".
func lineColumn(data []byte, offset int64) string {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	column := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, column)
}

// itemAt normalises and validates it, naming the JSON path where it was
// read ("components[3]") in any error.
func itemAt(path string, it *Item) error {
	if err := it.Normalize(); err != nil {
		return prefixField(path, ".", err)
	}
	if err := it.Validate(); err != nil {
		return prefixField(path, ".", err)
	}
	return nil
}
