// Package kev reads CISA's catalogue of Known Exploited Vulnerabilities
// (https://www.cisa.gov/known-exploited-vulnerabilities-catalog) into
// Rollcall advisories: one advisory per entry, with the entry's vendor and
// product, its due date, required action and known ransomware use as facts.
//
// The catalogue is checked against CISA's own JSON schema (schema.json,
// copied unchanged from
// https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json,
// also published at https://github.com/cisagov/kev-data; a work of the
// United States government, in the public domain). A document that is not
// a catalogue is refused whole; a malformed entry is refused on its own,
// naming where it is wrong, and the valid rest are read.
package kev

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"rollcall"
)

// Source is the advisories' source name in the library.
const Source = "kev"

// maxBytes bounds one catalogue: today's is about 1.3 MB.
const maxBytes = 64 << 20

// maxEntries bounds the entries of one catalogue: today's has about 1,400.
const maxEntries = 200000

// Refusal is a catalogue entry that could not be read, and why.
type Refusal struct {
	// Path is where in the document the fault is, in the catalogue's own
	// names: "vulnerabilities[12].dueDate", or "vulnerabilities[12]" for
	// the entry as a whole.
	Path string
	// CVE is the entry's cveID when it has a readable one.
	CVE string
	// Err says what is wrong; a *rollcall.Error whose Field is Path.
	Err error
}

// Batch is what reading a catalogue gave: the advisories to import, the
// entries refused, and warnings about the catalogue that refuse nothing.
type Batch struct {
	Title          string
	CatalogVersion string
	Released       time.Time // dateReleased
	// Count is the catalogue's own count of its entries.
	Count      int
	Advisories []*rollcall.Advisory
	Refused    []Refusal
	Warnings   []string
}

// Entries is how many entries the catalogue holds, read or refused.
func (b *Batch) Entries() int { return len(b.Advisories) + len(b.Refused) }

//go:embed schema.json
var schemaJSON []byte

const schemaURL = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json"

var (
	schemaOnce            sync.Once
	catalogueSchema       *jsonschema.Schema // the whole document
	entrySchema           *jsonschema.Schema // one entry: #/$defs/vulnerability
	errSchema             error
	printer               = message.NewPrinter(language.English)
	errSchemaBroken       = errors.New("the embedded KEV schema does not compile")
	dateOnly              = "2006-01-02"
	knownRansomwareValues = []string{"Known", "Unknown"}
)

func schemas() (*jsonschema.Schema, *jsonschema.Schema, error) {
	schemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
		if err != nil {
			errSchema = fmt.Errorf("%w: %v", errSchemaBroken, err)
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(schemaURL, doc); err != nil {
			errSchema = fmt.Errorf("%w: %v", errSchemaBroken, err)
			return
		}
		if catalogueSchema, err = c.Compile(schemaURL); err != nil {
			errSchema = fmt.Errorf("%w: %v", errSchemaBroken, err)
			return
		}
		if entrySchema, err = c.Compile(schemaURL + "#/$defs/vulnerability"); err != nil {
			errSchema = fmt.Errorf("%w: %v", errSchemaBroken, err)
		}
	})
	return catalogueSchema, entrySchema, errSchema
}

