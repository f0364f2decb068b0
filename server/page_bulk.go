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
	// Total is how many organisations the responder answers for on this
	// alert; Rows is one page of them, Pager the way to the others.
	Total int
	Pager pager
	// Exposed lists the chosen organisations whose fresh inventories
	// show exposed hosts, when a "safe" answer waits for confirmation.
	Exposed        []service.ExposedOrg
	ConfirmMessage string
	Confirm        bool
}

// bulkPerPage is how many organisations one page of the bulk form lists;
// "all still open" reaches every one, listed or not.
const bulkPerPage = 500

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
	// The organisations chosen one by one, each with the version the page
	// showed, so a colleague's answer since is not overwritten unseen; with
	// "all still open" the service adds every organisation whose answer is
	// open, however many, not only those this page lists.
	d.AllOpen = r.PostFormValue("all_open") != ""
	d.Confirm = r.PostFormValue("confirm_discrepancies") != ""
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
		if chosen[row.OrgID] {
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
	case len(orgIDs) == 0 && !d.AllOpen:
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
		var res *service.BulkAnswerResult
		res, err = s.svc.BulkAnswer(r.Context(), a, service.BulkAnswerRequest{AnswerRequest: req, AllOpen: d.AllOpen, ConfirmDiscrepancies: d.Confirm})
		if res != nil {
			n, d.Exposed = res.Changed, res.Exposed
		}
	}
	if len(d.Exposed) > 0 {
		// Not a mistake to correct but a second step: the same answer,
		// with the exposed organisations shown, waits for confirmation.
		d.ConfirmMessage = rollcall.ErrorMessage(err)
		s.render(w, r, http.StatusOK, "bulk", &page{Title: "Answer for several organisations", Data: d})
		return
	}
	ids := d.Form.fieldIDs()
	ids["all_open"] = "orgs"
	if errs := fieldErrors(err, ids, "orgs"); errs != nil {
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
	// Open answers first: they are what the responder came to give.
	n := pageNumber(r)
	open, openTotal, err := s.svc.RollCallEntries(ctx, a, rollcall.ResponseFilter{AlertID: id, Open: true, Order: "name", Limit: bulkPerPage, Offset: (n - 1) * bulkPerPage})
	if err != nil {
		return nil, err
	}
	rows := open
	_, total, err := s.svc.RollCallEntries(ctx, a, rollcall.ResponseFilter{AlertID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	// The closed follow the open, on the pages after them.
	if room := n*bulkPerPage - openTotal; room > 0 {
		offset := max(0, (n-1)*bulkPerPage-openTotal)
		closed, _, err := s.svc.RollCallEntries(ctx, a, rollcall.ResponseFilter{AlertID: id, Closed: true, Order: "name", Limit: min(room, bulkPerPage), Offset: offset})
		if err != nil {
			return nil, err
		}
		rows = append(rows, closed...)
	}
	d := &bulkPageData{Alert: alert, AgentOrg: s.orgName(ctx, a, a.User.OrgID), OpenCount: openTotal, Total: total,
		Pager: newPager(r.URL, n, bulkPerPage, total)}
	for _, row := range s.rollCallRows(rows, nil) {
		d.Rows = append(d.Rows, bulkRow{rollCallRow: row, OnBehalf: row.OrgID != a.User.OrgID})
	}
	return d, nil
}
