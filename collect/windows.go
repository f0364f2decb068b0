package collect

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"rollcall"
	"rollcall/inventory"
)

// Windows builds a Windows host's inventory from the files these commands
// export (any reader may be nil, but not all three):
//
//	Get-CimInstance Win32_QuickFixEngineering | Export-Csv hotfixes.csv
//	Get-ItemProperty HKLM:\Software\Microsoft\Windows\CurrentVersion\Uninstall\*,
//	    HKLM:\Software\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\* |
//	    Select DisplayName,DisplayVersion,Publisher | Export-Csv programs.csv
//	systeminfo /fo csv > systeminfo.csv
//
// Export-Csv's "#TYPE …" first line, a byte-order mark and UTF-16
// (-Encoding Unicode) are accepted. hotfixes gives Updates (HotFixID) and
// the host name (CSName); programs gives Software (entries without a
// DisplayName are skipped: they are not shown in "Programs and Features"
// either); systeminfo gives the host name and OS name, version ("6.1") and
// build ("7601"), read by column position when its headers are not English.
// Errors name the file, line and column.
func Windows(hotfixes, programs, systeminfo io.Reader) (*inventory.Snapshot, error) {
	if hotfixes == nil && programs == nil && systeminfo == nil {
		return nil, rollcall.Errorf(rollcall.EINVALID, "no Windows export files given")
	}
	var host inventory.Host
	if systeminfo != nil {
		if err := readSysteminfo(systeminfo, &host); err != nil {
			return nil, err
		}
	}
	if hotfixes != nil {
		if err := readHotfixes(hotfixes, &host); err != nil {
			return nil, err
		}
	}
	if programs != nil {
		if err := readPrograms(programs, &host); err != nil {
			return nil, err
		}
	}
	if host.Name == "" {
		return nil, rollcall.Errorf(rollcall.EINVALID, "no host name: the systeminfo export (Host Name) or the hotfix export (CSName) gives it")
	}
	snap := &inventory.Snapshot{Source: Source, Hosts: []inventory.Host{host}}
	if err := snap.Validate(); err != nil {
		return nil, err
	}
	return snap, nil
}

// exportCSV is a CSV file as PowerShell or systeminfo writes it.
type exportCSV struct {
	file    string         // "hotfixes", "programs", "systeminfo": named in errors
	columns map[string]int // header name, lower-cased → index
	rows    [][]string
	lines   []int // the line of each row
}

// readExportCSV reads an export file, skipping Export-Csv's #TYPE line.
func readExportCSV(file string, r io.Reader) (*exportCSV, error) {
	data, err := io.ReadAll(io.LimitReader(r, inventory.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	} else if len(data) > inventory.MaxSize {
		return nil, rollcall.Errorf(rollcall.ETOOLARGE, "The %s file is larger than %d MiB.", file, inventory.MaxSize>>20)
	}
	data = decodeText(data)
	skipped := 0
	if bytes.HasPrefix(data, []byte("#TYPE")) {
		_, data, _ = bytes.Cut(data, []byte("\n"))
		skipped = 1
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	out := &exportCSV{file: file, columns: map[string]int{}}
	header, err := cr.Read()
	if err != nil {
		return nil, exportError(file, skipped, err)
	}
	for i, name := range header {
		out.columns[strings.ToLower(strings.TrimSpace(name))] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, exportError(file, skipped, err)
		}
		line, _ := cr.FieldPos(0)
		out.rows = append(out.rows, rec)
		out.lines = append(out.lines, line+skipped)
	}
	return out, nil
}

// get returns row i's value of the named column, else of the column at
// position fallback (-1 for none).
func (e *exportCSV) get(i int, name string, fallback int) string {
	col, ok := e.columns[strings.ToLower(name)]
	if !ok {
		col = fallback
	}
	if col < 0 || col >= len(e.rows[i]) {
		return ""
	}
	return strings.TrimSpace(e.rows[i][col])
}

// at names row i's place: "hotfixes: line 3, column HotFixID".
func (e *exportCSV) at(i int, column string) string {
	return fmt.Sprintf("%s: line %d, column %s", e.file, e.lines[i], column)
}

func exportError(file string, skipped int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return rollcall.FieldError(fmt.Sprintf("%s: line %d", file, pe.Line+skipped), "broken CSV: %v", pe.Err)
	}
	if err == io.EOF {
		return rollcall.FieldError(file+": line 1", "the file is empty")
	}
	return rollcall.FieldError(file, "broken CSV: %v", err)
}

