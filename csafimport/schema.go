package csafimport

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The CSAF 2.0 JSON schema as OASIS publishes it, and the FIRST CVSS
// schemas it references (data/README.md says where each comes from).
// gocsaf's csaf.ValidateCSAF is not used: it embeds a stricter copy that
// forbids every property the schema does not define, which the published
// schema allows, and so refuses valid documents.
//
//go:embed data/csaf_json_schema.json data/cvss-v2.0.json data/cvss-v3.0.json data/cvss-v3.1.json
var schemaFiles embed.FS

const csafSchemaURL = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"

// schemaByURL maps each URL the CSAF schema references to its embedded
// copy.
var schemaByURL = map[string]string{
	csafSchemaURL: "data/csaf_json_schema.json",
	"https://www.first.org/cvss/cvss-v2.0.json": "data/cvss-v2.0.json",
	"https://www.first.org/cvss/cvss-v3.0.json": "data/cvss-v3.0.json",
	"https://www.first.org/cvss/cvss-v3.1.json": "data/cvss-v3.1.json",
}

// embeddedLoader serves the schemas from memory and refuses any other
// URL, so validation never goes to the network.
type embeddedLoader struct{}

func (embeddedLoader) Load(url string) (any, error) {
	name, ok := schemaByURL[url]
	if !ok {
		return nil, fmt.Errorf("schema %s is not embedded", url)
	}
	data, err := schemaFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}

var csafSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(embeddedLoader{})
	return c.Compile(csafSchemaURL)
})

// cvssObjectPath matches a path inside a score's CVSS object: the CVSS
// schemas are what CSAF 6.1.8 checks a score against.
var cvssObjectPath = regexp.MustCompile(`^/vulnerabilities/\d+/scores/\d+/cvss_v[23](/|$)`)

// schemaFaults checks doc (decoded with jsonschema's number handling)
// against the CSAF schema: every fault with the path of the value at
// fault, in path order. A fault inside a CVSS object is named
// CSAF-6.1.8, any other "schema". The error is the schema's own, a fault
// of this program.
func schemaFaults(doc any) ([]Fault, error) {
	schema, err := csafSchema()
	if err != nil {
		return nil, fmt.Errorf("the CSAF schema: %w", err)
	}
	err = schema.Validate(doc)
	var verr *jsonschema.ValidationError
	if err == nil {
		return nil, nil
	} else if !errors.As(err, &verr) {
		return nil, err
	}
	// The leaves of the error tree are what failed; the nodes above them
	// only say that something below failed.
	var out []Fault
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		for _, c := range e.Causes {
			walk(c)
		}
		if len(e.Causes) > 0 || isWrapper(e.ErrorKind) {
			return
		}
		path := pointer(e.InstanceLocation)
		test := "schema"
		if cvssObjectPath.MatchString(path) {
			test = "CSAF-6.1.8"
		}
		f := Fault{Path: path, Test: test, Message: e.ErrorKind.LocalizedString(english)}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	walk(verr)
	if len(out) == 0 {
		out = append(out, Fault{Test: "schema", Message: verr.Error()})
	}
	sort.SliceStable(out, func(i, j int) bool { return comparePointers(out[i].Path, out[j].Path) < 0 })
	return out, nil
}

var english = message.NewPrinter(language.English)

// pointer writes a path's tokens as a JSON pointer.
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/")
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

func isWrapper(k jsonschema.ErrorKind) bool {
	switch k.(type) {
	case *kind.Group, *kind.Reference:
		return true
	}
	return false
}
