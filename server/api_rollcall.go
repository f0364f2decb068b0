package server

import (
	"net/http"

	"rollcall"
)

// apiRollCallPage is the roll call of one alert: the summary over every
// organisation the caller may see, and a page of their responses, which
// the filters narrow (they do not narrow the summary).
type apiRollCallPage struct {
	Summary apiRollCall          `json:"summary"`
	Entries apiList[apiResponse] `json:"entries"`
}

// apiClosedPhases are the phases of the "closed" state group: those that
// stopped the remediation clock.
var apiClosedPhases = func() []rollcall.Phase {
	var out []rollcall.Phase
	for _, p := range rollcall.Phases {
		if p.Closed() {
			out = append(out, p)
		}
	}
	return out
}()

func (s *Server) apiRollCall(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	q, err := apiReadQuery(r, "state", "region_id", "type", "q", "order", "limit", "offset")
	if err != nil {
		return err
	}
	f := rollcall.ResponseFilter{AlertID: id, Query: q.str("q")}
	switch group, err := q.oneOf("state", "overdue", "open", "closed"); {
	case err != nil:
		return err
	case group == "overdue":
		f.Overdue = true
	case group == "open":
		f.Open = true
	case group == "closed":
		f.Phases = apiClosedPhases
	}
	if f.RegionID, err = q.id("region_id"); err != nil {
		return err
	}
	if f.OrgType, err = q.orgType("type"); err != nil {
		return err
	}
	if f.Order, err = q.oneOf("order", "overdue", "name", "deadline"); err != nil {
		return err
	} else if f.Order == "" {
		f.Order = "overdue"
	}
	if f.Limit, f.Offset, err = q.page(100, 500); err != nil {
		return err
	}
	ctx := r.Context()
	rc, err := s.svc.RollCall(ctx, actor, id)
	if err != nil {
		return err
	}
	rows, total, err := s.svc.RollCallEntries(ctx, actor, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiRollCallPage{
		Summary: apiRollCallOf(rc),
		Entries: newAPIList(s.responseRowsOf(rows), total, f.Limit, f.Offset),
	})
	return nil
}
