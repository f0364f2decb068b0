package server

import (
	"net/http"

	"rollcall/csafexport"
)

// routes registers every route. The pages are listed in routes_pages.go and
// the JSON API in routes_api.go; the few below serve both.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.handleHealthz)
	s.pageRoutes()
	s.apiRoutes()

	// Public documents, read without signing in (csaf_provider.go): the
	// CSAF provider's metadata, feed, documents and signing key, and the
	// Atom feed of public alerts.
	s.mux.HandleFunc("GET "+csafexport.ProviderMetadataPath, s.handleCSAFProviderMetadata)
	s.mux.HandleFunc("GET "+csafexport.FeedPath, s.handleCSAFFeed)
	s.mux.HandleFunc("GET /.well-known/csaf/white/{year}/{file}", s.handleCSAFDocument)
	s.mux.HandleFunc("GET "+csafKeyDir+"{file}", s.handleCSAFPublicKey)
	s.mux.HandleFunc("GET /alerts.atom", s.handleAlertsAtom)
	// An organisation's "not applicable" answers as CSAF VEX (signed in).
	s.mux.HandleFunc("GET /orgs/{id}/vex.json", s.handleOrgVEX)
}

// handleHealthz answers 200 when the server can reach its database.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Ready(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}
