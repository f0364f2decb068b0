package server

import (
	"fmt"
	"strings"
	"testing"
)

// TestAPIWriteRoutesRefuseBrokenBodies walks every write route of the route
// table, so a new one cannot escape, and sends it bodies it cannot parse:
// broken or truncated JSON, null, a value that is not an object, data after
// the value, and, to the routes that take no body, any body at all. Each is
// refused with 400 and the code "malformed", and nothing changes.
func TestAPIWriteRoutesRefuseBrokenBodies(t *testing.T) {
	f := newFixture(t)
	path := func(pattern string) string {
		id := fmt.Sprint(f.Alerts["draft"].ID)
		switch {
		case strings.HasPrefix(pattern, "/api/v1/organisations/"):
			id = fmt.Sprint(f.Orgs["NTRUST"].ID)
		case strings.HasPrefix(pattern, "/api/v1/alerts/{id}/responses"), strings.HasPrefix(pattern, "/api/v1/alerts/{id}/answers"),
			strings.HasSuffix(pattern, "/withdraw"), strings.HasSuffix(pattern, "/revisions"):
			id = fmt.Sprint(f.Alerts["high"].ID)
		}
		return strings.NewReplacer("{id}", id, "{orgID}", fmt.Sprint(f.Orgs["NGP1"].ID),
			"{agentOrgID}", fmt.Sprint(f.Orgs["NSU"].ID), "{source}", "osv").Replace(pattern)
	}
	state := func() string {
		var b strings.Builder
		for _, p := range []string{"/api/v1/alerts", path("/api/v1/alerts/{id}"), fmt.Sprintf("/api/v1/alerts/%d/rollcall", f.Alerts["high"].ID),
			"/api/v1/regions", "/api/v1/organisations", path("/api/v1/organisations/{id}"), fmt.Sprintf("/api/v1/organisations/%d", f.Orgs["NSU"].ID),
			path("/api/v1/organisations/{id}/inventory"), "/api/v1/sources", "/api/v1/tokens",
			fmt.Sprintf("/api/v1/alerts/%d/responses/%d", f.Alerts["high"].ID, f.Orgs["NGP1"].ID)} {
			b.Write(f.as("analyst").do("GET", p, nil).want(200).Body)
		}
		return b.String()
	}
	before := state()
	jsonBodies := []string{`{"title": "x",`, `{"title": "x"`, `null`, `[]`, `"x"`, `1`, `{} trailing`, `{}{}`, ``}
	for _, rt := range f.Server.apiRouteTable() {
		if rt.Method == "GET" {
			continue
		}
		who := "analyst"
		if strings.Contains(rt.Pattern, "/responses/") || strings.HasSuffix(rt.Pattern, "/answers") {
			who = "respSU"
		}
		if strings.HasSuffix(rt.Pattern, "/signoff") {
			who = "leadN"
		}
		bodies := []rawBody{}
		for _, b := range jsonBodies {
			bodies = append(bodies, rawBody{"application/json", b})
		}
		if strings.HasSuffix(rt.Pattern, "/import") || strings.HasSuffix(rt.Pattern, "/inventory") {
			bodies = []rawBody{{"text/csv", "host,software_name\npc1,\"unterminated\n"}, {"application/json", `{"format": "rollcall-inventory",`}}
			if strings.HasSuffix(rt.Pattern, "/import") {
				bodies = []rawBody{{"text/csv", "code,name,type,region\nX1,\"unterminated,other,N\n"}}
			}
		}
		for _, b := range bodies {
			if b.Data == "" && rt.takesNoBody() {
				continue // an empty body is right for these
			}
			res := f.as(who).do(rt.Method, path(rt.Pattern), b)
			if res.Status != 400 {
				t.Errorf("%s with %q: got %d, want 400; body %.300s", res.desc, b.Data, res.Status, res.Body)
				continue
			}
			if e := res.apiError(); e.Code != "malformed" {
				t.Errorf("%s with %q: got code %q, want malformed", res.desc, b.Data, e.Code)
			}
		}
	}
	if after := state(); after != before {
		t.Errorf("broken bodies changed what is stored:\nbefore %.2000s\nafter  %.2000s", before, after)
	}
}
