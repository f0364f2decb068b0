package server

import (
	"fmt"
	"net/http"
	"strconv"

	"rollcall"
	"rollcall/service"
)

// bulkPageData is the page where one responder answers for several
// organisations at once: a support unit for its GP practices.
type bulkPageData struct {
	Alert *rollcall.Alert
	Rows  []bulkRow
	// What is "acknowledge" or "answer".
	What     string
	Form     answerForm
	AgentOrg string
	LeadName string
	// AllOpen chooses every organisation whose answer is still open, so
	// that a unit with fifty practices need not tick fifty boxes.
	AllOpen   bool
	OpenCount int
}

// bulkRow is one organisation the responder may answer for.
type bulkRow struct {
	rollCallRow
	Checked bool
	// OnBehalf is set when the responder answers for it through a
	// delegation rather than as its own staff.
	OnBehalf bool
}

// handleBulkPage shows the organisations the responder answers for, to
// choose several and give them one answer.
func (s *Server) handleBulkPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	d, err := s.bulkPage(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d.What = "answer"
	s.render(w, r, http.StatusOK, "bulk", &page{Title: "Answer for several organisations", Data: d})
}

// handleBulkAnswer gives one answer, or one acknowledgement, for every
// organisation chosen: all or none, each recorded as given through the
// responder's organisation.
func (s *Server) handleBulkAnswer(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	d, err := s.bulkPage(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The organisations chosen one by one, and with "all still open" every
	// organisation whose answer is open. Each carries the version the page
	// showed, so a colleague's answer since is not overwritten unseen.
	d.AllOpen = r.PostFormValue("all_open") != ""
	chosen := map[int64]bool{}
	for _, v := range r.PostForm["org"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			chosen[id] = true
		}
	}
	var orgIDs []int64
	versions := map[int64]int{}
	add := func(id int64) {
		orgIDs = append(orgIDs, id)
		if ver, err := strconv.Atoi(r.PostFormValue(fmt.Sprintf("v%d", id))); err == nil {
			versions[id] = ver
		}
	}
	for i, row := range d.Rows {
		d.Rows[i].Checked = chosen[row.OrgID]
		if chosen[row.OrgID] || d.AllOpen && !row.State.Closed() {
			add(row.OrgID)
		}
		delete(chosen, row.OrgID)
	}
	// Any other id is not one the responder answers for; the service
	// refuses it with the reason.
	for _, id := range sortedKeys(chosen) {
		add(id)
	}
	d.What, d.Form = r.PostFormValue("what"), answerFormFrom(r)
	req := service.AnswerRequest{AlertID: d.Alert.ID, OrgIDs: orgIDs, Versions: versions}
	switch {
	case len(orgIDs) == 0:
		err = rollcall.FieldError("org_ids", "Choose at least one organisation to answer for.")
	case d.What == "acknowledge":
		req.AcknowledgeOnly = true
	case d.What == "answer":
		req.Answer, err = d.Form.answer()
	default:
		err = rollcall.FieldError("what", "Choose whether to acknowledge only or to give an answer.")
	}
	var n int
	if err == nil {
		n, err = s.svc.Answer(r.Context(), a, req)
	}
	if errs := fieldErrors(err, d.Form.fieldIDs(), "orgs"); errs != nil {
		s.render(w, r, formStatus(err), "bulk", &page{Title: "Answer for several organisations", Errors: errs, Data: d})
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	msg := fmt.Sprintf("Answer saved for %d %s.", n, plural(n, "organisation", "organisations"))
	if req.AcknowledgeOnly {
		msg = fmt.Sprintf("Acknowledged for %d %s.", n, plural(n, "organisation", "organisations"))
		if n == 0 {
			msg = "Those organisations had already acknowledged the alert."
		}
	}
	s.redirect(w, r, fmt.Sprintf("/alerts/%d", d.Alert.ID), msg)
}

// bulkPage loads the organisations a responder answers for on this alert.
// Only responders answer; others are refused rather than shown a form
// they cannot use.
func (s *Server) bulkPage(r *http.Request, a *rollcall.Actor) (*bulkPageData, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	alert, err := s.svc.GetAlert(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !a.Is(rollcall.RoleResponder) {
		return nil, rollcall.Errorf(rollcall.EFORBIDDEN, "Only responders answer alerts.")
	}
	if alert.Status != rollcall.AlertPublished {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is not published and cannot be answered.", alert.Reference)
	}
	rows, _, err := s.svc.RollCallEntries(ctx, a, rollcall.ResponseFilter{AlertID: id, Order: "name", Limit: 500})
	if err != nil {
		return nil, err
	}
	d := &bulkPageData{Alert: alert, AgentOrg: s.orgName(ctx, a, a.User.OrgID)}
	if org, err := s.svc.GetOrganisation(ctx, a, a.User.OrgID); err == nil {
		d.LeadName = s.userName(ctx, a, org.DataSecurityLeadID)
	}
	// Open answers first: they are what the responder came to give.
	var closed []bulkRow
	for _, row := range s.rollCallRows(rows, nil) {
		br := bulkRow{rollCallRow: row, OnBehalf: row.OrgID != a.User.OrgID}
		if row.State.Closed() {
			closed = append(closed, br)
			continue
		}
		d.Rows = append(d.Rows, br)
		d.OpenCount++
	}
	d.Rows = append(d.Rows, closed...)
	return d, nil
}
