package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// loadOpenAPI loads and validates the embedded document, and a router
// over it. The document's server is dropped so that the router matches
// paths alone, whatever address httptest listens on.
var loadOpenAPI = sync.OnceValues(func() (routers.Router, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, err
	}
	doc.Servers = nil
	return legacy.NewRouter(doc)
})

// TestAPIOpenAPIDocument checks that the OpenAPI document is valid, and
// that it and the route table describe the same API: every route
// documented with its summary, and every documented operation routed.
func TestAPIOpenAPIDocument(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	routes := (&Server{}).apiRouteTable()
	for _, rt := range routes {
		item := doc.Paths.Value(rt.Pattern)
		if item == nil {
			t.Errorf("route %s %s: path not in openapi.json", rt.Method, rt.Pattern)
			continue
		}
		op := item.GetOperation(rt.Method)
		if op == nil {
			t.Errorf("route %s %s: method not in openapi.json", rt.Method, rt.Pattern)
			continue
		}
		if op.Summary != rt.Summary {
			t.Errorf("route %s %s: openapi.json summary %q, route table %q", rt.Method, rt.Pattern, op.Summary, rt.Summary)
		}
		public := op.Security != nil && len(*op.Security) == 0
		if public != rt.Public {
			t.Errorf("route %s %s: openapi.json public %v, route table %v", rt.Method, rt.Pattern, public, rt.Public)
		}
		if !rt.Public && op.Responses.Status(http.StatusUnauthorized) == nil {
			t.Errorf("route %s %s: openapi.json does not document 401", rt.Method, rt.Pattern)
		}
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
			if !hasRoute(routes, method, path) {
				t.Errorf("openapi.json documents %s %s, which is not in the route table", method, path)
			}
		}
	}
	if len(documented) != len(routes) {
		sort.Strings(documented)
		t.Errorf("openapi.json has %d operations, the route table %d routes", len(documented), len(routes))
	}
}

// TestAPIOpenAPIServed checks the document is served, public, with this
// server's version.
func TestAPIOpenAPIServed(t *testing.T) {
	f := newFixture(t)
	res := f.as("anonymous").do("GET", "/api/openapi.json", nil).want(200)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string `json:"version"`
		} `json:"info"`
		Paths map[string]json.RawMessage `json:"paths"`
	}
	res.into(&doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Version != "test" || len(doc.Paths) == 0 {
		t.Errorf("served document: openapi %q version %q with %d paths; want 3.x, the server's version \"test\", and paths",
			doc.OpenAPI, doc.Info.Version, len(doc.Paths))
	}
}

// checkAgainstOpenAPI validates a real exchange against the document:
// the response always (status, headers, body schema), and the request
// too when the server accepted it, since a request the server takes must
// be one the document allows. Every API call the tests make passes here,
// so every response shape they see is checked.
func checkAgainstOpenAPI(t *testing.T, req *http.Request, res *apiResult) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return
	}
	router, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		// Only the catch-all answers paths and methods the document does
		// not have; its answers are checked for the error shape instead.
		if res.Status != http.StatusNotFound && res.Status != http.StatusMethodNotAllowed {
			t.Errorf("%s: answered %d but openapi.json has no such operation: %v", res.desc, res.Status, err)
		}
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	ctx := context.Background()
	if res.Status < 400 {
		r := req.Clone(ctx)
		if req.GetBody != nil {
			if r.Body, err = req.GetBody(); err != nil {
				t.Fatal(err)
			}
		}
		in.Request = r
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("%s: the server accepted a request openapi.json does not allow: %v", res.desc, err)
		}
	}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: res.Status, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(res.Body)), Options: opts,
	})
	if err != nil {
		t.Errorf("%s: response %d does not match openapi.json: %v\nbody: %.600s", res.desc, res.Status, err, res.Body)
	}
}
