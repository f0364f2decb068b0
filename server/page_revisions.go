package server

import (
	"net/http"
	"slices"

	"rollcall"
)

// revisionsData is every published revision of an alert, newest first.
type revisionsData struct {
	Alert     *rollcall.Alert
	Revisions []rollcall.AlertRevision
}

// handleRevisionsPage lists every revision of an alert with what changed
// and why, so organisations can see how the advice moved.
func (s *Server) handleRevisionsPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	alert, err := s.svc.GetAlert(r.Context(), a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	revs, err := s.svc.AlertRevisions(r.Context(), a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	slices.Reverse(revs)
	s.render(w, r, http.StatusOK, "revisions", &page{Title: "Revisions of " + alert.Reference, Data: revisionsData{Alert: alert, Revisions: revs}})
}
