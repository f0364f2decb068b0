package server

import "net/http"

// routes registers every route. The pages are listed in routes_pages.go and
// the JSON API in routes_api.go; the few below serve both.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.handleHealthz)
	s.pageRoutes()
	s.apiRoutes()
	// The CSAF provider, the Atom feed and the VEX export (csaf_provider.go).
	s.csafRoutes()
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