// Parse reads a KEV catalogue. A document that is not one — not JSON, or
// not of the catalogue's shape — is an error naming where (the line and
// column, or the member at fault); an entry that does not follow the
// schema, or that Rollcall cannot take, is refused in the Batch and the
// rest are read. A count that disagrees with the entries is a warning.
func Parse(data []byte) (*Batch, error) {
	if len(data) > maxBytes {
		return nil, rollcall.Errorf(rollcall.ETOOLARGE, "The catalogue is larger than %d MiB.", maxBytes>>20)
	}
	whole, entry, err := schemas()
	if err != nil {
		return nil, err
	}
	doc, err := decode(data)
	if err != nil {
		return nil, err
	}
	top, ok := doc.(map[string]any)
	if !ok {
		return nil, rollcall.FieldError("catalogue", "Not a KEV catalogue: the document is %s, not a JSON object.", jsonKind(doc))
	}
	// The document's own members are checked with no entries, so one bad
	// entry refuses that entry rather than the catalogue.
	vulns, isArray := top["vulnerabilities"].([]any)
	shell := make(map[string]any, len(top))
	for k, v := range top {
		shell[k] = v
	}
	if isArray {
		shell["vulnerabilities"] = []any{}
	}
	if err := whole.Validate(shell); err != nil {
		problems := schemaProblems(err, "")
		return nil, rollcall.FieldError(problems[0].path, "Not a KEV catalogue: %s", joinProblems(problems, ""))
	}
	if len(vulns) > maxEntries {
		return nil, rollcall.Errorf(rollcall.ETOOLARGE, "The catalogue has %d entries, more than the %d Rollcall takes.", len(vulns), maxEntries)
	}
	b := &Batch{Title: str(top, "title"), CatalogVersion: str(top, "catalogVersion")}
	if b.Released, err = time.Parse(time.RFC3339Nano, str(top, "dateReleased")); err != nil {
		return nil, rollcall.FieldError("dateReleased", "Not a KEV catalogue: dateReleased %q is not a date and time.", str(top, "dateReleased"))
	}
	b.Released = b.Released.UTC()
	count, _ := top["count"].(json.Number)
	if n, err := count.Int64(); err == nil && n >= 0 && n <= maxEntries {
		b.Count = int(n)
	} else {
		b.Count = -1
	}
	if b.Count != len(vulns) {
		b.Warnings = append(b.Warnings, fmt.Sprintf("The catalogue says it has %s entries but holds %d.", count, len(vulns)))
	}

	seen := make(map[string]int, len(vulns))
	for i, v := range vulns {
		at := fmt.Sprintf("vulnerabilities[%d]", i)
		m, _ := v.(map[string]any)
		cve := ""
		if m != nil {
			cve = strings.TrimSpace(str(m, "cveID"))
		}
		if err := entry.Validate(v); err != nil {
			problems := schemaProblems(err, at)
			b.refuse(problems[0].path, cve, joinProblems(problems, at))
			continue
		}
		if first, dup := seen[cve]; dup {
			b.refuse(at+".cveID", cve, fmt.Sprintf("%s is in the catalogue already, at vulnerabilities[%d].", cve, first))
			continue
		}
		a, path, msg := advisory(m, at)
		if a == nil {
			b.refuse(path, cve, msg)
			continue
		}
		seen[cve] = i
		b.Advisories = append(b.Advisories, a)
	}
	return b, nil
}

func (b *Batch) refuse(path, cve, msg string) {
	b.Refused = append(b.Refused, Refusal{Path: path, CVE: cve, Err: rollcall.FieldError(path, "%s", msg)})
}

// advisory makes the advisory of one entry that follows the schema, or
// says where and why Rollcall cannot take it.
func advisory(m map[string]any, at string) (a *rollcall.Advisory, path, msg string) {
	cve := strings.TrimSpace(str(m, "cveID"))
	vendor, product := clean(str(m, "vendorProject")), clean(str(m, "product"))
	switch {
	case vendor == "":
		return nil, at + ".vendorProject", "The entry names no vendor or project."
	case product == "":
		return nil, at + ".product", "The entry names no product."
	}
	added, err := time.Parse(dateOnly, str(m, "dateAdded"))
	if err != nil {
		return nil, at + ".dateAdded", fmt.Sprintf("%q is not a date (YYYY-MM-DD).", str(m, "dateAdded"))
	}
	due, err := time.Parse(dateOnly, str(m, "dueDate"))
	if err != nil {
		return nil, at + ".dueDate", fmt.Sprintf("%q is not a date (YYYY-MM-DD).", str(m, "dueDate"))
	}
	notes := strings.TrimSpace(str(m, "notes"))
	ransomware := strings.TrimSpace(str(m, "knownRansomwareCampaignUse"))
	for _, k := range knownRansomwareValues {
		if strings.EqualFold(ransomware, k) {
			ransomware = k
		}
	}
	action := strings.TrimSpace(str(m, "requiredAction"))
	a = &rollcall.Advisory{
		Source:     Source,
		SourceID:   cve,
		Aliases:    []string{cve},
		Summary:    clean(str(m, "vulnerabilityName")),
		Details:    strings.TrimSpace(str(m, "shortDescription")),
		Published:  added,
		References: URLs(notes),
		Facts: rollcall.AdvisoryFacts{
			Vendor:  vendor,
			Product: product,
			CWEs:    cwes(m["cwes"]),
			KEV: &rollcall.KEVFacts{
				DateAdded:       added,
				DueDate:         due,
				RequiredAction:  action,
				KnownRansomware: ransomware,
				Notes:           notes,
			},
		},
	}
	if action != "" {
		a.Facts.Remediations = []rollcall.AdvisoryRemediation{{Category: "required_action", Details: action}}
	}
	if err := a.Validate(); err != nil {
		p := at
		if f := rollcall.ErrorField(err); f != "" {
			p += "." + f
		}
		return nil, p, rollcall.ErrorMessage(err)
	}
	return a, "", ""
}

