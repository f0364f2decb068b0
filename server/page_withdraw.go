package server

import (
	"fmt"
	"net/http"
	"strings"

	"rollcall"
)

// withdrawData is the withdrawal page: the alert, what withdrawing does,
// and the reason typed so far.
type withdrawData struct {
	Alert    *rollcall.Alert
	Reason   string
	Targeted int
}

// handleWithdrawPage asks an analyst to confirm withdrawing a published
// alert, and why: a destructive step gets its own page, not a stray click.
func (s *Server) handleWithdrawPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	alert, err := s.alertToEdit(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if alert.Status != rollcall.AlertPublished {
		s.error(w, r, rollcall.Errorf(rollcall.ECONFLICT, "Only a published alert can be withdrawn; %s is %s.", alert.Reference, alert.Status))
		return
	}
	s.renderWithdraw(w, r, http.StatusOK, a, alert, "", nil)
}

// handleWithdraw withdraws the alert; a missing reason comes back beside
// the field.
func (s *Server) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	alert, err := s.alertToEdit(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	err = s.svc.WithdrawAlert(r.Context(), a, alert.ID, reason)
	switch rollcall.ErrorCode(err) {
	case "":
		s.redirect(w, r, fmt.Sprintf("/alerts/%d", alert.ID),
			fmt.Sprintf("%s withdrawn. It has left every inbox and takes no more answers; its roll call is kept.", alert.Reference))
	case rollcall.EINVALID:
		s.renderWithdraw(w, r, http.StatusUnprocessableEntity, a, alert, reason, formErrors{{ID: "reason", Message: rollcall.ErrorMessage(err)}})
	default:
		s.error(w, r, err)
	}
}

func (s *Server) renderWithdraw(w http.ResponseWriter, r *http.Request, status int, a *rollcall.Actor, alert *rollcall.Alert, reason string, errs formErrors) {
	d := withdrawData{Alert: alert, Reason: reason}
	if rc, err := s.svc.RollCall(r.Context(), a, alert.ID); err == nil {
		d.Targeted = rc.Tally.Targeted
	}
	s.render(w, r, status, "withdraw", &page{Title: "Withdraw " + alert.Reference, Errors: errs, Data: d, Path: "/alerts"})
}
