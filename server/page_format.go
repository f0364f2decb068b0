package server

import (
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"
	// The pages show times in UK local time; the embedded zone database
	// makes that work on a bare machine with no /usr/share/zoneinfo.
	_ "time/tzdata"

	"rollcall"
)

// london is the zone every time on the pages is shown in: the people who
// read them work in the UK, and a deadline read in UTC is an hour out for
// half the year.
var london = mustLoadLondon()

func mustLoadLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}

// pageFuncs are the helpers templates may call. They format; they never
// decide who may see what.
var pageFuncs = template.FuncMap{
	"dict":         dict,
	"static":       staticURL,
	"datetime":     formatDateTime,
	"date":         formatDate,
	"day":          formatDay,
	"took":         formatTook,
	"span":         func(d time.Duration) string { return formatSpan(d, false) },
	"pct":          rollcall.Percent,
	"severityTone": severityTone,
	"statusTone":   statusTone,
	"add":          func(a, b int) int { return a + b },
	"flagLabel":    flagLabel,
	"signOffLabel": signOffLabel,
	"isZero":       func(t time.Time) bool { return t.IsZero() },
	"textBlocks":   textBlocks,
	"breakable":    breakable,
	"truncate":     truncate,
	"plural":       plural,
	"duration":     rollcall.FormatDuration,
}

// dict builds a map for passing several values to a shared template:
// {{template "input" (dict "ID" "title" "Label" "Title")}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key and value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// formatDateTime is a moment as people in the UK read it: "10 March 2026,
// 9:05am". The zero time is a dash.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(london).Format("2 January 2006, 3:04pm")
}

// formatDate is the day of a moment in UK time: "10 March 2026".
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(london).Format("2 January 2006")
}

// formatDay is a date that was entered as a date (a planned date): stored
// as midnight UTC, it is shown as that day, whatever the zone.
func formatDay(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2 January 2006")
}

// formatTook is how long something took, as the roll call's figures say
// it: "under a minute", "45 min", "6 h 20 min", "1 day 4 h", "3 days".
func formatTook(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < rollcall.Day:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	case d < 2*rollcall.Day:
		h := int(d % rollcall.Day / time.Hour)
		if h == 0 {
			return "1 day"
		}
		return fmt.Sprintf("1 day %d h", h)
	}
	return fmt.Sprintf("%d days", int((d+rollcall.Day/2)/rollcall.Day))
}

// formatSpan is a stretch of time in words, coarse as people say it about a
// deadline: minutes under an hour, hours under two days, then days. With
// roundUp, a part counts as a whole ("within 5 hours" when 4 h 10 min are
// left); without, it is dropped ("overdue by 2 days" after 2 days 7 h).
func formatSpan(d time.Duration, roundUp bool) string {
	unit, name := time.Minute, "minute"
	switch {
	case d >= 2*rollcall.Day:
		unit, name = rollcall.Day, "day"
	case d >= time.Hour:
		unit, name = time.Hour, "hour"
	}
	n := int(d / unit)
	if roundUp && d%unit != 0 {
		n++
	}
	if n < 1 {
		n = 1
	}
	if n == 1 {
		return "1 " + name
	}
	return fmt.Sprintf("%d %ss", n, name)
}

// clockPhrase is the clock an organisation should watch, phrased for the
// person who must act: "Acknowledge within 5 hours", "Acknowledgement
// overdue by 2 days", "Remediate by 24 March 2026 (13 days)", "Remediation
// overdue by 3 days".
func clockPhrase(r rollcall.Response, now time.Time) string {
	due, which := r.NextDeadline()
	switch {
	case which == "acknowledge" && now.After(due):
		return "Acknowledgement overdue by " + formatSpan(now.Sub(due), false)
	case which == "acknowledge":
		return "Acknowledge within " + formatSpan(due.Sub(now), true)
	case which == "remediate" && now.After(due):
		return "Remediation overdue by " + formatSpan(now.Sub(due), false)
	case which == "remediate":
		return fmt.Sprintf("Remediate by %s (%s)", formatDate(due), formatSpan(due.Sub(now), false))
	case !r.ClosedAt.IsZero():
		return "Closed " + formatDate(r.ClosedAt)
	}
	return "No deadline"
}