// decode reads the document as JSON (numbers kept as written, as the
// schema validator wants), or says where it stops being JSON.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			line, col := lineColumn(data, syn.Offset)
			return nil, rollcall.FieldError("catalogue", "Not JSON: %s at line %d, column %d.", syn.Error(), line, col)
		case errors.Is(err, io.EOF):
			return nil, rollcall.FieldError("catalogue", "The document is empty.")
		case errors.Is(err, io.ErrUnexpectedEOF):
			line, col := lineColumn(data, int64(len(data))+1)
			return nil, rollcall.FieldError("catalogue", "Not JSON: the document ends early, at line %d, column %d.", line, col)
		}
		return nil, rollcall.FieldError("catalogue", "Not JSON: %v.", err)
	}
	off := int(dec.InputOffset())
	for off < len(data) && isSpace(data[off]) {
		off++
	}
	if off < len(data) {
		line, col := lineColumn(data, int64(off+1))
		return nil, rollcall.FieldError("catalogue", "Not JSON: more follows the document, at line %d, column %d.", line, col)
	}
	return doc, nil
}

// lineColumn turns a byte offset (as encoding/json counts: the bytes read
// up to and including the fault) into a line and column counted from 1.
func lineColumn(data []byte, offset int64) (line, col int) {
	pos := int(min(max(offset-1, 0), int64(len(data)))) // the faulty byte, from 0
	before := data[:pos]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = pos - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// problem is one fault the schema found.
type problem struct{ path, msg string }

// schemaProblems lists the faults in a validation error, each with its
// path in the catalogue's names under prefix, sorted.
func schemaProblems(err error, prefix string) []problem {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []problem{{or(prefix, "catalogue"), err.Error()}}
	}
	var out []problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		out = append(out, describe(e, prefix))
	}
	walk(ve)
	if len(out) == 0 {
		out = append(out, problem{or(prefix, "catalogue"), "does not follow the KEV schema."})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].path != out[j].path {
			return out[i].path < out[j].path
		}
		return out[i].msg < out[j].msg
	})
	return out
}

func describe(e *jsonschema.ValidationError, prefix string) problem {
	path := prefix
	for _, tok := range e.InstanceLocation {
		if isIndex(tok) {
			path += "[" + tok + "]"
		} else if path == "" {
			path = tok
		} else {
			path += "." + tok
		}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		if len(k.Missing) > 0 {
			p := k.Missing[0]
			if path != "" {
				p = path + "." + p
			}
			msg := "is missing."
			if len(k.Missing) > 1 {
				msg = fmt.Sprintf("is missing, and so are %s.", strings.Join(k.Missing[1:], ", "))
			}
			return problem{p, msg}
		}
	case *kind.Type:
		return problem{or(path, "catalogue"), fmt.Sprintf("is %s, not %s.", article(k.Got), strings.Join(articles(k.Want), " or "))}
	case *kind.Format:
		want := k.Want
		switch want {
		case "date":
			want = "date (YYYY-MM-DD)"
		case "date-time":
			want = "date and time (RFC 3339)"
		}
		return problem{or(path, "catalogue"), fmt.Sprintf("%s is not a %s.", short(k.Got), want)}
	case *kind.Pattern:
		what := "does not match " + k.Want
		switch {
		case strings.HasPrefix(k.Want, "^CVE"):
			what = "is not a CVE identifier (CVE-YYYY-NNNN)"
		case strings.HasPrefix(k.Want, "^CWE"):
			what = "is not a CWE identifier (CWE-NNN)"
		}
		return problem{or(path, "catalogue"), fmt.Sprintf("%s %s.", short(k.Got), what)}
	}
	return problem{or(path, "catalogue"), e.ErrorKind.LocalizedString(printer) + "."}
}

