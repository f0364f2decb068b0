package server

import (
	"net/http"
	"net/url"
)

// pageRoutes registers the pages people use: the whole surface of the web
// interface, one handler per action, each in a page_*.go file of its own
// concern. Every handler asks the service, which decides who may do what;
// the pages only hide what a role cannot use.
func (s *Server) pageRoutes() {
	// Signing in and out, and where each role starts.
	s.mux.HandleFunc("GET /{$}", s.handleHome)
	s.mux.HandleFunc("GET /signin", s.handleSignInPage)
	s.mux.HandleFunc("POST /signin", s.handleSignIn)
	s.mux.HandleFunc("POST /signout", s.handleSignOut)
	s.mux.Handle("GET /static/", s.staticHandler())
	// Any other address or method: an NHS-styled "page not found".
	s.mux.HandleFunc("/", s.handleNotFound)

	// Alerts: the list, writing and revising, publishing.
	s.mux.HandleFunc("GET /alerts", s.handleAlertsPage)
	s.mux.HandleFunc("GET /alerts/new", s.handleNewAlertPage)
	s.mux.HandleFunc("POST /alerts", s.handleCreateAlert)
	s.mux.HandleFunc("GET /alerts/{id}/edit", s.handleEditAlertPage)
	s.mux.HandleFunc("POST /alerts/{id}/edit", s.handleEditAlert)
	s.mux.HandleFunc("POST /alerts/{id}/publish", s.handlePublishAlert)
	s.mux.HandleFunc("GET /alerts/{id}/withdraw", s.handleWithdrawPage)
	s.mux.HandleFunc("POST /alerts/{id}/withdraw", s.handleWithdraw)
	s.mux.HandleFunc("GET /alerts/{id}/revisions", s.handleRevisionsPage)

	// The roll call: one alert, its figures, every organisation's answer.
	s.mux.HandleFunc("GET /alerts/{id}", s.handleAlertPage)
	s.mux.HandleFunc("GET /alerts/{id}/rollcall", s.handleRollCallPage)
	s.mux.HandleFunc("GET /alerts/{id}/exposure", s.handleAlertExposurePage)

	// Answering: one organisation, or several at once.
	s.mux.HandleFunc("GET /inbox", s.handleInboxPage)
	s.mux.HandleFunc("GET /alerts/{id}/orgs/{orgID}", s.handleResponsePage)
	s.mux.HandleFunc("GET /alerts/{id}/orgs/{orgID}/exposure", s.handleOrgExposurePage)
	s.mux.HandleFunc("POST /alerts/{id}/orgs/{orgID}/acknowledge", s.handleAcknowledge)
	s.mux.HandleFunc("POST /alerts/{id}/orgs/{orgID}/answer", s.handleAnswer)
	s.mux.HandleFunc("GET /alerts/{id}/bulk", s.handleBulkPage)
	s.mux.HandleFunc("POST /alerts/{id}/bulk", s.handleBulkAnswer)

	// Oversight: sign-off by data-security leads, the escalation ladder.
	s.mux.HandleFunc("GET /lead", s.handleLeadPage)
	s.mux.HandleFunc("POST /alerts/{id}/orgs/{orgID}/signoff", s.handleSignOff)
	s.mux.HandleFunc("GET /escalations", s.handleEscalationsPage)
	// The centre, or the region, challenging a closed answer.
	s.mux.HandleFunc("GET /alerts/{id}/orgs/{orgID}/challenge", s.handleChallengePage)
	s.mux.HandleFunc("POST /alerts/{id}/orgs/{orgID}/challenge", s.handleChallenge)

	// The advisory library: what the feeds say, for the centre's triage,
	// and a draft alert made from an advisory in one step.
	s.mux.HandleFunc("GET /advisories", s.handleAdvisoriesPage)
	s.mux.HandleFunc("GET /advisories/{source}/{id}", s.handleAdvisoryPage)
	s.mux.HandleFunc("POST /advisories/{source}/{id}/alert", s.handleDraftFromAdvisory)

	// The feeds the library is read from on a schedule, and how each was
	// last read; analysts add, change and run them.
	s.mux.HandleFunc("GET /sources", s.handleSourcesPage)
	s.mux.HandleFunc("GET /sources/new", s.handleNewSourcePage)
	s.mux.HandleFunc("POST /sources/new", s.handleCreateSource)
	s.mux.HandleFunc("GET /sources/{id}/edit", s.handleEditSourcePage)
	s.mux.HandleFunc("POST /sources/{id}/edit", s.handleEditSource)
	s.mux.HandleFunc("POST /sources/{id}/run", s.handleRunSource)

	// The estate: hosts on systems out of support.
	s.mux.HandleFunc("GET /end-of-life", s.handleEndOfLifePage)

	// The directory.
	s.mux.HandleFunc("GET /orgs", s.handleOrgsPage)
	s.mux.HandleFunc("GET /orgs/import", s.handleImportOrgsPage)
	s.mux.HandleFunc("POST /orgs/import", s.handleImportOrgs)
	s.mux.HandleFunc("GET /orgs/{id}", s.handleOrgPage)
	s.mux.HandleFunc("GET /orgs/{id}/inventory", s.handleInventoryPage)
	s.mux.HandleFunc("POST /orgs/{id}/inventory", s.handleInventoryUpload)

	// The signed-in user and their API tokens.
	s.mux.HandleFunc("GET /account", s.handleAccountPage)
	s.mux.HandleFunc("POST /account/tokens", s.handleCreateToken)
	s.mux.HandleFunc("POST /account/tokens/{id}/revoke", s.handleRevokeToken)
}

// errorPage answers a failed page request with an NHS-styled page saying
// what went wrong. A visitor whose sign-in has lapsed is sent to sign in
// again rather than shown an error.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, d ErrorDetail) {
	if status == http.StatusUnauthorized && r.Method == http.MethodGet && actorFrom(r.Context()) == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	title := "Sorry, there is a problem with the service"
	switch status {
	case http.StatusNotFound:
		title = "Page not found"
	case http.StatusForbidden:
		title = "You cannot do this"
	case http.StatusUnauthorized:
		title = "Sign in first"
	case http.StatusConflict:
		title = "This has changed"
	case http.StatusRequestEntityTooLarge:
		title = "Too large"
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
		title = "There is a problem"
	}
	s.renderPage(w, r, status, "error", &page{Title: title, Data: d}, false)
}
