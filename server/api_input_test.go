package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAPIBadInput checks that bad input is refused whole, with the one
// error shape, the right status, and the member at fault named.
func TestAPIBadInput(t *testing.T) {
	f := newFixture(t)
	alerts := "/api/v1/alerts"
	draft := fmt.Sprintf("/api/v1/alerts/%d", f.Alerts["draft"].ID)
	high := fmt.Sprintf("/api/v1/alerts/%d", f.Alerts["high"].ID)
	ntrust := fmt.Sprintf("%s/responses/%d", high, f.Orgs["NTRUST"].ID)
	valid := func(extra map[string]any) map[string]any {
		b := map[string]any{"title": "A title", "severity": "low", "summary": "A summary.", "target": map[string]any{"all": true}}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	jsonText := func(s string) rawBody { return rawBody{"application/json", s} }

	for _, tc := range []struct {
		name      string
		as        string
		method    string
		path      string
		body      any
		status    int
		code      string
		field     string
		inMessage string
	}{
		{"unknown member", "analyst", "POST", alerts, valid(map[string]any{"bogus": 1}), 422, "invalid", "bogus", ""},
		{"unknown nested member", "analyst", "POST", alerts, valid(map[string]any{"target": map[string]any{"everyone": true}}), 422, "invalid", "everyone", ""},
		{"wrong type", "analyst", "POST", alerts, valid(map[string]any{"title": 5}), 422, "invalid", "title", "must be a string"},
		{"wrong type, nested", "analyst", "POST", alerts, valid(map[string]any{"target": map[string]any{"region_ids": []any{"x"}}}), 422, "invalid", "target.region_ids", "integer"},
		{"wrong type in a revision", "analyst", "POST", high + "/revisions", valid(map[string]any{"change_note": "x", "title": []int{1}}), 422, "invalid", "title", ""},
		{"wrong type in an answer", "respN", "PUT", ntrust, map[string]any{"planned_date": 20260320}, 422, "invalid", "planned_date", ""},
		{"not an object", "analyst", "POST", alerts, jsonText(`[1, 2]`), 400, "malformed", "", "JSON object"},
		{"malformed JSON", "analyst", "POST", alerts, jsonText(`{"title": "x",}`), 400, "malformed", "", "byte offset 15"},
		{"truncated JSON", "analyst", "POST", alerts, jsonText(`{"title": "x"`), 400, "malformed", "", "byte offset 13"},
		{"data after the JSON", "analyst", "POST", alerts, jsonText(`{} {}`), 400, "malformed", "", "more after"},
		{"empty body", "analyst", "POST", alerts, jsonText(``), 400, "malformed", "", "empty"},
		{"no Content-Type", "analyst", "POST", alerts, rawBody{"", `{}`}, 422, "invalid", "Content-Type", ""},
		{"form Content-Type", "analyst", "POST", alerts, rawBody{"application/x-www-form-urlencoded", "title=x"}, 422, "invalid", "Content-Type", ""},
		{"JSON sent as CSV", "analyst", "POST", "/api/v1/organisations/import", jsonText(`{}`), 422, "invalid", "Content-Type", ""},
		{"bad CVSS vector", "analyst", "POST", alerts, valid(map[string]any{"cvss_vector": "CVSS:3.1/AV:N/AC:Q"}), 422, "invalid", "cvss_vector", ""},
		{"bad CVE", "analyst", "PUT", draft, valid(map[string]any{"cves": []string{"MS17-010"}}), 422, "invalid", "cves", ""},
		{"negative clock", "analyst", "POST", alerts, valid(map[string]any{"clock_override": map[string]any{"acknowledge_seconds": -1}}), 422, "invalid", "clock_override.acknowledge_seconds", ""},
		{"affected versions not in vers notation", "analyst", "POST", alerts, valid(map[string]any{"affected": map[string]any{"software": []any{map[string]any{"product": "pkg:deb/debian/openssl", "vers": "<3.0.11"}}}}), 422, "invalid", "affected.software[0].vers", ""},
		{"affected versions of an unknown scheme", "analyst", "PUT", draft, valid(map[string]any{"affected": map[string]any{"software": []any{
			map[string]any{"product": "pkg:npm/lodash", "vers": "vers:npm/<4.17.21"}, map[string]any{"product": "pkg:deb/debian/openssl", "vers": "vers:nosuch/<1"}}}}), 422, "invalid", "affected.software[1].vers", ""},
		{"affected product neither purl nor CPE", "analyst", "POST", alerts, valid(map[string]any{"affected": map[string]any{"software": []any{map[string]any{"product": "openssl", "vers": "vers:deb/<3"}}}}), 422, "invalid", "affected.software[0].product", ""},
		{"affected Windows build with a revision", "analyst", "POST", alerts, valid(map[string]any{"affected": map[string]any{"windows": []any{map[string]any{"build": "10.0.14393.953", "fixed_revision": 953}}}}), 422, "invalid", "affected.windows[0].build", ""},
		{"affected Windows build without a fix", "analyst", "POST", alerts, valid(map[string]any{"affected": map[string]any{"windows": []any{map[string]any{"name": "Windows 7 SP1", "build": "6.1.7601"}}}}), 422, "invalid", "affected.windows[0]", "Say what fixes"},
		{"affected Windows fixed by a bad update number", "analyst", "POST", alerts, valid(map[string]any{"affected": map[string]any{"windows": []any{map[string]any{"build": "6.1.7601", "fixed_by": []string{"MS17-010"}}}}}), 422, "invalid", "affected.windows[0].fixed_by", ""},
		{"affected Windows revision of the wrong type", "analyst", "POST", alerts, valid(map[string]any{"affected": map[string]any{"windows": []any{map[string]any{"build": "10.0.14393", "fixed_revision": "953"}}}}), 422, "invalid", "affected.windows.fixed_revision", "integer"},
		{"unknown member of affected", "analyst", "POST", alerts, valid(map[string]any{"affected": map[string]any{"packages": []any{}}}), 422, "invalid", "packages", ""},
		{"exposed target without affected products", "analyst", "POST", alerts, valid(map[string]any{"target": map[string]any{"exposed": true}}), 422, "invalid", "target.exposed", ""},
		{"exposure of no alert", "analyst", "GET", "/api/v1/alerts/abc/exposure", nil, 404, "not_found", "", "not an ID"},
		{"exposure of an unknown alert", "analyst", "GET", "/api/v1/alerts/999999/exposure", nil, 404, "not_found", "", ""},
		{"exposure with a query", "analyst", "GET", high + "/exposure?limit=5", nil, 422, "invalid", "limit", "takes none"},
		{"organisation exposure of no organisation", "analyst", "GET", high + "/organisations/x/exposure", nil, 404, "not_found", "", "not an ID"},
		{"organisation exposure of an unknown organisation", "analyst", "GET", high + "/organisations/999999/exposure", nil, 404, "not_found", "", ""},
		{"organisation exposure, limit 0", "analyst", "GET", fmt.Sprintf("%s/organisations/%d/exposure?limit=0", high, f.Orgs["NTRUST"].ID), nil, 422, "invalid", "limit", "1 to 500"},
		{"organisation exposure, limit too big", "respN", "GET", fmt.Sprintf("%s/organisations/%d/exposure?limit=501", high, f.Orgs["NTRUST"].ID), nil, 422, "invalid", "limit", "1 to 500"},
		{"organisation exposure, limit not a number", "analyst", "GET", fmt.Sprintf("%s/organisations/%d/exposure?limit=all", high, f.Orgs["NTRUST"].ID), nil, 422, "invalid", "limit", ""},
		{"organisation exposure, offset", "analyst", "GET", fmt.Sprintf("%s/organisations/%d/exposure?offset=5", high, f.Orgs["NTRUST"].ID), nil, 422, "invalid", "offset", "takes limit"},
		{"end of life of a region that is not an ID", "analyst", "GET", "/api/v1/end-of-life?region_id=North", nil, 422, "invalid", "region_id", "positive integer"},
		{"end of life of an unknown region", "coordN", "GET", "/api/v1/end-of-life?region_id=999999", nil, 422, "invalid", "region_id", "does not exist"},
		{"end of life by region code", "analyst", "GET", "/api/v1/end-of-life?region=N", nil, 422, "invalid", "region", "region_id"},
		{"end of life, bad limit", "analyst", "GET", "/api/v1/end-of-life?limit=-1", nil, 422, "invalid", "limit", ""},
		{"unknown region of an organisation", "analyst", "POST", "/api/v1/organisations", map[string]any{"code": "X1", "name": "X", "type": "other", "region_id": 999}, 422, "invalid", "region_id", ""},
		{"in progress without a planned date", "respN", "PUT", ntrust, map[string]any{"action": "in_progress"}, 422, "invalid", "planned_date", ""},
		{"a planned date that is not a date", "respN", "PUT", ntrust, map[string]any{"action": "in_progress", "planned_date": "20/03/2026"}, 422, "invalid", "planned_date", ""},
		{"bulk in progress without a planned date", "respN", "POST", high + "/answers", map[string]any{"org_ids": []int64{f.Orgs["NTRUST"].ID}, "answer": map[string]any{"action": "in_progress"}}, 422, "invalid", "answer.planned_date", ""},
		{"bulk without an answer", "respN", "POST", high + "/answers", map[string]any{"org_ids": []int64{f.Orgs["NTRUST"].ID}}, 422, "invalid", "answer", ""},
		{"sign-off without a decision", "leadN", "POST", ntrust + "/signoff", map[string]any{"note": "ok"}, 422, "invalid", "approve", ""},
		{"answering a draft", "respN", "PUT", draft + fmt.Sprintf("/responses/%d", f.Orgs["NTRUST"].ID), map[string]any{"action": "patched"}, 404, "not_found", "", ""},
		{"publishing twice", "analyst", "POST", high + "/publish", nil, 409, "conflict", "", ""},
		{"unknown query parameter", "analyst", "GET", alerts + "?sevrity=high", nil, 422, "invalid", "sevrity", ""},
		{"bad limit", "analyst", "GET", "/api/v1/organisations?limit=0", nil, 422, "invalid", "limit", ""},
		{"bad filter value", "analyst", "GET", high + "/rollcall?state=late", nil, 422, "invalid", "state", ""},
		{"oversize JSON", "analyst", "POST", alerts, jsonText(`{"title": "` + strings.Repeat("x", maxBody+1) + `"}`), 413, "too_large", "", ""},
		{"oversize CSV", "analyst", "POST", "/api/v1/organisations/import", rawBody{"text/csv", strings.Repeat("x", apiMaxCSVBody+1)}, 413, "too_large", "", ""},
		{"CSV with a bad row", "analyst", "POST", "/api/v1/organisations/import", rawBody{"text/csv", "code,name,type,region\nOK1,Fine,other,N\nBAD1,Bad,spaceship,N\n"}, 422, "invalid", "line 3, column type", ""},
		{"unknown API path", "analyst", "GET", "/api/v1/nothing", nil, 404, "not_found", "", ""},
		{"unknown API version", "anonymous", "GET", "/api/v2/alerts", nil, 404, "not_found", "", ""},
		{"not an ID", "analyst", "GET", "/api/v1/alerts/abc", nil, 404, "not_found", "", ""},
		{"no such alert", "analyst", "GET", "/api/v1/alerts/999999", nil, 404, "not_found", "", ""},
		{"wrong method", "analyst", "DELETE", alerts, nil, 405, "method_not_allowed", "", "GET, POST"},
		{"wrong method on the document", "anonymous", "POST", "/api/openapi.json", nil, 405, "method_not_allowed", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.as(tc.as).do(tc.method, tc.path, tc.body)
			if res.Status != tc.status {
				t.Fatalf("%s: got %d, want %d; body: %.400s", res.desc, res.Status, tc.status, res.Body)
			}
			e := res.apiError()
			if e.Code != tc.code || e.Field != tc.field {
				t.Errorf("%s: got code %q field %q, want %q %q (%s)", res.desc, e.Code, e.Field, tc.code, tc.field, e.Message)
			}
			if !strings.Contains(e.Message, tc.inMessage) {
				t.Errorf("%s: message %q does not say %q", res.desc, e.Message, tc.inMessage)
			}
		})
	}

	// Nothing was half-saved by the refusals above.
	var list apiList[apiAlertItem]
	f.as("analyst").do("GET", "/api/v1/alerts", nil).want(200).into(&list)
	if list.Total != 3 {
		t.Errorf("after bad input: got %d alerts, want the fixture's 3", list.Total)
	}
}

