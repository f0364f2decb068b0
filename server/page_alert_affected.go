package server

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"rollcall"
)

// The alert form's structured products: two textareas, one entry a line,
// that the exposure matcher reads. Each parsed entry keeps the line it
// came from, so a fault the service finds in entry i is shown against the
// line the analyst typed, blank lines and all.

// affectedSoftwareExample and affectedWindowsExample are what the hints
// and the errors show.
const (
	affectedSoftwareExample = "pkg:npm/lodash vers:npm/<4.17.21"
	affectedWindowsExample  = "Windows 7 SP1 | 6.1.7601 | | KB4012212 KB4012215"
)

// affectedLines is the structured products read from the form, with the
// textarea line of each entry.
type affectedLines struct {
	Affected      rollcall.Affected
	SoftwareLines []int
	WindowsLines  []int
}

// textLines splits a textarea into its lines, as typed.
func textLines(s string) []string {
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

// parseAffected reads the two textareas. A line it cannot read is a field
// error on its textarea that names the line.
func parseAffected(software, windows string) (affectedLines, error) {
	var out affectedLines
	for i, line := range textLines(software) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		product, vers, ok := strings.Cut(line, " ")
		vers = strings.TrimSpace(vers)
		if !ok || vers == "" {
			if i := strings.IndexByte(line, '\t'); i > 0 {
				product, vers = line[:i], strings.TrimSpace(line[i+1:])
			}
		}
		if vers == "" {
			return out, rollcall.FieldError("affected_software", "Affected software, line %d: give the package URL or CPE, a space, then the affected versions in vers notation, for example %s.", i+1, affectedSoftwareExample)
		}
		out.Affected.Software = append(out.Affected.Software, rollcall.AffectedSoftware{Product: product, Vers: vers})
		out.SoftwareLines = append(out.SoftwareLines, i+1)
	}
	for i, line := range textLines(windows) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 2 || len(parts) > 4 {
			return out, rollcall.FieldError("affected_windows", "Affected Windows builds, line %d: write the name, the build, the fixed revision (or nothing) and the fixing updates, separated by |, for example %s.", i+1, affectedWindowsExample)
		}
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		for len(parts) < 4 {
			parts = append(parts, "")
		}
		w := rollcall.AffectedWindows{Name: parts[0], Build: parts[1], FixedBy: splitKBs(parts[3])}
		if parts[2] != "" {
			n, err := strconv.Atoi(parts[2])
			if err != nil || n < 0 {
				return out, rollcall.FieldError("affected_windows", "Affected Windows builds, line %d: the fixed revision %q is not a whole number, such as 953 for build 10.0.14393.953; leave it empty where updates fix the build.", i+1, parts[2])
			}
			w.FixedRevision = n
		}
		out.Affected.Windows = append(out.Affected.Windows, w)
		out.WindowsLines = append(out.WindowsLines, i+1)
	}
	return out, nil
}

// splitKBs splits a list of update numbers typed with spaces, commas or
// semicolons between them.
func splitKBs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' })
}

// affectedText writes structured products back into the textareas' form.
func affectedText(af rollcall.Affected) (software, windows string) {
	var sw, win []string
	for _, s := range af.Software {
		sw = append(sw, s.Product+" "+s.Vers)
	}
	for _, w := range af.Windows {
		rev := ""
		if w.FixedRevision > 0 {
			rev = strconv.Itoa(w.FixedRevision)
		}
		win = append(win, fmt.Sprintf("%s | %s | %s | %s", w.Name, w.Build, rev, strings.Join(w.FixedBy, " ")))
	}
	return strings.Join(sw, "\n"), strings.Join(win, "\n")
}

// affectedField reads a domain field name about one structured entry:
// "affected.software[1].vers" is ("software", 1).
var affectedField = regexp.MustCompile(`^affected\.(software|windows)\[(\d+)\]`)

// affectedError maps a service error about a structured entry back to its
// textarea, naming the line the entry was typed on. It returns nil for any
// other error.
func affectedError(err error, lines affectedLines) formErrors {
	code := rollcall.ErrorCode(err)
	if code != rollcall.EINVALID {
		return nil
	}
	field := rollcall.ErrorField(err)
	if field == "affected" {
		return formErrors{{ID: "affected_software", Message: rollcall.ErrorMessage(err)}}
	}
	m := affectedField.FindStringSubmatch(field)
	if m == nil {
		return nil
	}
	i, _ := strconv.Atoi(m[2])
	id, label, at := "affected_software", "Affected software", lines.SoftwareLines
	if m[1] == "windows" {
		id, label, at = "affected_windows", "Affected Windows builds", lines.WindowsLines
	}
	line := i + 1
	if i >= 0 && i < len(at) {
		line = at[i]
	}
	return formErrors{{ID: id, Message: fmt.Sprintf("%s, line %d: %s", label, line, rollcall.ErrorMessage(err))}}
}
