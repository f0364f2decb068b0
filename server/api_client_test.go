package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// apiCaller calls the fixture's API over HTTP as one fixture user, with
// their API token; the key "anonymous" sends no credentials.
type apiCaller struct {
	t   *testing.T
	f   *fixture
	key string
}

func (f *fixture) as(key string) *apiCaller { return &apiCaller{t: f.t, f: f, key: key} }

// rawBody is a request body sent as is, with its Content-Type.
type rawBody struct {
	ContentType string
	Data        string
}

// apiResult is what came back.
type apiResult struct {
	t      *testing.T
	Status int
	Header http.Header
	Body   []byte
	desc   string
}

// do sends one request. body is nil (no body), a rawBody, or any value
// sent as JSON.
func (c *apiCaller) do(method, path string, body any) *apiResult {
	c.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case rawBody:
		rd, ct = strings.NewReader(b.Data), b.ContentType
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd, ct = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, c.f.HTTP.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.key != "anonymous" {
		tok, ok := c.f.Tokens[c.key]
		if !ok {
			c.t.Fatalf("no fixture user %q", c.key)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return send(c.t, req, fmt.Sprintf("%s %s as %s", method, path, c.key))
}

// send makes the request and checks the exchange against openapi.json.
func send(t *testing.T, req *http.Request, desc string) *apiResult {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	res := &apiResult{t: t, Status: resp.StatusCode, Header: resp.Header, Body: data, desc: desc}
	checkAgainstOpenAPI(t, req, res)
	return res
}

// want fails the test unless the status is status.
func (r *apiResult) want(status int) *apiResult {
	r.t.Helper()
	if r.Status != status {
		r.t.Fatalf("%s: got status %d, want %d; body: %s", r.desc, r.Status, status, r.Body)
	}
	return r
}

// into decodes the JSON body into v.
func (r *apiResult) into(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("%s: decoding %s: %v", r.desc, r.Body, err)
	}
}

// apiError decodes the error body, failing unless it has the one shape.
func (r *apiResult) apiError() ErrorDetail {
	r.t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		r.t.Fatalf("%s: error Content-Type %q, want JSON; body: %s", r.desc, ct, r.Body)
	}
	var b ErrorBody
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil || b.Error.Code == "" || b.Error.Message == "" {
		r.t.Fatalf("%s: not an error body (%v): %s", r.desc, err, r.Body)
	}
	return b.Error
}

// sortedJoin is the strings sorted and comma-joined, for comparing sets.
func sortedJoin(s []string) string {
	s = slices.Clone(s)
	slices.Sort(s)
	return strings.Join(s, ",")
}
