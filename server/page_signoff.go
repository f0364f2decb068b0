package server

import (
	"fmt"
	"net/http"

	"rollcall"
)

// noteIDFor is the id of the rejection reason box for one response, so
// that an error points at the right one among several.
func noteIDFor(alertID, orgID int64) string { return fmt.Sprintf("note-%d-%d", alertID, orgID) }

// handleSignOff records the data-security lead's decision on a risk
// acceptance. A rejection needs a reason; without one, the form comes back
// with the message beside the box.
func (s *Server) handleSignOff(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	alertID, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	orgID, err := pathID(r, "orgID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	note := r.PostFormValue("note")
	var approve bool
	switch r.PostFormValue("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		s.error(w, r, rollcall.FieldError("decision", "Choose to approve or reject."))
		return
	}
	err = s.svc.SignOff(r.Context(), a, alertID, orgID, approve, note)
	noteID := noteIDFor(alertID, orgID)
	if errs := fieldErrors(err, map[string]string{"note": noteID}, noteID); errs != nil {
		s.renderLead(w, r, a, formStatus(err), errs, noteID, note)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	msg := "Risk acceptance signed off."
	if !approve {
		msg = "Risk acceptance rejected. The responder will see your reason."
	}
	s.redirect(w, r, "/lead", msg)
}
