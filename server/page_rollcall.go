package server

import (
	"net/http"
	"strconv"
	"strings"

	"rollcall"
	"rollcall/service"
)

// rollCallPerPage is how many organisations one page of the roll call shows.
const rollCallPerPage = 50

// rollCallFilter is the roll-call page's filter, as in its query string.
type rollCallFilter struct {
	// Group is "", "overdue", "open" or "closed".
	Group    string
	RegionID int64
	Type     rollcall.OrgType
	Query    string
}

// rollCallPageData is one page of every organisation's answer to an alert.
type rollCallPageData struct {
	Alert   *rollcall.Alert
	Filter  rollCallFilter
	Rows    []rollCallRow
	Total   int
	Pager   pager
	Regions []rollcall.Region
	Types   []rollcall.OrgType
	// Exposure sets what organisations say beside what their inventories
	// show, nationally (within the caller's scope) and per region; nil
	// when the alert names nothing to check.
	Exposure *service.AlertExposure
	// NotYet counts targeted organisations that claim nothing yet.
	NotYet int
}

// closedPhases are the phases that stop the remediation clock.
var closedPhases = func() []rollcall.Phase {
	var out []rollcall.Phase
	for _, p := range rollcall.Phases {
		if p.Closed() {
			out = append(out, p)
		}
	}
	return out
}()

// handleRollCallPage lists every organisation's answer to an alert, within
// what the caller may see, filtered and a page at a time.
func (s *Server) handleRollCallPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	alert, err := s.svc.GetAlert(ctx, a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	flt := rollCallFilter{Group: q.Get("group"), Type: rollcall.OrgType(q.Get("type")), Query: strings.TrimSpace(q.Get("q"))}
	flt.RegionID, _ = strconv.ParseInt(q.Get("region"), 10, 64)
	if !flt.Type.Valid() {
		flt.Type = ""
	}
	n := pageNumber(r)
	f := rollcall.ResponseFilter{AlertID: id, RegionID: flt.RegionID, OrgType: flt.Type, Query: flt.Query,
		Order: "name", Limit: rollCallPerPage, Offset: (n - 1) * rollCallPerPage}
	switch flt.Group {
	case "overdue":
		f.Overdue, f.Order = true, "overdue"
	case "open":
		f.Open = true
	case "closed":
		f.Phases = closedPhases
	default:
		flt.Group = ""
	}
	rows, total, err := s.svc.RollCallEntries(ctx, a, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	regions, err := s.svc.ListRegions(ctx, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, rg := range regions {
		names[rg.ID] = rg.Name
	}
	// A coordinator sees one region: offering the others would only ever
	// show an empty list.
	if a.Is(rollcall.RoleCoordinator) {
		regions = []rollcall.Region{{ID: a.User.RegionID, Name: names[a.User.RegionID]}}
	}
	d := rollCallPageData{Alert: alert, Filter: flt, Rows: s.rollCallRows(rows, names), Total: total,
		Pager: newPager(r.URL, n, rollCallPerPage, total), Regions: regions, Types: rollcall.OrgTypes}
	if !alert.Affected.IsZero() {
		if d.Exposure, err = s.svc.AlertExposure(ctx, a, id); err != nil {
			s.error(w, r, err)
			return
		}
		c := d.Exposure.Compliance
		d.NotYet = c.Targeted - c.SaysSafe - c.Mitigated - c.RiskAccepted
	}
	s.render(w, r, http.StatusOK, "rollcall", &page{Title: "Roll call for " + alert.Reference, Wide: true, Data: d})
}
