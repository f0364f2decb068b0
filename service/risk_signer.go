package service

import (
	"context"

	"rollcall"
)

// RiskSigner decides who may sign off an organisation's risk acceptances,
// so that every one has someone who can: the organisation's data-security
// lead; else the lead of an organisation answering for it by delegation
// (lowest id first, so the answer is stable); else the policy's fallback,
// the region's coordinator or the centre. The answer form shows it before a
// risk is accepted and SignOff allows it alone: this is the one rule.
func (s *Responses) RiskSigner(ctx context.Context, orgID int64) (rollcall.RiskSigner, error) {
	org, err := s.dir.store.FindOrganisationByID(ctx, orgID)
	if err != nil {
		return rollcall.RiskSigner{}, err
	}
	if ok, err := s.hasLead(ctx, org); err != nil || ok {
		return rollcall.RiskSigner{Kind: rollcall.SignerLead, OrgID: org.ID, Name: "the data-security lead of " + org.Name}, err
	}
	delegations, err := s.dir.store.ListDelegations(ctx, 0, orgID)
	if err != nil {
		return rollcall.RiskSigner{}, err
	}
	for _, d := range delegations {
		agent, err := s.dir.store.FindOrganisationByID(ctx, d.AgentOrgID)
		if err != nil {
			return rollcall.RiskSigner{}, err
		}
		if ok, err := s.hasLead(ctx, agent); err != nil {
			return rollcall.RiskSigner{}, err
		} else if ok {
			return rollcall.RiskSigner{Kind: rollcall.SignerDelegateLead, OrgID: agent.ID, Name: "the data-security lead of " + agent.Name}, nil
		}
	}
	if s.policy.RiskSignOffFallback == rollcall.SignerCentre {
		return rollcall.RiskSigner{Kind: rollcall.SignerCentre, Name: "the centre's analysts"}, nil
	}
	name := "the regional coordinator"
	regions, err := s.dir.store.ListRegions(ctx)
	if err != nil {
		return rollcall.RiskSigner{}, err
	}
	for _, r := range regions {
		if r.ID == org.RegionID {
			name = "the coordinator of " + r.Name
		}
	}
	return rollcall.RiskSigner{Kind: rollcall.SignerCoordinator, RegionID: org.RegionID, Name: name}, nil
}

// hasLead reports whether an organisation has a data-security lead: one
// named on it, or a user in it with that role.
func (s *Responses) hasLead(ctx context.Context, org *rollcall.Organisation) (bool, error) {
	if org.DataSecurityLeadID != 0 {
		return true, nil
	}
	leads, err := s.dir.store.ListUsers(ctx, org.ID, 0, rollcall.RoleSecurityLead)
	return len(leads) > 0, err
}
