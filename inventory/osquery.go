package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/package-url/packageurl-go"

	"rollcall"
)

// osquery results come in two shapes (FORMATS.md):
//
//   - an object keyed by table (or query) name, each member the array of
//     rows `osqueryi --json "select * from programs"` prints:
//     {"hostname":"ws-001","os_version":[…],"programs":[…],"patches":[…]}.
//     The host is opts.Host, else the "hostname" member, else
//     system_info's hostname.
//   - an osquery or Fleet scheduled-query result log: one JSON object a
//     line with "name", "hostIdentifier" and either "snapshot" (rows) or
//     "action":"added"/"removed" with "columns" (a differential log, applied
//     in order). A query counts as a table when its name is the table's or
//     ends with "/table" or "_table" ("pack/Global/deb_packages"); other
//     queries in the log are skipped.
//
// Values may be strings (as osquery prints them) or numbers.

// osqueryRow is one result row, every value as a string.
type osqueryRow map[string]string

// osqueryHost gathers one host's rows by table before they are mapped.
type osqueryHost struct {
	name   string
	tables map[string][]osqueryRow
	paths  map[string][]string // the JSON path or line of each row, for errors
}

// parseOsqueryObject reads the object keyed by table name.
func parseOsqueryObject(data []byte, opts Options) (*Snapshot, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, jsonError(data, err)
	}
	h := &osqueryHost{name: opts.Host, tables: map[string][]osqueryRow{}, paths: map[string][]string{}}
	if h.name == "" && top["hostname"] != nil {
		if err := json.Unmarshal(top["hostname"], &h.name); err != nil {
			return nil, rollcall.FieldError("hostname", "the hostname must be a JSON string")
		}
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		table := osqueryTable(key)
		if table == "" {
			continue
		}
		var rows []map[string]json.RawMessage
		if err := json.Unmarshal(top[key], &rows); err != nil {
			return nil, rollcall.FieldError(key, "must be the array of rows osquery prints for %s", table)
		}
		for i, raw := range rows {
			at := fmt.Sprintf("%s[%d]", key, i)
			row, err := osqueryValues(at, raw)
			if err != nil {
				return nil, err
			}
			h.tables[table] = append(h.tables[table], row)
			h.paths[table] = append(h.paths[table], at)
		}
	}
	if h.name == "" {
		if rows := h.tables["system_info"]; len(rows) > 0 {
			h.name = rows[0]["hostname"]
		}
	}
	if strings.TrimSpace(h.name) == "" {
		return nil, rollcall.FieldError("hostname", "the results name no host: give a host name with the upload, a \"hostname\" member, or system_info rows")
	}
	host, err := h.host()
	if err != nil {
		return nil, err
	}
	return &Snapshot{Source: "osquery", Hosts: []Host{host}}, nil
}

// osqueryLogLine is one line of an osquery result log.
type osqueryLogLine struct {
	Name           string                       `json:"name"`
	HostIdentifier string                       `json:"hostIdentifier"`
	Action         string                       `json:"action"`
	Snapshot       []map[string]json.RawMessage `json:"snapshot"`
	Columns        map[string]json.RawMessage   `json:"columns"`
}

// parseOsqueryLog reads a result log of one or many hosts.
func parseOsqueryLog(data []byte, opts Options) (*Snapshot, error) {
	hosts := map[string]*osqueryHost{}
	var order []string
	for n, line := range bytes.Split(data, []byte("\n")) {
		lineNo := n + 1
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var l osqueryLogLine
		if err := json.Unmarshal(line, &l); err != nil {
			e := jsonError(line, err).(*rollcall.Error)
			return nil, rollcall.FieldError(fmt.Sprintf("line %d", lineNo), "%s", e.Message)
		}
		table := osqueryTable(l.Name)
		if table == "" {
			continue
		}
		name := l.HostIdentifier
		if opts.Host != "" {
			name = opts.Host
		}
		if strings.TrimSpace(name) == "" {
			return nil, rollcall.FieldError(fmt.Sprintf("line %d, hostIdentifier", lineNo), "the result names no host")
		}
		key := rollcall.HostKey(strings.TrimSpace(name))
		h := hosts[key]
		if h == nil {
			h = &osqueryHost{name: name, tables: map[string][]osqueryRow{}, paths: map[string][]string{}}
			hosts[key] = h
			order = append(order, key)
		}
		switch l.Action {
		case "snapshot":
			// A snapshot is the whole table: it replaces what came before.
			h.tables[table], h.paths[table] = nil, nil
			for i, raw := range l.Snapshot {
				at := fmt.Sprintf("line %d, snapshot[%d]", lineNo, i)
				row, err := osqueryValues(at, raw)
				if err != nil {
					return nil, err
				}
				h.tables[table] = append(h.tables[table], row)
				h.paths[table] = append(h.paths[table], at)
			}
		case "added", "removed":
			at := fmt.Sprintf("line %d, columns", lineNo)
			row, err := osqueryValues(at, l.Columns)
			if err != nil {
				return nil, err
			}
			if l.Action == "added" {
				h.tables[table] = append(h.tables[table], row)
				h.paths[table] = append(h.paths[table], at)
				break
			}
			// A removal names the row by its content, whether it came from
			// a snapshot or an earlier addition; looking it up in the table
			// as it is now leaves no stale position to follow.
			content := row.key()
			for i, r := range h.tables[table] {
				if r != nil && r.key() == content {
					h.tables[table][i] = nil // removed; skipped when mapped
					break
				}
			}
		default:
			return nil, rollcall.FieldError(fmt.Sprintf("line %d, action", lineNo), "action %q: expected snapshot, added or removed", l.Action)
		}
	}
	if len(order) == 0 {
		return nil, rollcall.FieldError("line 1", "the log has no results of the tables Rollcall reads (%s)", strings.Join(osqueryTables, ", "))
	}
	snap := &Snapshot{Source: "osquery"}
	for _, key := range order {
		host, err := hosts[key].host()
		if err != nil {
			return nil, err
		}
		snap.Hosts = append(snap.Hosts, host)
	}
	return snap, nil
}

