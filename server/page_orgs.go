package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"rollcall"
)

// orgsPerPage is how many organisations the directory shows at once.
const orgsPerPage = 50

// orgsData is one page of the organisation directory.
type orgsData struct {
	Orgs      []rollcall.Organisation
	Total     int
	Pager     pager
	Query     string
	RegionID  int64
	Type      rollcall.OrgType
	Regions   []rollcall.Region
	Names     map[int64]string
	Types     []rollcall.OrgType
	CanImport bool
}

// handleOrgsPage lists the organisations the caller may see, filtered.
func (s *Server) handleOrgsPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	d := orgsData{Query: strings.TrimSpace(q.Get("q")), Type: rollcall.OrgType(q.Get("type")), Types: rollcall.OrgTypes, CanImport: a.CanManageDirectory()}
	d.RegionID, _ = strconv.ParseInt(q.Get("region"), 10, 64)
	if !d.Type.Valid() {
		d.Type = ""
	}
	n := pageNumber(r)
	var err error
	d.Orgs, d.Total, err = s.svc.ListOrganisations(ctx, a, rollcall.OrgFilter{Query: d.Query, RegionID: d.RegionID, Type: d.Type, Limit: orgsPerPage, Offset: (n - 1) * orgsPerPage})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if d.Regions, err = s.svc.ListRegions(ctx, a); err != nil {
		s.error(w, r, err)
		return
	}
	d.Names = map[int64]string{}
	for _, rg := range d.Regions {
		d.Names[rg.ID] = rg.Name
	}
	d.Pager = newPager(r.URL, n, orgsPerPage, d.Total)
	s.render(w, r, http.StatusOK, "orgs", &page{Title: "Organisations", Data: d})
}

// orgData is one organisation: who it is, who works there, who answers
// for it and whom it answers for, and its answers to recent alerts.
type orgData struct {
	Org        *rollcall.Organisation
	RegionName string
	Lead       *rollcall.User
	Contacts   []rollcall.User
	AnsweredBy []delegationRow
	AnswersFor []delegationRow
	Responses  []rollCallRow
	// TotalResponses counts every alert sent to the organisation.
	TotalResponses int
}

// delegationRow is a delegation with the other organisation named.
type delegationRow struct {
	rollcall.Delegation
	OtherID   int64
	OtherName string
}

// recentAlertsForOrg bounds how many of the organisation's answers the
// organisation page shows.
const recentAlertsForOrg = 25

// handleOrgPage shows one organisation. One the caller may not see is "not
// found", by the service's rule.
func (s *Server) handleOrgPage(w http.ResponseWriter, r *http.Request) {
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
	org, err := s.svc.GetOrganisation(ctx, a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := orgData{Org: org}
	regions, err := s.regionNames(ctx, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d.RegionName = regions[org.RegionID]
	if d.Contacts, err = s.svc.OrganisationContacts(ctx, a, id); err != nil {
		s.error(w, r, err)
		return
	}
	for i := range d.Contacts {
		if d.Contacts[i].ID == org.DataSecurityLeadID {
			d.Lead = &d.Contacts[i]
		}
	}
	by, for_, err := s.svc.Delegations(ctx, a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, dl := range by {
		d.AnsweredBy = append(d.AnsweredBy, delegationRow{Delegation: dl, OtherID: dl.AgentOrgID, OtherName: s.orgName(ctx, a, dl.AgentOrgID)})
	}
	for _, dl := range for_ {
		d.AnswersFor = append(d.AnswersFor, delegationRow{Delegation: dl, OtherID: dl.OrgID, OtherName: s.orgName(ctx, a, dl.OrgID)})
	}
	if d.Responses, d.TotalResponses, err = s.orgResponses(ctx, a, id, regions); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org", &page{Title: org.Name, Data: d})
}

// orgResponses gathers the organisation's answers to the most recent
// published alerts, in one query.
func (s *Server) orgResponses(ctx context.Context, a *rollcall.Actor, orgID int64, regions map[int64]string) ([]rollCallRow, int, error) {
	rows, total, err := s.svc.OrganisationResponses(ctx, a, orgID, recentAlertsForOrg, 0)
	if err != nil {
		return nil, 0, err
	}
	return s.rollCallRows(rows, regions), total, nil
}
