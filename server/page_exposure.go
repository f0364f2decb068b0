package server

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"rollcall"
	"rollcall/service"
)

// Nationally thousands of organisations may be exposed to an alert. The
// alert page lists the first exposureSummaryLength, discrepancies first,
// and links to the whole list, exposurePerPage a page.
const (
	exposureSummaryLength = 20
	exposurePerPage       = 50
)

// exposureHostsLimit is how many hosts an organisation's exposure page
// lists; the counts cover them all.
const exposureHostsLimit = 500

// alertExposureView is the alert page's exposure section for those who
// oversee: the totals and the organisations, discrepancies first.
type alertExposureView struct {
	*service.AlertExposure
	Rows []orgExposureRow
	// OrgsExposed counts organisations with an exposed host; Listed is
	// len(Rows), Total len(Orgs).
	OrgsExposed   int
	Total         int
	FreshnessText string
}

// orgExposureRow is one organisation of the exposure table, with its
// inventory's freshness said in words.
type orgExposureRow struct {
	service.OrgExposure
	// Inventory is "fresh", "stale" or "none".
	InventoryState string
	// CanChallenge offers the caller the next step on a discrepancy:
	// challenging the answer.
	CanChallenge bool
}

// exposureLink is an organisation's own exposure page, for its users.
type exposureLink struct {
	OrgID   int64
	OrgName string
	OrgCode string
}

// alertExposure builds an alert's exposure figures and the organisations
// from offset, at most limit of them.
func (s *Server) alertExposure(ctx context.Context, a *rollcall.Actor, alertID int64, offset, limit int) (*alertExposureView, error) {
	ex, err := s.svc.AlertExposure(ctx, a, alertID)
	if err != nil {
		return nil, err
	}
	v := &alertExposureView{AlertExposure: ex, Total: len(ex.Orgs), FreshnessText: rollcall.FormatDuration(ex.Freshness)}
	now := s.svc.Clock().Now()
	for i, o := range ex.Orgs {
		if o.Exposed > 0 {
			v.OrgsExposed++
		}
		if i >= offset && i < offset+limit {
			v.Rows = append(v.Rows, orgExposureRow{OrgExposure: o, InventoryState: inventoryState(o.Inventory, now, ex.Freshness),
				CanChallenge: o.Discrepancy && a.CanChallenge(o.RegionID)})
		}
	}
	return v, nil
}

// alertExposurePageData is every organisation exposed to an alert, a page
// at a time.
type alertExposurePageData struct {
	Alert    *rollcall.Alert
	Exposure *alertExposureView
	Pager    pager
}

// handleAlertExposurePage lists the organisations with a host exposed to
// an alert, or that cannot be told, discrepancies first: the whole of the
// list the alert page starts. The service decides whose hosts the caller
// may see.
func (s *Server) handleAlertExposurePage(w http.ResponseWriter, r *http.Request) {
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
	n := pageNumber(r)
	ex, err := s.alertExposure(ctx, a, id, (n-1)*exposurePerPage, exposurePerPage)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := alertExposurePageData{Alert: alert, Exposure: ex, Pager: newPager(r.URL, n, exposurePerPage, ex.Total)}
	s.render(w, r, http.StatusOK, "alert_exposure", &page{Title: "Exposure to " + alert.Reference, Data: d})
}

// inventoryState says whether an inventory is fresh, stale or missing.
func inventoryState(age rollcall.InventoryAge, now time.Time, fresh time.Duration) string {
	switch {
	case age.Hosts == 0:
		return "none"
	case age.Stale(now, fresh):
		return "stale"
	}
	return "fresh"
}

// orgExposureData is one organisation's exposure to one alert.
type orgExposureData struct {
	Alert *rollcall.Alert
	*service.OrgAlertExposure
	// Own is set for the organisation's own users: the page speaks to
	// them as "you".
	Own bool
	// Listed is how many hosts the page shows, against Exposed+Unknown.
	Listed, Counted int
	FreshnessText   string
	InventoryState  string
	CanSeeResponse  bool
}

// handleOrgExposurePage lists an organisation's hosts exposed to an alert,
// each with the reason, and sets what it says beside what its inventory
// shows. The service decides who may see it: the organisation's own users
// and those who oversee it; anyone else is told it is not found.
func (s *Server) handleOrgExposurePage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	ctx := r.Context()
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
	ex, err := s.svc.OrgAlertExposure(ctx, a, alertID, orgID, exposureHostsLimit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	alert, err := s.svc.GetAlert(ctx, a, alertID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := orgExposureData{Alert: alert, OrgAlertExposure: ex, Own: a.Is(rollcall.RoleResponder, rollcall.RoleSecurityLead),
		Listed: len(ex.Hosts), Counted: ex.Exposed + ex.Unknown, FreshnessText: rollcall.FormatDuration(ex.Freshness),
		InventoryState: inventoryState(ex.Inventory, s.svc.Clock().Now(), ex.Freshness), CanSeeResponse: ex.Targeted}
	s.render(w, r, http.StatusOK, "exposure", &page{Title: ex.Org.Name + ": exposure to " + alert.Reference, Data: d})
}

// orgExposurePath is an organisation's exposure page for an alert.
func orgExposurePath(alertID, orgID int64) string {
	return fmt.Sprintf("/alerts/%d/orgs/%d/exposure", alertID, orgID)
}
