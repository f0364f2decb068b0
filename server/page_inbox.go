package server

import (
	"net/http"

	"rollcall"
)

// inboxLength is how many open answers one page of the inbox shows; the
// pager leads to the rest.
const inboxLength = 200

// inboxData is what waits for an organisation's answer, grouped by alert,
// the alert with the soonest deadline first.
type inboxData struct {
	Alerts []inboxAlert
	Total  int
	Pager  pager
	// CanAnswer is set for responders; data-security leads read only.
	CanAnswer bool
	// Challenges are the answers the centre or a region reopened.
	Challenges []inboxChallenge
}

// inboxAlert is one alert and the caller's organisations that owe it an
// answer, soonest deadline first. A support unit sees its practices
// together under the alert, not the alert repeated for each.
type inboxAlert struct {
	AlertID   int64
	Reference string
	Title     string
	Severity  rollcall.Severity
	Rows      []rollCallRow
}

// handleInboxPage lists the open responses of the organisations the
// caller answers for (or, for a data-security lead, leads).
func (s *Server) handleInboxPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if !a.Is(rollcall.RoleResponder, rollcall.RoleSecurityLead) {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "The inbox is for organisations' responders and data-security leads. The alerts page shows the roll call."))
		return
	}
	n := pageNumber(r)
	rows, total, err := s.svc.Inbox(r.Context(), a, inboxLength, (n-1)*inboxLength)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := inboxData{Total: total, CanAnswer: a.Is(rollcall.RoleResponder), Pager: newPager(r.URL, n, inboxLength, total)}
	if d.Challenges, err = s.inboxChallenges(r.Context(), a, rows); err != nil {
		s.error(w, r, err)
		return
	}
	// The service orders by deadline; grouping keeps that order, so the
	// alert whose first deadline is soonest comes first.
	at := map[int64]int{}
	for _, row := range s.rollCallRows(rows, nil) {
		i, ok := at[row.AlertID]
		if !ok {
			i = len(d.Alerts)
			at[row.AlertID] = i
			d.Alerts = append(d.Alerts, inboxAlert{AlertID: row.AlertID, Reference: row.AlertRef, Title: row.AlertTitle, Severity: row.AlertSeverity})
		}
		d.Alerts[i].Rows = append(d.Alerts[i].Rows, row)
	}
	s.render(w, r, http.StatusOK, "inbox", &page{Title: "Inbox", Data: d})
}