// osqueryTable returns the table a query name reads, or "".
func osqueryTable(name string) string {
	for _, t := range osqueryTables {
		if name == t || strings.HasSuffix(name, "/"+t) || strings.HasSuffix(name, "_"+t) {
			return t
		}
	}
	return ""
}

// osqueryValues turns a row's JSON values into strings; at names the row.
func osqueryValues(at string, raw map[string]json.RawMessage) (osqueryRow, error) {
	row := make(osqueryRow, len(raw))
	for col, v := range raw {
		var s string
		var num json.Number
		switch {
		case string(v) == "null":
		case json.Unmarshal(v, &s) == nil:
		case json.Unmarshal(v, &num) == nil:
			s = num.String()
		default:
			return nil, rollcall.FieldError(at+"."+col, "an osquery value must be a string or a number")
		}
		row[col] = strings.TrimSpace(s)
	}
	return row, nil
}

// key is the row's content in a stable form, to find it again on removal.
func (r osqueryRow) key() string {
	cols := make([]string, 0, len(r))
	for c, v := range r {
		cols = append(cols, c+"\x00"+v)
	}
	sort.Strings(cols)
	return strings.Join(cols, "\x01")
}

// host maps the gathered rows to a Host.
func (h *osqueryHost) host() (Host, error) {
	host := Host{Name: strings.TrimSpace(h.name)}
	distro := ""
	if rows := h.tables["os_version"]; len(rows) > 0 && rows[0] != nil {
		os := rows[0]
		host.OS = OS{Name: os["name"], Version: os["version"], Build: os["build"]}
		// Windows reports version "10.0.19045" and build "19045"; Rollcall
		// keeps Windows versions as major.minor beside the build ("6.1",
		// "7601"), as Microsoft's bulletins do.
		if os["platform"] == "windows" && os["major"] != "" && os["build"] != "" {
			host.OS.Version = os["major"] + "." + os["minor"]
		}
		distro = os["platform"]
		if distro == "" {
			distro = strings.ToLower(strings.Fields(os["name"] + " x")[0])
		}
	}
	for i, row := range h.tables["patches"] {
		if row == nil || row["hotfix_id"] == "" {
			continue
		}
		if err := host.AddUpdate(row["hotfix_id"]); err != nil {
			return Host{}, prefixField(h.paths["patches"][i]+".hotfix_id", "", err)
		}
	}
	for _, table := range []string{"programs", "deb_packages", "rpm_packages", "python_packages"} {
		for i, row := range h.tables[table] {
			if row == nil {
				continue
			}
			it := osqueryItem(table, distro, row)
			if err := itemAt(h.paths[table][i], &it); err != nil {
				return Host{}, err
			}
			host.Software = append(host.Software, it)
		}
	}
	return host, nil
}

// osqueryItem maps one package row; the purl's namespace for deb and rpm is
// the distribution os_version names (debian, ubuntu, rhel → redhat, …).
func osqueryItem(table, distro string, row osqueryRow) Item {
	it := Item{Name: row["name"], Version: row["version"]}
	var purl packageurl.PackageURL
	switch table {
	case "programs":
		it.Vendor = row["publisher"]
		return it
	case "deb_packages":
		it.Vendor = row["maintainer"]
		purl = *packageurl.NewPackageURL("deb", debNamespace(distro), it.Name, it.Version, qualifiers("arch", row["arch"]), "")
	case "rpm_packages":
		it.Vendor = row["vendor"]
		if row["release"] != "" {
			it.Version += "-" + row["release"]
		}
		q := qualifiers("arch", row["arch"])
		if e := row["epoch"]; e != "" && e != "0" {
			q = append(q, packageurl.Qualifier{Key: "epoch", Value: e})
		}
		purl = *packageurl.NewPackageURL("rpm", rpmNamespace(distro), it.Name, it.Version, q, "")
	case "python_packages":
		purl = *packageurl.NewPackageURL("pypi", "", it.Name, it.Version, nil, "")
	}
	if it.Name != "" {
		it.PURL = purl.ToString()
	}
	return it
}

func qualifiers(key, value string) packageurl.Qualifiers {
	if value == "" {
		return nil
	}
	return packageurl.Qualifiers{{Key: key, Value: value}}
}

// debNamespace is the purl namespace of a Debian-family distribution.
func debNamespace(distro string) string {
	if distro == "" {
		return "debian"
	}
	return strings.ToLower(distro)
}

// rpmNamespace is the purl namespace of an RPM distribution.
func rpmNamespace(distro string) string {
	switch d := strings.ToLower(distro); d {
	case "", "rhel", "red":
		return "redhat"
	default:
		return d
	}
}
