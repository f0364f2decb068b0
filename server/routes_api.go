package server

import (
	"net/http"
	"slices"
	"strings"

	"rollcall"
)

// apiHandler serves one API route for a caller. It returns an error rather
// than writing one, so every failure goes through s.error and has the one
// JSON error shape. actor is nil only on public routes.
type apiHandler func(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error

// apiRoute is one row of the API's route table.
type apiRoute struct {
	Method  string
	Pattern string // a ServeMux path pattern, e.g. /api/v1/alerts/{id}
	Handler apiHandler
	Summary string // one line; the OpenAPI operation carries the same
	// Public routes need no signed-in caller.
	Public bool
}

// apiRouteTable is the whole JSON API, in one place. Tests iterate it: a
// route added here without an authorisation row or an OpenAPI entry fails
// them.
func (s *Server) apiRouteTable() []apiRoute {
	return []apiRoute{
		{"GET", "/api/openapi.json", s.apiOpenAPI, "The OpenAPI document of this API.", true},

		{"GET", "/api/v1/me", s.apiMe, "The caller: user, role and the organisations they answer for.", false},

		{"GET", "/api/v1/regions", s.apiListRegions, "List regions.", false},
		{"POST", "/api/v1/regions", s.apiCreateRegion, "Create a region (analysts).", false},
		{"GET", "/api/v1/organisations", s.apiListOrganisations, "List the organisations the caller may see.", false},
		{"POST", "/api/v1/organisations", s.apiCreateOrganisation, "Create an organisation (analysts).", false},
		{"POST", "/api/v1/organisations/import", s.apiImportOrganisations, "Create or update organisations from a CSV file, all or none (analysts).", false},
		{"GET", "/api/v1/organisations/{id}", s.apiGetOrganisation, "An organisation with its contacts and delegations.", false},
		{"PUT", "/api/v1/organisations/{id}", s.apiUpdateOrganisation, "Change an organisation (analysts).", false},
		{"GET", "/api/v1/organisations/{id}/inventory", s.apiInventory, "An organisation's saved inventory: how many hosts and rows, how fresh, and the hosts.", false},
		{"POST", "/api/v1/organisations/{id}/inventory", s.apiImportInventory, "Save an organisation's inventory from a file in any form Rollcall reads (responders for their organisations, analysts).", false},
		{"GET", "/api/v1/end-of-life", s.apiEndOfLife, "Hosts on systems out of (or nearing the end of) support, per organisation, region and in all.", false},
		{"GET", "/api/v1/organisations/{id}/responses", s.apiOrganisationResponses, "An organisation's responses to published alerts, soonest deadline first.", false},
		{"POST", "/api/v1/delegations", s.apiCreateDelegation, "Record that one organisation answers for another (analysts).", false},
		{"DELETE", "/api/v1/delegations/{agentOrgID}/{orgID}", s.apiDeleteDelegation, "End a delegation (analysts).", false},
		{"POST", "/api/v1/users", s.apiCreateUser, "Create a user (analysts).", false},

		{"GET", "/api/v1/alerts", s.apiListAlerts, "List the alerts the caller may see, newest first.", false},
		{"POST", "/api/v1/alerts", s.apiCreateAlert, "Create a draft alert (analysts).", false},
		{"GET", "/api/v1/alerts/{id}", s.apiGetAlert, "An alert.", false},
		{"PUT", "/api/v1/alerts/{id}", s.apiUpdateDraft, "Change a draft alert (analysts).", false},
		{"POST", "/api/v1/alerts/{id}/publish", s.apiPublishAlert, "Publish a draft alert: its targets are sent it and their clocks start (analysts).", false},
		{"POST", "/api/v1/alerts/{id}/withdraw", s.apiWithdrawAlert, "Withdraw a published alert: it leaves every inbox and takes no more answers; its roll call is kept (analysts).", false},
		{"GET", "/api/v1/alerts/{id}/revisions", s.apiListRevisions, "The published revisions of an alert, with what changed.", false},
		{"POST", "/api/v1/alerts/{id}/revisions", s.apiReviseAlert, "Publish a new revision of a published alert (analysts).", false},
		{"GET", "/api/v1/alerts/{id}/rollcall", s.apiRollCall, "The roll call of an alert: its summary and the organisations' answers.", false},
		{"GET", "/api/v1/alerts/{id}/exposure", s.apiAlertExposure, "What the inventories show about an alert: the exposed organisations, and what each says beside what its inventory shows.", false},
		{"GET", "/api/v1/alerts/{id}/organisations/{orgID}/exposure", s.apiOrgAlertExposure, "One organisation's hosts exposed to an alert, each with the reason, and its claim beside what its inventory shows.", false},

		{"GET", "/api/v1/alerts/{id}/responses/{orgID}", s.apiGetResponse, "One organisation's response to an alert, with its history.", false},
		{"PUT", "/api/v1/alerts/{id}/responses/{orgID}", s.apiAnswer, "Answer an alert for one organisation (responders).", false},
		{"POST", "/api/v1/alerts/{id}/responses/{orgID}/acknowledge", s.apiAcknowledge, "Acknowledge an alert for one organisation (responders).", false},
		{"POST", "/api/v1/alerts/{id}/responses/{orgID}/signoff", s.apiSignOff, "Approve or reject a risk acceptance (the organisation's data-security lead).", false},
		{"POST", "/api/v1/alerts/{id}/orgs/{orgID}/challenge", s.apiChallenge, "Challenge an organisation's closed answer: it is reopened with a note the organisation reads (analysts; coordinators for their region).", false},
		{"POST", "/api/v1/alerts/{id}/answers", s.apiBulkAnswer, "Answer or acknowledge an alert for several organisations at once, all or none (responders).", false},

		{"GET", "/api/v1/advisories", s.apiListAdvisories, "Search the advisory library, most recently changed first (analysts and auditors).", false},
		{"GET", "/api/v1/advisories/{source}/{id}", s.apiGetAdvisory, "One advisory of the library (analysts and auditors).", false},
		{"GET", "/api/v1/advisories/{source}/{id}/exposure", s.apiAdvisoryExposure, "How many hosts and organisations the inventories show exposed to one advisory (analysts and auditors).", false},
		{"POST", "/api/v1/advisories/{source}/{id}/alert", s.apiDraftFromAdvisory, "Make a draft alert from an advisory, filled in and linked to it (analysts).", false},

		{"GET", "/api/v1/sources", s.apiListSources, "The feed sources the library is read from, each with its last run (analysts and auditors).", false},
		{"POST", "/api/v1/sources", s.apiCreateSource, "Add a feed source, due to be read at once (analysts).", false},
		{"GET", "/api/v1/sources/{id}", s.apiGetSource, "One feed source with its last run (analysts and auditors).", false},
		{"PUT", "/api/v1/sources/{id}", s.apiUpdateSource, "Change a feed source: its name, kind, location, schedule, or whether it is read (analysts).", false},
		{"POST", "/api/v1/sources/{id}/run", s.apiRunSource, "Make a feed source due at once: a server reads it within a minute (analysts).", false},

		{"GET", "/api/v1/inbox", s.apiInbox, "Open responses of the organisations the caller answers for, soonest deadline first.", false},
		{"GET", "/api/v1/escalated", s.apiEscalated, "Overdue responses escalated to the caller.", false},
		{"GET", "/api/v1/signoffs", s.apiSignOffs, "Risk acceptances waiting for the caller's sign-off.", false},
		{"GET", "/api/v1/outbox", s.apiOutbox, "Notifications not yet delivered (analysts and auditors).", false},

		{"GET", "/api/v1/tokens", s.apiListTokens, "The caller's API tokens.", false},
		{"POST", "/api/v1/tokens", s.apiCreateToken, "Make an API token for the caller; its secret is shown once.", false},
		{"DELETE", "/api/v1/tokens/{id}", s.apiRevokeToken, "Revoke one of the caller's API tokens.", false},
	}
}

// apiBodylessRoutes are the write routes that take no request body; any
// other write route reads one and refuses one it cannot parse.
var apiBodylessRoutes = map[string]bool{
	"DELETE /api/v1/delegations/{agentOrgID}/{orgID}":        true,
	"POST /api/v1/alerts/{id}/publish":                       true,
	"POST /api/v1/alerts/{id}/responses/{orgID}/acknowledge": true,
	"POST /api/v1/advisories/{source}/{id}/alert":            true,
	"POST /api/v1/sources/{id}/run":                          true,
	"DELETE /api/v1/tokens/{id}":                             true,
}

// takesNoBody reports whether the route is a write that takes no body.
func (rt apiRoute) takesNoBody() bool { return apiBodylessRoutes[rt.Method+" "+rt.Pattern] }

// apiRoutes registers the route table, and a catch-all under /api/ so
// that a wrong path or method is answered in JSON like every other error.
func (s *Server) apiRoutes() {
	for _, rt := range s.apiRouteTable() {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.apiServe(rt))
	}
	s.mux.HandleFunc("/api/", s.apiNotFound)
}

