package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAPIDraftAlertIsNotFound walks every API route that takes an alert id
// and asks it about a draft alert as an organisation's responder, who may
// not see drafts: each answers 404 with the same body as for an alert that
// does not exist, so a draft's existence does not leak through a state
// check ("is draft") or a permission check made before visibility.
func TestAPIDraftAlertIsNotFound(t *testing.T) {
	f := newFixture(t)
	draft, missing := f.Alerts["draft"].ID, int64(987654)
	org := f.Orgs["NTRUST"].ID
	bodies := map[string]any{
		"PUT /api/v1/alerts/{id}":                            alertBody("Draft: printer firmware"),
		"POST /api/v1/alerts/{id}/withdraw":                  map[string]any{"reason": "Sent by mistake."},
		"POST /api/v1/alerts/{id}/revisions":                 map[string]any{"title": "Revised", "severity": "high", "summary": "A summary.", "change_note": "Clearer."},
		"PUT /api/v1/alerts/{id}/responses/{orgID}":          map[string]any{"action": "patched"},
		"POST /api/v1/alerts/{id}/responses/{orgID}/signoff": map[string]any{"approve": true},
		"POST /api/v1/alerts/{id}/answers":                   map[string]any{"org_ids": []int64{org}, "answer": map[string]any{"action": "patched"}},
	}
	walked := 0
	for _, rt := range f.Server.apiRouteTable() {
		if !strings.HasPrefix(rt.Pattern, "/api/v1/alerts/{id}") {
			continue
		}
		walked++
		key := rt.Method + " " + rt.Pattern
		t.Run(key, func(t *testing.T) {
			path := func(id int64) string {
				p := strings.Replace(rt.Pattern, "{id}", fmt.Sprint(id), 1)
				return strings.Replace(p, "{orgID}", fmt.Sprint(org), 1)
			}
			resp := &apiCaller{t: t, f: f, key: "respN"}
			got := resp.do(rt.Method, path(draft), bodies[key])
			want := resp.do(rt.Method, path(missing), bodies[key])
			if got.Status != http.StatusNotFound || want.Status != http.StatusNotFound {
				t.Fatalf("got status %d for the draft (%s), %d for no alert (%s), want 404 for both", got.Status, got.Body, want.Status, want.Body)
			}
			g := strings.ReplaceAll(string(got.Body), fmt.Sprint(draft), "ID")
			w := strings.ReplaceAll(string(want.Body), fmt.Sprint(missing), "ID")
			if g != w {
				t.Errorf("draft alert: body %s\nwant the same as for no alert: %s", g, w)
			}
		})
	}
	if walked < 10 {
		t.Fatalf("walked %d alert routes, want every route under /api/v1/alerts/{id}", walked)
	}
}