// maxBody is the JSON body limit, as the tests see it.
const maxBody = apiMaxJSONBody

// TestAPIBadCredentials checks that a bad credential is refused at once
// with 401, never served as an anonymous caller.
func TestAPIBadCredentials(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ name, header string }{
		{"forged token", "Bearer rct_forgedforgedforgedforgedforgedforgedfor"},
		{"token without the prefix", "Bearer abc"},
		{"empty bearer", "Bearer "},
		{"basic scheme", "Basic YW5hbHlzdEBjZW50cmUudGVzdDpwYXNz"},
		{"token scheme", "Token " + f.Tokens["analyst"]},
		{"bare token", f.Tokens["analyst"]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/api/v1/me", "/api/openapi.json"} {
				req, _ := http.NewRequest("GET", f.HTTP.URL+path, nil)
				req.Header.Set("Authorization", tc.header)
				res := send(t, req, "GET "+path+" with "+tc.name)
				if res.Status != http.StatusUnauthorized {
					t.Fatalf("%s: got %d, want 401", res.desc, res.Status)
				}
				if e := res.apiError(); e.Code != "unauthorized" {
					t.Errorf("%s: got code %q, want unauthorized", res.desc, e.Code)
				}
			}
		})
	}

	// Anonymous callers are told how to authenticate.
	res := f.as("anonymous").do("GET", "/api/v1/alerts", nil).want(401)
	if got := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("anonymous: WWW-Authenticate %q, want Bearer", got)
	}

	// A revoked token stops working at once.
	var tok apiNewToken
	f.as("respN").do("POST", "/api/v1/tokens", map[string]any{"name": "collector"}).want(201).into(&tok)
	f.Tokens["collector"] = tok.Secret
	f.as("collector").do("GET", "/api/v1/me", nil).want(200)
	f.as("collector").do("DELETE", fmt.Sprintf("/api/v1/tokens/%d", tok.Token.ID), nil).want(204)
	f.as("collector").do("GET", "/api/v1/me", nil).want(401)
}