// joinProblems says what is wrong. Under an entry (at), the first
// problem's path is left to the error's field and the others are named
// within the entry; for the document, every path is named.
func joinProblems(ps []problem, at string) string {
	const most = 5
	var sb strings.Builder
	for i, p := range ps {
		switch {
		case i == most:
			fmt.Fprintf(&sb, " … and %d more.", len(ps)-most)
			return sb.String()
		case at != "" && i == 0:
			sb.WriteString(p.msg)
			continue
		case at != "" && i == 1:
			sb.WriteString(" Also ")
		case at != "":
			sb.WriteString(" ")
		case i > 0:
			sb.WriteString(" ")
		}
		path := p.path
		if at != "" {
			path = strings.TrimPrefix(strings.TrimPrefix(path, at), ".")
		}
		if path == "" {
			path = "the entry"
		}
		sb.WriteString(path + " " + p.msg)
	}
	return sb.String()
}

// cwes are the entry's CWE identifiers, in the catalogue's order, once each.
func cwes(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, c := range list {
		s, _ := c.(string)
		if s = strings.TrimSpace(s); s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// URLs are the web addresses in an entry's notes, in order, once each. The
// notes usually list them separated by " ; ", but sometimes by ";" or ","
// with no space, end a sentence with one, or put one in parentheses.
func URLs(notes string) []string {
	var out []string
	for i := 0; i < len(notes); {
		start := schemeAt(notes, i)
		if start < 0 {
			break
		}
		end := start + 1
		for end < len(notes) && !isSpace(notes[end]) {
			// Two addresses run together: "…html;https://…".
			if (notes[end] == ';' || notes[end] == ',' || notes[end] == '"') && hasScheme(notes[end+1:]) {
				break
			}
			end++
		}
		u := trimURL(notes[start:end])
		i = end
		if p, err := url.Parse(u); err == nil && p.Host != "" && !contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

func schemeAt(s string, from int) int {
	for i := from; i < len(s); i++ {
		if (s[i] == 'h' || s[i] == 'H') && hasScheme(s[i:]) {
			return i
		}
	}
	return -1
}

func hasScheme(s string) bool {
	l := strings.ToLower(s[:min(len(s), 8)])
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// trimURL takes off what ends the sentence or list rather than the
// address: trailing punctuation, quotes, and a closing parenthesis or
// bracket with no opening one in the address.
func trimURL(u string) string {
	for len(u) > 0 {
		last := u[len(u)-1]
		switch {
		case strings.IndexByte(".,;:!?\"'", last) >= 0:
			u = u[:len(u)-1]
		case last == ')' && strings.Count(u, "(") < strings.Count(u, ")"),
			last == ']' && strings.Count(u, "[") < strings.Count(u, "]"):
			u = u[:len(u)-1]
		default:
			return u
		}
	}
	return u
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// clean trims a name and folds runs of spaces inside it to one.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func isIndex(tok string) bool {
	if tok == "" {
		return false
	}
	for _, c := range tok {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func short(v any) string {
	s := fmt.Sprintf("%q", fmt.Sprint(v))
	if len(s) > 60 {
		s = s[:57] + "…\""
	}
	return s
}

func article(t string) string {
	switch t {
	case "object", "array", "integer":
		return "an " + t
	case "null":
		return "null"
	}
	return "a " + t
}

func articles(ts []string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = article(t)
	}
	return out
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	case nil:
		return "null"
	}
	return "not an object"
}
