package server

import (
	"net/http"

	"rollcall"
)

// handleHome sends each role to where its work starts: the centre, its
// auditors and the regions to the alerts and their roll calls; responders
// to their inbox; data-security leads to what waits for their sign-off.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	http.Redirect(w, r, homeFor(a), http.StatusSeeOther)
}

// homeFor is the first page for a role.
func homeFor(a *rollcall.Actor) string {
	switch a.User.Role {
	case rollcall.RoleResponder:
		return "/inbox"
	case rollcall.RoleSecurityLead:
		return "/lead"
	}
	return "/alerts"
}

// handleNotFound answers an address that is not one of Rollcall's.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, rollcall.Errorf(rollcall.ENOTFOUND, "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."))
}
