package server

import (
	"bytes"
	"net/http"
	"slices"

	"rollcall"
)

// The directory: the caller, regions, organisations, delegations and
// users. Authorisation is the service's; these handlers translate.

// apiDirectoryFields maps the domain's field names (a web form's) to the
// members of the API's directory requests.
var apiDirectoryFields = map[string]string{"region": "region_id", "org": "org_id", "data_security_lead": "data_security_lead_id"}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	me := apiMe{User: apiUserOf(&actor.User), Role: string(actor.User.Role), RoleLabel: actor.User.Role.Label(), Organisations: []apiOrganisation{}}
	if len(actor.OrgIDs) > 0 {
		orgs, _, err := s.svc.ListOrganisations(r.Context(), actor, rollcall.OrgFilter{IDs: actor.OrgIDs})
		if err != nil {
			return err
		}
		for i := range orgs {
			me.Organisations = append(me.Organisations, apiOrganisationOf(&orgs[i]))
		}
	}
	if actor.User.RegionID != 0 {
		regions, err := s.svc.ListRegions(r.Context(), actor)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(regions, func(g rollcall.Region) bool { return g.ID == actor.User.RegionID }); i >= 0 {
			rg := apiRegionOf(regions[i])
			me.Region = &rg
		}
	}
	writeJSON(w, http.StatusOK, me)
	return nil
}

func (s *Server) apiListRegions(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	regions, err := s.svc.ListRegions(r.Context(), actor)
	if err != nil {
		return err
	}
	items := make([]apiRegion, 0, len(regions))
	for _, g := range regions {
		items = append(items, apiRegionOf(g))
	}
	writeJSON(w, http.StatusOK, newAPIList(items, len(items), len(items), 0))
	return nil
}

// apiRegionInput is the body of POST /api/v1/regions.
type apiRegionInput struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) apiCreateRegion(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	var in apiRegionInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	g := rollcall.Region{Code: in.Code, Name: in.Name}
	if err := s.svc.CreateRegion(r.Context(), actor, &g); err != nil {
		return err
	}
	apiCreated(w, "", apiRegionOf(g))
	return nil
}

func (s *Server) apiListOrganisations(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	q, err := apiReadQuery(r, "region_id", "type", "q", "limit", "offset")
	if err != nil {
		return err
	}
	f := rollcall.OrgFilter{Query: q.str("q")}
	if f.RegionID, err = q.id("region_id"); err != nil {
		return err
	}
	if f.Type, err = q.orgType("type"); err != nil {
		return err
	}
	if f.Limit, f.Offset, err = q.page(100, 500); err != nil {
		return err
	}
	orgs, total, err := s.svc.ListOrganisations(r.Context(), actor, f)
	if err != nil {
		return err
	}
	items := make([]apiOrganisation, 0, len(orgs))
	for i := range orgs {
		items = append(items, apiOrganisationOf(&orgs[i]))
	}
	writeJSON(w, http.StatusOK, newAPIList(items, total, f.Limit, f.Offset))
	return nil
}

// apiOrganisationInput is the body of POST and PUT /api/v1/organisations.
type apiOrganisationInput struct {
	Code               string   `json:"code"`
	Name               string   `json:"name"`
	Type               string   `json:"type"`
	RegionID           int64    `json:"region_id"`
	Flags              []string `json:"flags"`
	DataSecurityLeadID *int64   `json:"data_security_lead_id"`
}

func (in apiOrganisationInput) organisation(id int64) *rollcall.Organisation {
	o := &rollcall.Organisation{ID: id, Code: in.Code, Name: in.Name, Type: rollcall.OrgType(in.Type), RegionID: in.RegionID, Flags: in.Flags}
	if in.DataSecurityLeadID != nil {
		o.DataSecurityLeadID = *in.DataSecurityLeadID
	}
	return o
}

func (s *Server) apiCreateOrganisation(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	var in apiOrganisationInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	o := in.organisation(0)
	if err := s.svc.CreateOrganisation(r.Context(), actor, o); err != nil {
		return apiRenameField(err, apiDirectoryFields)
	}
	apiCreated(w, apiLocation("/api/v1/organisations/%d", o.ID), apiOrganisationOf(o))
	return nil
}

func (s *Server) apiImportOrganisations(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	body, err := apiReadBody(w, r, "text/csv", apiMaxCSVBody)
	if err != nil {
		return err
	}
	n, u, err := s.svc.ImportOrganisationsCSV(r.Context(), actor, bytes.NewReader(body))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"created": n, "updated": u})
	return nil
}

func (s *Server) apiGetOrganisation(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := s.svc.GetOrganisation(ctx, actor, id)
	if err != nil {
		return err
	}
	people, err := s.svc.OrganisationContacts(ctx, actor, id)
	if err != nil {
		return err
	}
	by, for_, err := s.svc.Delegations(ctx, actor, id)
	if err != nil {
		return err
	}
	out := apiOrganisationDetail{apiOrganisation: apiOrganisationOf(o), Contacts: make([]apiUser, 0, len(people)),
		AnsweredBy: apiDelegationsOf(by), AnswersFor: apiDelegationsOf(for_)}
	for i := range people {
		out.Contacts = append(out.Contacts, apiUserOf(&people[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiUpdateOrganisation(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	var in apiOrganisationInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	o := in.organisation(id)
	if err := s.svc.UpdateOrganisation(r.Context(), actor, o); err != nil {
		return apiRenameField(err, apiDirectoryFields)
	}
	if o, err = s.svc.GetOrganisation(r.Context(), actor, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiOrganisationOf(o))
	return nil
}

// apiDelegationInput is the body of POST /api/v1/delegations.
type apiDelegationInput struct {
	AgentOrgID int64  `json:"agent_org_id"`
	OrgID      int64  `json:"org_id"`
	Note       string `json:"note"`
}

func (s *Server) apiCreateDelegation(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	var in apiDelegationInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	d := rollcall.Delegation{AgentOrgID: in.AgentOrgID, OrgID: in.OrgID, Note: in.Note}
	if err := s.svc.AddDelegation(r.Context(), actor, &d); err != nil {
		return err
	}
	apiCreated(w, apiLocation("/api/v1/delegations/%d/%d", d.AgentOrgID, d.OrgID), apiDelegationOf(d))
	return nil
}

func (s *Server) apiDeleteDelegation(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	agent, err := apiPathID(r, "agentOrgID")
	if err != nil {
		return err
	}
	org, err := apiPathID(r, "orgID")
	if err != nil {
		return err
	}
	if err := s.svc.RemoveDelegation(r.Context(), actor, agent, org); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiUserInput is the body of POST /api/v1/users. Without a password the
// user cannot sign in until one is set; they may still use API tokens.
type apiUserInput struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	OrgID    int64  `json:"org_id"`
	RegionID int64  `json:"region_id"`
	Password string `json:"password"`
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	var in apiUserInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	u := rollcall.User{Email: in.Email, Name: in.Name, Role: rollcall.Role(in.Role), OrgID: in.OrgID, RegionID: in.RegionID}
	if err := s.svc.CreateUser(r.Context(), actor, &u, in.Password); err != nil {
		return apiRenameField(err, apiDirectoryFields)
	}
	apiCreated(w, "", apiUserOf(&u))
	return nil
}
