package service

import (
	"context"
	"strings"

	"rollcall"
)

// ListRegions lists every region; any signed-in user may see them.
func (s *Directory) ListRegions(ctx context.Context, actor *rollcall.Actor) ([]rollcall.Region, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	return s.store.ListRegions(ctx)
}

// CreateRegion adds a region; analysts only.
func (s *Directory) CreateRegion(ctx context.Context, actor *rollcall.Actor, r *rollcall.Region) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanManageDirectory() {
		return forbidden("manage regions")
	}
	r.Code = strings.ToUpper(strings.TrimSpace(r.Code))
	r.Name = strings.TrimSpace(r.Name)
	if r.Code == "" {
		return rollcall.FieldError("code", "A region code is required.")
	}
	if r.Name == "" {
		return rollcall.FieldError("name", "A region name is required.")
	}
	return s.store.CreateRegion(ctx, r)
}

// CreateOrganisation adds an organisation; analysts only.
func (s *Directory) CreateOrganisation(ctx context.Context, actor *rollcall.Actor, o *rollcall.Organisation) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanManageDirectory() {
		return forbidden("manage organisations")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	o.CreatedAt = s.clock.Now()
	return s.store.CreateOrganisation(ctx, o)
}

// UpdateOrganisation changes an organisation's details; analysts only.
func (s *Directory) UpdateOrganisation(ctx context.Context, actor *rollcall.Actor, o *rollcall.Organisation) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanManageDirectory() {
		return forbidden("manage organisations")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if o.DataSecurityLeadID != 0 {
		u, err := s.store.FindUserByID(ctx, o.DataSecurityLeadID)
		if rollcall.ErrorCode(err) == rollcall.ENOTFOUND || (err == nil && (u.OrgID != o.ID || u.Role != rollcall.RoleSecurityLead)) {
			return rollcall.FieldError("data_security_lead_id", "The data-security lead must be a user of this organisation with the data-security lead role.")
		} else if err != nil {
			return err
		}
	}
	return s.store.UpdateOrganisation(ctx, o)
}

// GetOrganisation returns an organisation the actor may see. One outside
// the actor's scope is "not found", as if it did not exist.
func (s *Directory) GetOrganisation(ctx context.Context, actor *rollcall.Actor, id int64) (*rollcall.Organisation, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	o, err := s.store.FindOrganisationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.CanSeeOrg(o) {
		return nil, rollcall.Errorf(rollcall.ENOTFOUND, "Organisation %d not found.", id)
	}
	return o, nil
}

// ListOrganisations lists the organisations the actor may see.
func (s *Directory) ListOrganisations(ctx context.Context, actor *rollcall.Actor, f rollcall.OrgFilter) ([]rollcall.Organisation, int, error) {
	if err := requireActor(actor); err != nil {
		return nil, 0, err
	}
	f.Scope = actor.Scope()
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	return s.store.ListOrganisations(ctx, f)
}

// OrganisationContacts lists an organisation's people, for those who may
// see the organisation.
func (s *Directory) OrganisationContacts(ctx context.Context, actor *rollcall.Actor, orgID int64) ([]rollcall.User, error) {
	if _, err := s.GetOrganisation(ctx, actor, orgID); err != nil {
		return nil, err
	}
	return s.store.ListUsers(ctx, orgID, 0, "")
}

// Delegations lists who answers for the organisation and whom it answers
// for, for those who may see it.
func (s *Directory) Delegations(ctx context.Context, actor *rollcall.Actor, orgID int64) (answeredBy, answersFor []rollcall.Delegation, err error) {
	if _, err := s.GetOrganisation(ctx, actor, orgID); err != nil {
		return nil, nil, err
	}
	if answeredBy, err = s.store.ListDelegations(ctx, 0, orgID); err != nil {
		return nil, nil, err
	}
	if answersFor, err = s.store.ListDelegations(ctx, orgID, 0); err != nil {
		return nil, nil, err
	}
	return answeredBy, answersFor, nil
}

// AddDelegation records that agent answers for org; analysts only.
func (s *Directory) AddDelegation(ctx context.Context, actor *rollcall.Actor, d *rollcall.Delegation) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanManageDirectory() {
		return forbidden("manage delegations")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	for field, id := range map[string]int64{"agent_org_id": d.AgentOrgID, "org_id": d.OrgID} {
		if _, err := s.store.FindOrganisationByID(ctx, id); rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
			return rollcall.FieldError(field, "Organisation %d does not exist.", id)
		} else if err != nil {
			return err
		}
	}
	d.CreatedAt = s.clock.Now()
	d.CreatedBy = actor.User.ID
	return s.store.CreateDelegation(ctx, d)
}

// RemoveDelegation ends a delegation; analysts only.
func (s *Directory) RemoveDelegation(ctx context.Context, actor *rollcall.Actor, agentOrgID, orgID int64) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanManageDirectory() {
		return forbidden("manage delegations")
	}
	return s.store.DeleteDelegation(ctx, agentOrgID, orgID)
}
