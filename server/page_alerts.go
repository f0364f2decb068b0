package server

import (
	"net/http"

	"rollcall"
)

// alertsPerPage is how many alerts the list shows at once.
const alertsPerPage = 25

// alertsData is the alert list: each alert with the roll-call headline in
// the caller's scope.
type alertsData struct {
	Items    []rollcall.AlertItem
	Pager    pager
	CanWrite bool
	// ShowEscalated is set for the centre and regions, who are escalated
	// to; Escalated counts what waits for them.
	ShowEscalated bool
	Escalated     int
}

// handleAlertsPage lists the alerts the caller may see, newest first:
// drafts too for the centre.
func (s *Server) handleAlertsPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	ctx := r.Context()
	n := pageNumber(r)
	items, total, err := s.svc.ListAlerts(ctx, a, rollcall.AlertFilter{Limit: alertsPerPage, Offset: (n - 1) * alertsPerPage})
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := alertsData{Items: items, Pager: newPager(r.URL, n, alertsPerPage, total), CanWrite: a.CanAuthorAlerts()}
	if a.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor, rollcall.RoleCoordinator) {
		d.ShowEscalated = true
		if _, d.Escalated, err = s.svc.Escalated(ctx, a, 1, 0); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "alerts", &page{Title: "Alerts", Data: d})
}
