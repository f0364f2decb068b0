package server

import (
	"net/http"

	"rollcall"
)

// escalatedLength is how many rows one page of an escalation list shows;
// the pager leads to the rest.
const escalatedLength = 200

// awaitingLength is how many risk acceptances the lead's page lists at
// once, the most pressing first.
const awaitingLength = 200

// leadPageData is a data-security lead's desk: risk acceptances waiting
// for their sign-off, and what has been escalated to them.
type leadPageData struct {
	Awaiting []awaitingRow
	// AwaitingTotal counts them all; each decided brings the next up.
	AwaitingTotal  int
	Escalated      []rollCallRow
	EscalatedTotal int
	Pager          pager
	// Notes keeps a rejection reason as typed when the form comes back.
	Notes map[string]string
}

// awaitingRow is a risk acceptance waiting for sign-off.
type awaitingRow struct {
	rollCallRow
	Note string
}

// handleLeadPage shows the data-security lead's desk.
func (s *Server) handleLeadPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	s.renderLead(w, r, a, http.StatusOK, nil, "", "")
}

func (s *Server) renderLead(w http.ResponseWriter, r *http.Request, a *rollcall.Actor, status int, errs formErrors, noteID, note string) {
	if !a.Is(rollcall.RoleSecurityLead) {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "This page is for organisations' data-security leads."))
		return
	}
	ctx := r.Context()
	awaiting, awaitingTotal, err := s.svc.AwaitingSignOff(ctx, a, awaitingLength, 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	n := pageNumber(r)
	escalated, total, err := s.svc.Escalated(ctx, a, escalatedLength, (n-1)*escalatedLength)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := leadPageData{AwaitingTotal: awaitingTotal, Escalated: s.rollCallRows(escalated, nil), EscalatedTotal: total, Pager: newPager(r.URL, n, escalatedLength, total)}
	for _, row := range s.rollCallRows(awaiting, nil) {
		ar := awaitingRow{rollCallRow: row}
		if noteIDFor(row.AlertID, row.OrgID) == noteID {
			ar.Note = note
		}
		d.Awaiting = append(d.Awaiting, ar)
	}
	s.render(w, r, status, "lead", &page{Title: "Sign-off and escalations", Path: "/lead", Errors: errs, Data: d})
}

// escalationsData is what has been escalated to a coordinator or the
// centre.
type escalationsData struct {
	Rows  []rollCallRow
	Total int
	Pager pager
	Rung  rollcall.EscalationLevel
}

// handleEscalationsPage lists the overdue answers that have climbed the
// ladder to the caller: their region's for a coordinator, the nation's
// for the centre.
func (s *Server) handleEscalationsPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if a.Is(rollcall.RoleSecurityLead) {
		http.Redirect(w, r, "/lead", http.StatusSeeOther)
		return
	}
	if !a.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor, rollcall.RoleCoordinator) {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "Escalations go to data-security leads, regional coordinators and the centre."))
		return
	}
	n := pageNumber(r)
	rows, total, err := s.svc.Escalated(r.Context(), a, escalatedLength, (n-1)*escalatedLength)
	if err != nil {
		s.error(w, r, err)
		return
	}
	regions, err := s.regionNames(r.Context(), a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := escalationsData{Rows: s.rollCallRows(rows, regions), Total: total, Pager: newPager(r.URL, n, escalatedLength, total), Rung: rollcall.EscalationCentre}
	if a.Is(rollcall.RoleCoordinator) {
		d.Rung = rollcall.EscalationCoordinator
	}
	s.render(w, r, http.StatusOK, "escalations", &page{Title: "Escalated to you", Data: d})
}