// barWidth is a share as a bar length out of 100, at least 1 when the
// share is not nothing, so a small group is still seen.
func barWidth(part, whole int) int {
	if whole <= 0 || part <= 0 {
		return 0
	}
	w := part * 100 / whole
	if w < 1 {
		w = 1
	}
	return w
}

// severityTone is the NHS tag colour for a severity.
func severityTone(s rollcall.Severity) string {
	switch s {
	case rollcall.SeverityHigh:
		return "red"
	case rollcall.SeverityMedium:
		return "orange"
	}
	return "blue"
}

// statusTone is the NHS tag colour for an alert's status.
func statusTone(s rollcall.AlertStatus) string {
	switch s {
	case rollcall.AlertPublished:
		return "green"
	case rollcall.AlertDraft:
		return "grey"
	}
	return "white"
}

// flagLabel is an organisation flag as people read it.
func flagLabel(f string) string {
	if f == rollcall.FlagMajorTraumaCentre {
		return "Major trauma centre"
	}
	f = strings.ReplaceAll(f, "_", " ")
	if f == "" {
		return f
	}
	return strings.ToUpper(f[:1]) + f[1:]
}

// signOffLabel is the data-security lead's decision as people read it.
func signOffLabel(s rollcall.SignOff) string {
	switch s {
	case rollcall.SignOffPending:
		return "Waiting for the data-security lead"
	case rollcall.SignOffApproved:
		return "Signed off by the data-security lead"
	case rollcall.SignOffRejected:
		return "Rejected by the data-security lead"
	}
	return "Not needed"
}

// textBlock is one block of text typed in a box: a paragraph, or a
// numbered or bulleted list. Alerts are written as steps ("1. Install the
// update") and lists of versions ("- Windows 7 SP1: KB4012212"); shown as
// one run of text they cannot be followed.
type textBlock struct {
	// List is "" for a paragraph, "ol" or "ul" for a list.
	List string
	// Start is the first step's number, when a numbered list does not
	// start at 1.
	Start int
	// Items are a list's items; a paragraph has one. Each keeps the
	// lines it was typed on.
	Items [][]string
}

var (
	numberedLine = regexp.MustCompile(`^\s*(\d{1,3})[.)]\s+(\S.*)$`)
	bulletLine   = regexp.MustCompile(`^\s*[-*•]\s+(\S.*)$`)
)

// textBlocks splits text typed in a box into paragraphs and lists, so the
// shape people typed survives without trusting any of it as HTML: the
// template escapes every line. A blank line ends a block; a line that
// starts "1." or "1)" is a step, one that starts "-", "*" or "•" a bullet;
// an indented line after an item goes on with that item, any other line
// after a list starts a paragraph. Lines within a paragraph stay lines.
func textBlocks(s string) []textBlock {
	var out []textBlock
	var cur *textBlock
	end := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	item := func(list string, start int, text string) {
		if cur == nil || cur.List != list {
			end()
			cur = &textBlock{List: list}
			if start > 1 {
				cur.Start = start
			}
		}
		cur.Items = append(cur.Items, []string{text})
	}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		text := strings.TrimSpace(line)
		if m := numberedLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			item("ol", n, strings.TrimSpace(m[2]))
			continue
		}
		if m := bulletLine.FindStringSubmatch(line); m != nil {
			item("ul", 0, strings.TrimSpace(m[1]))
			continue
		}
		indented := strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
		switch {
		case text == "":
			end()
		case cur != nil && cur.List != "" && indented:
			last := &cur.Items[len(cur.Items)-1]
			*last = append(*last, text)
		case cur != nil && cur.List == "":
			cur.Items[0] = append(cur.Items[0], text)
		default:
			end()
			cur = &textBlock{Items: [][]string{{text}}}
		}
	}
	end()
	return out
}

// breakable is a long name without spaces — a host's fully qualified
// name, a package URL — escaped, with a line-break opportunity (<wbr>)
// after each dot, slash, colon, underscore and @, so that where it must
// wrap it wraps between its parts, not in the middle of one. Browsers
// already break after a hyphen.
func breakable(s string) template.HTML {
	var b strings.Builder
	for i, r := range s {
		b.WriteString(template.HTMLEscapeString(string(r)))
		if strings.ContainsRune("./:_@", r) && i+1 < len(s) {
			b.WriteString("<wbr>")
		}
	}
	return template.HTML(b.String())
}

// truncate shortens text for a list, on a word boundary.
func truncate(n int, s string) string {
	if len([]rune(s)) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}
