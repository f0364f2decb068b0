package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"rollcall"
	"rollcall/service"
)

// tenancyRoles are the callers of every tenancy case, in the order of the
// columns of tenancyCase.want.
var tenancyRoles = [10]string{"anonymous", "analyst", "auditor", "coordN", "coordS", "respN", "respSU", "respS", "leadN", "leadS"}

// tenancyEnv is one case's fixture and the IDs its setup made.
type tenancyEnv struct {
	f   *fixture
	ids map[string]int64
}

func (e *tenancyEnv) alert(key string) int64 { return e.f.Alerts[key].ID }
func (e *tenancyEnv) org(code string) int64  { return e.f.Orgs[code].ID }

// tenancyCase is one request, tried by every role. A write runs on a
// fresh fixture, each role in column order, so that what one role changes
// is known to the rows after it.
type tenancyCase struct {
	name    string
	method  string
	pattern string // the route table's pattern this case covers
	path    func(e *tenancyEnv) string
	body    func(e *tenancyEnv) any
	setup   func(t *testing.T, e *tenancyEnv)
	want    [10]int
}

func alertPath(key, suffix string) func(e *tenancyEnv) string {
	return func(e *tenancyEnv) string { return fmt.Sprintf("/api/v1/alerts/%d%s", e.alert(key), suffix) }
}

func responsePath(alert, org, suffix string) func(e *tenancyEnv) string {
	return func(e *tenancyEnv) string {
		return fmt.Sprintf("/api/v1/alerts/%d/responses/%d%s", e.alert(alert), e.org(org), suffix)
	}
}

func apiOrgExposurePath(alert, org string) func(e *tenancyEnv) string {
	return func(e *tenancyEnv) string {
		return fmt.Sprintf("/api/v1/alerts/%d/organisations/%d/exposure", e.alert(alert), e.org(org))
	}
}

func orgPath(code string) func(e *tenancyEnv) string {
	return func(e *tenancyEnv) string { return fmt.Sprintf("/api/v1/organisations/%d", e.org(code)) }
}

func fixed(p string) func(e *tenancyEnv) string { return func(*tenancyEnv) string { return p } }

func jsonBody(v any) func(e *tenancyEnv) any { return func(*tenancyEnv) any { return v } }

// withAdvisories fills the advisory library; see importAdvisories.
func withAdvisories(t *testing.T, e *tenancyEnv) { importAdvisories(t, e.f) }

// withSource adds an enabled feed source, never read, as ids["source"].
func withSource(t *testing.T, e *tenancyEnv) {
	src := &rollcall.Source{Name: "CISA KEV", Kind: rollcall.SourceKEV, Location: "https://feeds.example/kev.json", Enabled: true}
	if err := e.f.Svc.CreateSource(context.Background(), e.f.actor("analyst"), src); err != nil {
		t.Fatal(err)
	}
	e.ids["source"] = src.ID
}

func sourcePath(suffix string) func(e *tenancyEnv) string {
	return func(e *tenancyEnv) string { return fmt.Sprintf("/api/v1/sources/%d%s", e.ids["source"], suffix) }
}

func apiChallengePath(alert, org string) func(e *tenancyEnv) string {
	return func(e *tenancyEnv) string {
		return fmt.Sprintf("/api/v1/alerts/%d/orgs/%d/challenge", e.alert(alert), e.org(org))
	}
}

// answered is set up by the challenge cases: the organisation's responder
// answers "patched", closing its answer.
func answered(responder, org string) func(t *testing.T, e *tenancyEnv) {
	return func(t *testing.T, e *tenancyEnv) {
		e.f.as(responder).do("PUT", responsePath("high", org, "")(e), map[string]any{"action": "patched"}).want(200)
	}
}

// riskAccepted is set up by the sign-off cases: the organisation's
// responder accepts the risk, which waits for its data-security lead.
func riskAccepted(responder, org string) func(t *testing.T, e *tenancyEnv) {
	return func(t *testing.T, e *tenancyEnv) {
		e.f.as(responder).do("PUT", responsePath("high", org, "")(e),
			map[string]any{"action": "risk_accepted", "reason": "Legacy scanner; isolated VLAN until replaced."}).want(200)
	}
}

