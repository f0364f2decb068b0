package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestAPIQueryBounds walks every GET route of the route table and sends,
// for each query parameter openapi.json says it reads, a value of 50,000
// characters and the parameter twice: each is refused with 422 naming the
// parameter, never passed to the database (where a long search term was a
// 500, "LIKE or GLOB pattern too complex").
func TestAPIQueryBounds(t *testing.T) {
	f := newFixture(t)
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.NewReplacer(
		"{id}", fmt.Sprint(f.Alerts["high"].ID), "{orgID}", fmt.Sprint(f.Orgs["NTRUST"].ID),
		"{source}", "osv", "{agentOrgID}", fmt.Sprint(f.Orgs["NSU"].ID))
	long := strings.Repeat("x", 50000)
	checked := 0
	for _, rt := range f.Server.apiRouteTable() {
		if rt.Method != "GET" {
			continue
		}
		op := doc.Paths.Value(rt.Pattern).GetOperation("GET")
		path := ids.Replace(rt.Pattern)
		if strings.HasPrefix(rt.Pattern, "/api/v1/organisations/{id}") {
			path = strings.Replace(rt.Pattern, "{id}", fmt.Sprint(f.Orgs["NTRUST"].ID), 1)
		}
		for _, p := range op.Parameters {
			if p.Value == nil || p.Value.In != "query" {
				continue
			}
			name := p.Value.Name
			for _, q := range []string{name + "=" + long, name + "=1&" + name + "=2"} {
				res := f.as("analyst").do("GET", path+"?"+q, nil)
				if res.Status != 422 {
					t.Errorf("GET %s with %.40s…: got %d, want 422; body %.300s", rt.Pattern, q, res.Status, res.Body)
					continue
				}
				if e := res.apiError(); e.Field != name {
					t.Errorf("GET %s with %.40s…: error names %q, want %q", rt.Pattern, q, e.Field, name)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no query parameters were checked")
	}
}