// readHotfixes takes HotFixID (and CSName as the host name).
func readHotfixes(r io.Reader, host *inventory.Host) error {
	e, err := readExportCSV("hotfixes", r)
	if err != nil {
		return err
	}
	if _, ok := e.columns["hotfixid"]; !ok {
		return rollcall.FieldError("hotfixes: line 1", "no HotFixID column: export Win32_QuickFixEngineering with Export-Csv")
	}
	for i := range e.rows {
		if host.Name == "" {
			host.Name = e.get(i, "CSName", -1)
		}
		id := e.get(i, "HotFixID", -1)
		// Some entries carry no KB number ("File 1"); they name no update.
		if id == "" || !strings.HasPrefix(strings.ToUpper(id), "KB") {
			continue
		}
		if err := host.AddUpdate(id); err != nil {
			return rollcall.FieldError(e.at(i, "HotFixID"), "%s", rollcall.ErrorMessage(err))
		}
	}
	return nil
}

// readPrograms takes DisplayName, DisplayVersion and Publisher.
func readPrograms(r io.Reader, host *inventory.Host) error {
	e, err := readExportCSV("programs", r)
	if err != nil {
		return err
	}
	if _, ok := e.columns["displayname"]; !ok {
		return rollcall.FieldError("programs: line 1", "no DisplayName column: select DisplayName,DisplayVersion,Publisher before Export-Csv")
	}
	for i := range e.rows {
		it := inventory.Item{Name: e.get(i, "DisplayName", -1), Version: e.get(i, "DisplayVersion", -1), Vendor: e.get(i, "Publisher", -1)}
		if it.Name == "" {
			continue
		}
		if err := it.Normalize(); err != nil {
			return rollcall.FieldError(e.at(i, "DisplayName"), "%s", rollcall.ErrorMessage(err))
		}
		if err := it.Validate(); err != nil {
			return rollcall.FieldError(e.at(i, "DisplayName"), "%s", rollcall.ErrorMessage(err))
		}
		host.Software = append(host.Software, it)
	}
	return nil
}

var (
	windowsVersion = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?`)
	windowsBuild   = regexp.MustCompile(`(\d+)\s*$`)
	kbNumber       = regexp.MustCompile(`KB\d{4,8}`)
)

// readSysteminfo takes Host Name, OS Name and OS Version ("6.1.7601
// Service Pack 1 Build 7601" → version "6.1", build "7601") from the first
// row, and the KB numbers of its Hotfix(s) column.
func readSysteminfo(r io.Reader, host *inventory.Host) error {
	e, err := readExportCSV("systeminfo", r)
	if err != nil {
		return err
	}
	if len(e.rows) == 0 {
		return rollcall.FieldError("systeminfo: line 2", "no row: export it with systeminfo /fo csv")
	}
	host.Name = e.get(0, "Host Name", 0)
	host.OS.Name = e.get(0, "OS Name", 1)
	version := e.get(0, "OS Version", 2)
	m := windowsVersion.FindStringSubmatch(version)
	if m == nil {
		return rollcall.FieldError(e.at(0, "OS Version"), "%q is not a Windows version like \"6.1.7601 Service Pack 1 Build 7601\"", version)
	}
	host.OS.Version = m[1] + "." + m[2]
	host.OS.Build = m[3]
	if b := windowsBuild.FindStringSubmatch(version); b != nil {
		host.OS.Build = b[1]
	}
	for _, kb := range kbNumber.FindAllString(e.get(0, "Hotfix(s)", -1), -1) {
		if err := host.AddUpdate(kb); err != nil {
			return rollcall.FieldError(e.at(0, "Hotfix(s)"), "%s", rollcall.ErrorMessage(err))
		}
	}
	return nil
}