// apiServe adapts a route's handler: it refuses callers who are not signed
// in before any input is read, and answers the handler's error.
func (s *Server) apiServe(rt apiRoute) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor := actorFrom(r.Context())
		if actor == nil && !rt.Public {
			w.Header().Set("WWW-Authenticate", `Bearer realm="rollcall"`)
			s.error(w, r, rollcall.Errorf(rollcall.EUNAUTHORIZED, "Sign in, or send an API token as \"Authorization: Bearer <token>\"."))
			return
		}
		if rt.takesNoBody() {
			if err := apiRefuseBody(w, r); err != nil {
				s.error(w, r, err)
				return
			}
		}
		if err := rt.Handler(w, r, actor); err != nil {
			s.error(w, r, err)
		}
	})
}

// apiCodeMethodNotAllowed is the error code of a 405. The domain's error table
// has no such code (a wrong method is an HTTP matter, not a domain one), so
// apiNotFound writes this one error itself, in the same JSON shape.
const apiCodeMethodNotAllowed = "method_not_allowed"

// apiNotFound answers any /api/ request no route took: 405 with Allow when
// the path exists for other methods, else 404. It asks the real mux which
// methods would match, so it can never disagree with it.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/api/" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		s.error(w, r, rollcall.Errorf(rollcall.ENOTFOUND, "There is no API at %s; see /api/openapi.json.", r.URL.Path))
		return
	}
	if slices.Contains(allow, "GET") {
		allow = append(allow, "HEAD")
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeJSON(w, http.StatusMethodNotAllowed, ErrorBody{Error: ErrorDetail{
		Code:    apiCodeMethodNotAllowed,
		Message: r.Method + " is not allowed here; use " + strings.Join(allow, ", ") + ".",
	}})
}