func alertBody(title string) map[string]any {
	return map[string]any{"title": title, "severity": "medium", "summary": "A summary.", "target": map[string]any{"all": true},
		"clock_override": map[string]any{"acknowledge_seconds": 86400, "remediate_seconds": 7 * 86400}}
}

// tenancyCases: every API route, at least once. The columns are
// tenancyRoles: anonymous, analyst, auditor, coordN, coordS, respN, respSU,
// respS, leadN, leadS.
var tenancyCases = []tenancyCase{
	{name: "openapi", method: "GET", pattern: "/api/openapi.json", path: fixed("/api/openapi.json"),
		want: [10]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "me", method: "GET", pattern: "/api/v1/me", path: fixed("/api/v1/me"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},

	// Directory.
	{name: "regions", method: "GET", pattern: "/api/v1/regions", path: fixed("/api/v1/regions"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "create region", method: "POST", pattern: "/api/v1/regions", path: fixed("/api/v1/regions"),
		body: jsonBody(map[string]any{"code": "E", "name": "East"}),
		want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "organisations", method: "GET", pattern: "/api/v1/organisations", path: fixed("/api/v1/organisations?limit=10"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "create organisation", method: "POST", pattern: "/api/v1/organisations", path: fixed("/api/v1/organisations"),
		body: func(e *tenancyEnv) any {
			return map[string]any{"code": "NAMB", "name": "Northtown Ambulance Service", "type": "ambulance_trust", "region_id": e.f.Regions["N"].ID}
		},
		want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "import organisations", method: "POST", pattern: "/api/v1/organisations/import", path: fixed("/api/v1/organisations/import"),
		body: jsonBody(rawBody{"text/csv", "code,name,type,region\nSGP1,Harbour Surgery,GP practice,S\n"}),
		want: [10]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "organisation NTRUST", method: "GET", pattern: "/api/v1/organisations/{id}", path: orgPath("NTRUST"),
		want: [10]int{401, 200, 200, 200, 404, 200, 404, 404, 200, 404}},
	{name: "organisation NGP1 (delegated to NSU)", method: "GET", pattern: "/api/v1/organisations/{id}", path: orgPath("NGP1"),
		want: [10]int{401, 200, 200, 200, 404, 404, 200, 404, 404, 404}},
	{name: "inventory of NTRUST", method: "GET", pattern: "/api/v1/organisations/{id}/inventory", path: func(e *tenancyEnv) string { return orgPath("NTRUST")(e) + "/inventory" },
		want: [10]int{401, 200, 200, 200, 404, 200, 404, 404, 200, 404}},
	{name: "send NTRUST's inventory", method: "POST", pattern: "/api/v1/organisations/{id}/inventory", path: func(e *tenancyEnv) string { return orgPath("NTRUST")(e) + "/inventory" },
		body: inventoryBody, want: [10]int{401, 200, 403, 403, 404, 200, 404, 404, 403, 404}},
	{name: "send NGP1's inventory through the delegation", method: "POST", pattern: "/api/v1/organisations/{id}/inventory", path: func(e *tenancyEnv) string { return orgPath("NGP1")(e) + "/inventory" },
		body: inventoryBody, want: [10]int{401, 200, 403, 403, 404, 404, 200, 404, 404, 404}},
	{name: "end of life", method: "GET", pattern: "/api/v1/end-of-life", path: fixed("/api/v1/end-of-life"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "end of life of the South", method: "GET", pattern: "/api/v1/end-of-life",
		path: func(e *tenancyEnv) string {
			return fmt.Sprintf("/api/v1/end-of-life?region_id=%d", e.f.Regions["S"].ID)
		},
		want: [10]int{401, 200, 200, 404, 200, 200, 200, 200, 200, 200}}, // coordN: not their region
	{name: "responses of NTRUST", method: "GET", pattern: "/api/v1/organisations/{id}/responses", path: func(e *tenancyEnv) string { return orgPath("NTRUST")(e) + "/responses" },
		want: [10]int{401, 200, 200, 200, 404, 200, 404, 404, 200, 404}},
	{name: "responses of NGP1 (delegated to NSU)", method: "GET", pattern: "/api/v1/organisations/{id}/responses", path: func(e *tenancyEnv) string { return orgPath("NGP1")(e) + "/responses" },
		want: [10]int{401, 200, 200, 200, 404, 404, 200, 404, 404, 404}},
	{name: "update organisation", method: "PUT", pattern: "/api/v1/organisations/{id}", path: orgPath("NTRUST"),
		body: func(e *tenancyEnv) any {
			return map[string]any{"code": "NTRUST", "name": "Northtown Teaching Hospitals NHS Trust", "type": "acute_trust",
				"region_id": e.f.Regions["N"].ID, "data_security_lead_id": e.f.Users["leadN"].ID}
		},
		want: [10]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "create delegation", method: "POST", pattern: "/api/v1/delegations", path: fixed("/api/v1/delegations"),
		body: func(e *tenancyEnv) any { return map[string]any{"agent_org_id": e.org("NSU"), "org_id": e.org("NMH")} },
		want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "delete delegation", method: "DELETE", pattern: "/api/v1/delegations/{agentOrgID}/{orgID}",
		path: func(e *tenancyEnv) string {
			return fmt.Sprintf("/api/v1/delegations/%d/%d", e.org("NSU"), e.org("NGP2"))
		},
		want: [10]int{401, 204, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "create user", method: "POST", pattern: "/api/v1/users", path: fixed("/api/v1/users"),
		body: func(e *tenancyEnv) any {
			return map[string]any{"email": "new@nmh.test", "name": "New Responder", "role": "responder", "org_id": e.org("NMH")}
		},
		want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},

	// Alerts: drafts are the centre's (and auditors') alone; the South-only
	// alert is seen by the South alone.
	{name: "alerts", method: "GET", pattern: "/api/v1/alerts", path: fixed("/api/v1/alerts"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "create alert", method: "POST", pattern: "/api/v1/alerts", path: fixed("/api/v1/alerts"),
		body: jsonBody(alertBody("Printer firmware")),
		want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "alert high", method: "GET", pattern: "/api/v1/alerts/{id}", path: alertPath("high", ""),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "alert draft", method: "GET", pattern: "/api/v1/alerts/{id}", path: alertPath("draft", ""),
		want: [10]int{401, 200, 200, 404, 404, 404, 404, 404, 404, 404}},
	{name: "alert southOnly", method: "GET", pattern: "/api/v1/alerts/{id}", path: alertPath("southOnly", ""),
		want: [10]int{401, 200, 200, 404, 200, 404, 404, 200, 404, 200}},
	{name: "update draft", method: "PUT", pattern: "/api/v1/alerts/{id}", path: alertPath("draft", ""),
		body: jsonBody(alertBody("Draft: printer firmware, revised")),
		want: [10]int{401, 200, 403, 404, 404, 404, 404, 404, 404, 404}}, // a draft is not found by those who may not see it
	{name: "publish draft", method: "POST", pattern: "/api/v1/alerts/{id}/publish", path: alertPath("draft", "/publish"),
		want: [10]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "withdraw high", method: "POST", pattern: "/api/v1/alerts/{id}/withdraw", path: alertPath("high", "/withdraw"),
		body: jsonBody(map[string]any{"reason": "Superseded by a corrected alert."}),
		want: [10]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "revisions high", method: "GET", pattern: "/api/v1/alerts/{id}/revisions", path: alertPath("high", "/revisions"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "revisions draft", method: "GET", pattern: "/api/v1/alerts/{id}/revisions", path: alertPath("draft", "/revisions"),
		want: [10]int{401, 200, 200, 404, 404, 404, 404, 404, 404, 404}},
	{name: "revisions southOnly", method: "GET", pattern: "/api/v1/alerts/{id}/revisions", path: alertPath("southOnly", "/revisions"),
		want: [10]int{401, 200, 200, 404, 200, 404, 404, 200, 404, 200}},
	{name: "revise high", method: "POST", pattern: "/api/v1/alerts/{id}/revisions", path: alertPath("high", "/revisions"),
		body: func(e *tenancyEnv) any {
			b := alertBody("Critical SMBv1 remote code execution (MS17-010), revised")
			b["severity"], b["change_note"] = "high", "Clearer title."
			return b
		},
		want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "roll call high", method: "GET", pattern: "/api/v1/alerts/{id}/rollcall", path: alertPath("high", "/rollcall"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "roll call draft", method: "GET", pattern: "/api/v1/alerts/{id}/rollcall", path: alertPath("draft", "/rollcall"),
		want: [10]int{401, 200, 200, 404, 404, 404, 404, 404, 404, 404}},
	{name: "roll call southOnly", method: "GET", pattern: "/api/v1/alerts/{id}/rollcall", path: alertPath("southOnly", "/rollcall"),
		want: [10]int{401, 200, 200, 404, 200, 404, 404, 200, 404, 200}},
	// Exposure follows the roll call: who may see the alert sees what the
	// inventories of the organisations in their view show.
	{name: "exposure high", method: "GET", pattern: "/api/v1/alerts/{id}/exposure", path: alertPath("high", "/exposure"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "exposure draft", method: "GET", pattern: "/api/v1/alerts/{id}/exposure", path: alertPath("draft", "/exposure"),
		want: [10]int{401, 200, 200, 404, 404, 404, 404, 404, 404, 404}},
	{name: "exposure southOnly", method: "GET", pattern: "/api/v1/alerts/{id}/exposure", path: alertPath("southOnly", "/exposure"),
		want: [10]int{401, 200, 200, 404, 200, 404, 404, 200, 404, 200}},
	// An organisation's exposure: the caller must see both the alert and
	// the organisation; another organisation's people get 404.
	{name: "exposure of NTRUST to high", method: "GET", pattern: "/api/v1/alerts/{id}/organisations/{orgID}/exposure", path: apiOrgExposurePath("high", "NTRUST"),
		want: [10]int{401, 200, 200, 200, 404, 200, 404, 404, 200, 404}},
	{name: "exposure of NGP1 to high (delegated to NSU)", method: "GET", pattern: "/api/v1/alerts/{id}/organisations/{orgID}/exposure", path: apiOrgExposurePath("high", "NGP1"),
		want: [10]int{401, 200, 200, 200, 404, 404, 200, 404, 404, 404}},
	{name: "exposure of STRUST to high", method: "GET", pattern: "/api/v1/alerts/{id}/organisations/{orgID}/exposure", path: apiOrgExposurePath("high", "STRUST"),
		want: [10]int{401, 200, 200, 404, 200, 404, 404, 200, 404, 200}},
	{name: "exposure of STRUST to southOnly", method: "GET", pattern: "/api/v1/alerts/{id}/organisations/{orgID}/exposure", path: apiOrgExposurePath("southOnly", "STRUST"),
		want: [10]int{401, 200, 200, 404, 200, 404, 404, 200, 404, 200}},
	{name: "exposure of NTRUST to southOnly", method: "GET", pattern: "/api/v1/alerts/{id}/organisations/{orgID}/exposure", path: apiOrgExposurePath("southOnly", "NTRUST"),
		want: [10]int{401, 200, 200, 404, 404, 404, 404, 404, 404, 404}},
	{name: "exposure of NTRUST to a draft", method: "GET", pattern: "/api/v1/alerts/{id}/organisations/{orgID}/exposure", path: apiOrgExposurePath("draft", "NTRUST"),
		want: [10]int{401, 200, 200, 404, 404, 404, 404, 404, 404, 404}},
	// Responses: what a caller may not see is "not found", never
	// "forbidden"; what they may see but not change is "forbidden".
	{name: "response NTRUST", method: "GET", pattern: "/api/v1/alerts/{id}/responses/{orgID}", path: responsePath("high", "NTRUST", ""),
		want: [10]int{401, 200, 200, 200, 404, 200, 404, 404, 200, 404}},
	{name: "response NGP1", method: "GET", pattern: "/api/v1/alerts/{id}/responses/{orgID}", path: responsePath("high", "NGP1", ""),
		want: [10]int{401, 200, 200, 200, 404, 404, 200, 404, 404, 404}},
	{name: "response STRUST", method: "GET", pattern: "/api/v1/alerts/{id}/responses/{orgID}", path: responsePath("high", "STRUST", ""),
		want: [10]int{401, 200, 200, 404, 200, 404, 404, 200, 404, 200}},
	{name: "response of a draft", method: "GET", pattern: "/api/v1/alerts/{id}/responses/{orgID}", path: responsePath("draft", "NTRUST", ""),
		want: [10]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404}},
	{name: "answer NTRUST", method: "PUT", pattern: "/api/v1/alerts/{id}/responses/{orgID}", path: responsePath("high", "NTRUST", ""),
		body: jsonBody(map[string]any{"action": "patched"}),
		want: [10]int{401, 403, 403, 403, 404, 200, 404, 404, 403, 404}},
	{name: "answer NGP1 through delegation", method: "PUT", pattern: "/api/v1/alerts/{id}/responses/{orgID}", path: responsePath("high", "NGP1", ""),
		body: jsonBody(map[string]any{"applicability": "not_applicable", "reason": "No Windows systems on site."}),
		want: [10]int{401, 403, 403, 403, 404, 404, 200, 404, 404, 404}},
	{name: "acknowledge NTRUST", method: "POST", pattern: "/api/v1/alerts/{id}/responses/{orgID}/acknowledge", path: responsePath("high", "NTRUST", "/acknowledge"),
		want: [10]int{401, 403, 403, 403, 404, 200, 404, 404, 403, 404}},
	{name: "sign off NTRUST", method: "POST", pattern: "/api/v1/alerts/{id}/responses/{orgID}/signoff", path: responsePath("high", "NTRUST", "/signoff"),
		setup: riskAccepted("respN", "NTRUST"), body: jsonBody(map[string]any{"approve": true}),
		want: [10]int{401, 403, 403, 403, 404, 403, 404, 404, 200, 404}},
	{name: "sign off STRUST", method: "POST", pattern: "/api/v1/alerts/{id}/responses/{orgID}/signoff", path: responsePath("high", "STRUST", "/signoff"),
		setup: riskAccepted("respS", "STRUST"), body: jsonBody(map[string]any{"approve": false, "note": "Replace it this quarter."}),
		want: [10]int{401, 403, 403, 404, 403, 404, 404, 403, 404, 200}},
	{name: "challenge NTRUST", method: "POST", pattern: "/api/v1/alerts/{id}/orgs/{orgID}/challenge", path: apiChallengePath("high", "NTRUST"),
		setup: answered("respN", "NTRUST"), body: jsonBody(map[string]any{"note": "Your inventory shows WS-001 exposed."}),
		want: [10]int{401, 200, 403, 409, 404, 403, 404, 404, 403, 404}},
	{name: "bulk answer NTRUST", method: "POST", pattern: "/api/v1/alerts/{id}/answers", path: alertPath("high", "/answers"),
		body: func(e *tenancyEnv) any {
			return map[string]any{"org_ids": []int64{e.org("NTRUST")}, "acknowledge_only": true}
		},
		want: [10]int{401, 403, 403, 403, 403, 200, 422, 422, 403, 403}},
	{name: "bulk answer NGP1 and NGP2", method: "POST", pattern: "/api/v1/alerts/{id}/answers", path: alertPath("high", "/answers"),
		body: func(e *tenancyEnv) any {
			return map[string]any{"org_ids": []int64{e.org("NGP1"), e.org("NGP2")}, "answer": map[string]any{"action": "mitigated", "evidence": "SMBv1 disabled by policy."}}
		},
		want: [10]int{401, 403, 403, 403, 403, 422, 200, 422, 403, 403}},

	// The advisory library is the centre's: auditors read it, analysts
	// make drafts of it, the organisations and regions are refused.
	{name: "advisories", method: "GET", pattern: "/api/v1/advisories", path: fixed("/api/v1/advisories?source=csaf"),
		setup: withAdvisories, want: [10]int{401, 200, 200, 403, 403, 403, 403, 403, 403, 403}},
	{name: "advisory RHSA-2022:0011", method: "GET", pattern: "/api/v1/advisories/{source}/{id}", path: fixed("/api/v1/advisories/csaf/RHSA-2022:0011"),
		setup: withAdvisories, want: [10]int{401, 200, 200, 403, 403, 403, 403, 403, 403, 403}},
	{name: "exposure of advisory RHSA-2022:0011", method: "GET", pattern: "/api/v1/advisories/{source}/{id}/exposure", path: fixed("/api/v1/advisories/csaf/RHSA-2022:0011/exposure"),
		setup: withAdvisories, want: [10]int{401, 200, 200, 403, 403, 403, 403, 403, 403, 403}},
	{name: "draft from advisory CVE-2017-0144", method: "POST", pattern: "/api/v1/advisories/{source}/{id}/alert", path: fixed("/api/v1/advisories/kev/CVE-2017-0144/alert"),
		setup: withAdvisories, want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},

	// Feed sources are the centre's too: auditors read them, analysts
	// change and run them, everyone else is refused.
	{name: "sources", method: "GET", pattern: "/api/v1/sources", path: fixed("/api/v1/sources"),
		want: [10]int{401, 200, 200, 403, 403, 403, 403, 403, 403, 403}},
	{name: "create source", method: "POST", pattern: "/api/v1/sources", path: fixed("/api/v1/sources"),
		body: jsonBody(map[string]any{"name": "CISA KEV", "kind": "kev", "location": "https://feeds.example/kev.json"}),
		want: [10]int{401, 201, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "source", method: "GET", pattern: "/api/v1/sources/{id}", path: sourcePath(""),
		setup: withSource, want: [10]int{401, 200, 200, 403, 403, 403, 403, 403, 403, 403}},
	{name: "update source", method: "PUT", pattern: "/api/v1/sources/{id}", path: sourcePath(""),
		body:  jsonBody(map[string]any{"name": "CISA KEV, daily", "kind": "kev", "location": "https://feeds.example/kev.json", "every_seconds": 86400}),
		setup: withSource, want: [10]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403}},
	{name: "run source", method: "POST", pattern: "/api/v1/sources/{id}/run", path: sourcePath("/run"),
		setup: withSource, want: [10]int{401, 202, 403, 403, 403, 403, 403, 403, 403, 403}},

	// Work lists answer everyone, each with their own.
	{name: "inbox", method: "GET", pattern: "/api/v1/inbox", path: fixed("/api/v1/inbox"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "escalated", method: "GET", pattern: "/api/v1/escalated", path: fixed("/api/v1/escalated"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "signoffs", method: "GET", pattern: "/api/v1/signoffs", path: fixed("/api/v1/signoffs"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "outbox", method: "GET", pattern: "/api/v1/outbox", path: fixed("/api/v1/outbox"),
		want: [10]int{401, 200, 200, 403, 403, 403, 403, 403, 403, 403}},

	// Tokens: everyone manages their own, and only their own.
	{name: "tokens", method: "GET", pattern: "/api/v1/tokens", path: fixed("/api/v1/tokens"),
		want: [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{name: "create token", method: "POST", pattern: "/api/v1/tokens", path: fixed("/api/v1/tokens"),
		body: jsonBody(map[string]any{"name": "inventory collector"}),
		want: [10]int{401, 201, 201, 201, 201, 201, 201, 201, 201, 201}},
	{name: "revoke another's token", method: "DELETE", pattern: "/api/v1/tokens/{id}",
		setup: func(t *testing.T, e *tenancyEnv) {
			_, tok, err := e.f.Svc.CreateAPIToken(context.Background(), service.Operator(), e.f.Users["leadS"].ID, "spare")
			if err != nil {
				t.Fatal(err)
			}
			e.ids["token"] = tok.ID
		},
		path: func(e *tenancyEnv) string { return fmt.Sprintf("/api/v1/tokens/%d", e.ids["token"]) },
		want: [10]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 204}},
}

// TestAPITenancy tries every API route as every role and checks the
// status: tenant isolation, least privilege, and 404 rather than 403 for
// what the caller may not see.
func TestAPITenancy(t *testing.T) {
	routes := (&Server{}).apiRouteTable()
	covered := map[string]bool{}
	for _, c := range tenancyCases {
		key := c.method + " " + c.pattern
		if !hasRoute(routes, c.method, c.pattern) {
			t.Errorf("case %q covers %s, which is not in the route table", c.name, key)
		}
		covered[key] = true
		checkTableInvariants(t, c)
	}
	for _, rt := range routes {
		if !covered[rt.Method+" "+rt.Pattern] {
			t.Errorf("route %s %s has no tenancy case: add one to tenancyCases", rt.Method, rt.Pattern)
		}
	}

	// Reads share one fixture; each write has its own, so what one write
	// changes cannot change what another expects.
	shared := newFixture(t)
	for _, c := range tenancyCases {
		if c.method == "GET" && c.setup == nil {
			t.Run(c.name, func(t *testing.T) {
				runTenancyCase(t, &tenancyEnv{f: shared, ids: map[string]int64{}}, c)
			})
		}
	}
	for _, c := range tenancyCases {
		if c.method != "GET" || c.setup != nil {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				runTenancyCase(t, &tenancyEnv{f: newFixture(t), ids: map[string]int64{}}, c)
			})
		}
	}
}

func runTenancyCase(t *testing.T, e *tenancyEnv, c tenancyCase) {
	if c.setup != nil {
		c.setup(t, e)
	}
	for i, role := range tenancyRoles {
		var body any
		if c.body != nil {
			body = c.body(e)
		}
		res := e.f.as(role).do(c.method, c.path(e), body)
		if res.Status != c.want[i] {
			t.Errorf("%s: got %d, want %d; body: %.300s", res.desc, res.Status, c.want[i], res.Body)
		}
		if res.Status >= 400 {
			res.apiError()
		}
	}
}

// checkTableInvariants holds the table to the rules it exists to check, so
// a row cannot quietly weaken them: anonymous callers get nothing but the
// OpenAPI document; the auditor reads everything and changes nothing but
// their own tokens; nobody may read (GET) a draft but the centre.
func checkTableInvariants(t *testing.T, c tenancyCase) {
	t.Helper()
	public := c.pattern == "/api/openapi.json"
	if !public && c.want[0] != http.StatusUnauthorized {
		t.Errorf("case %q: anonymous must get 401", c.name)
	}
	ownTokens := strings.HasPrefix(c.pattern, "/api/v1/tokens")
	switch {
	case c.method == "GET" && !strings.Contains(c.name, "draft") && c.want[2] != http.StatusOK && !public:
		t.Errorf("case %q: the auditor must be able to read it", c.name)
	case c.method != "GET" && !ownTokens && c.want[2] != http.StatusForbidden:
		t.Errorf("case %q: the auditor must be refused every write with 403", c.name)
	}
	if c.method == "GET" && strings.Contains(c.name, "draft") {
		for i := 3; i < len(tenancyRoles); i++ {
			if c.want[i] != http.StatusNotFound {
				t.Errorf("case %q: %s must not see a draft", c.name, tenancyRoles[i])
			}
		}
	}
}

func hasRoute(routes []apiRoute, method, pattern string) bool {
	for _, rt := range routes {
		if rt.Method == method && rt.Pattern == pattern {
			return true
		}
	}
	return false
}

// inventoryBody is a small inventory in Rollcall's own JSON form.
var inventoryBody = jsonBody(map[string]any{"format": "rollcall-inventory", "version": 1, "hosts": []any{
	map[string]any{"name": "WS-001", "os": map[string]any{"name": "Microsoft Windows 7 Professional", "version": "6.1", "build": "7601"},
		"updates": []string{"KB4012215"}, "software": []any{map[string]any{"name": "lodash", "version": "4.17.20", "purl": "pkg:npm/lodash@4.17.20"}}},
}})
