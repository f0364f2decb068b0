package demo

import (
	"context"
	"fmt"

	"rollcall"
)

// The printed accounts have fixed addresses, whatever the seed, so the
// README can name them.
const (
	AnalystEmail          = "analyst@" + domainSuffix
	AuditorEmail          = "auditor@" + domainSuffix
	CoordinatorEmail      = "coordinator.london@" + domainSuffix
	TrustResponderEmail   = "trust.responder@" + domainSuffix
	TrustLeadEmail        = "trust.siro@" + domainSuffix
	SupportResponderEmail = "gp.support@" + domainSuffix
)

// ownResponderShare is the share of GP practices that have a responder of
// their own besides their support unit.
const ownResponderShare = 0.04

// createUser saves a user; only the printed accounts get a password,
// because hashing one takes tens of milliseconds.
func (g *generator) createUser(ctx context.Context, u *rollcall.User, printed bool) error {
	password := ""
	if printed {
		password = g.opts.Password
	}
	actor := g.analyst
	if actor == nil {
		actor = g.operator
	}
	if err := g.svc.CreateUser(ctx, actor, u, password); err != nil {
		return fmt.Errorf("user %s: %w", u.Email, err)
	}
	g.result.Users++
	return nil
}

// createCentreStaff makes the centre's analysts and auditor and the
// regional coordinators, and returns the printed analyst.
func (g *generator) createCentreStaff(ctx context.Context) (*rollcall.User, error) {
	analyst := &rollcall.User{Email: AnalystEmail, Name: g.names.person(), Role: rollcall.RoleAnalyst}
	if err := g.createUser(ctx, analyst, true); err != nil {
		return nil, err
	}
	for range 2 {
		name := g.names.person()
		if err := g.createUser(ctx, &rollcall.User{Email: emailFor(name, "centre"), Name: name, Role: rollcall.RoleAnalyst}, false); err != nil {
			return nil, err
		}
	}
	if err := g.createUser(ctx, &rollcall.User{Email: AuditorEmail, Name: g.names.person(), Role: rollcall.RoleAuditor}, true); err != nil {
		return nil, err
	}
	for i, r := range g.regions {
		u := &rollcall.User{Email: r.def.CoordinatorMail + "@" + domainSuffix, Name: g.names.person(), Role: rollcall.RoleCoordinator, RegionID: r.ID}
		if err := g.createUser(ctx, u, i == 0); err != nil {
			return nil, err
		}
	}
	return analyst, nil
}

// createOrganisationStaff gives every trust, commissioning body and support
// unit a responder and a data-security lead, and a few GP practices a
// responder of their own; then resolves each as an actor, with the
// practices delegated to it.
func (g *generator) createOrganisationStaff(ctx context.Context) error {
	type staff struct {
		o               *org
		responder, lead *rollcall.User
	}
	var all []staff
	for _, o := range g.orgs {
		s := staff{o: o}
		if o.Type == rollcall.OrgGPPractice {
			if g.rng.Float64() >= ownResponderShare {
				continue
			}
			name := g.names.person()
			s.responder = &rollcall.User{Email: emailFor(name, o.Code), Name: name, Role: rollcall.RoleResponder, OrgID: o.ID}
			if err := g.createUser(ctx, s.responder, false); err != nil {
				return err
			}
			all = append(all, s)
			continue
		}
		rname, lname := g.names.person(), g.names.person()
		s.responder = &rollcall.User{Email: emailFor(rname, o.Code), Name: rname, Role: rollcall.RoleResponder, OrgID: o.ID}
		s.lead = &rollcall.User{Email: emailFor(lname, o.Code), Name: lname, Role: rollcall.RoleSecurityLead, OrgID: o.ID}
		switch o {
		case g.namedTrust:
			s.responder.Email, s.lead.Email = TrustResponderEmail, TrustLeadEmail
		case g.namedSupportUnit:
			s.responder.Email = SupportResponderEmail
		}
		printed := o == g.namedTrust || o == g.namedSupportUnit
		if err := g.createUser(ctx, s.responder, printed); err != nil {
			return err
		}
		if err := g.createUser(ctx, s.lead, o == g.namedTrust); err != nil {
			return err
		}
		o.DataSecurityLeadID = s.lead.ID
		if err := g.svc.UpdateOrganisation(ctx, g.analyst, &o.Organisation); err != nil {
			return fmt.Errorf("organisation %s: %w", o.Code, err)
		}
		all = append(all, s)
	}
	for _, s := range all {
		var err error
		if s.o.responder, err = g.svc.ActorFor(ctx, s.responder.ID); err != nil {
			return err
		}
		if s.lead != nil {
			if s.o.lead, err = g.svc.ActorFor(ctx, s.lead.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// addPrintedAccounts lists the accounts `rollcall demo` prints, with what
// each will find.
func (g *generator) addPrintedAccounts() error {
	london := g.regions[0]
	inLondon := 0
	for _, o := range g.orgs {
		if o.region == london {
			inLondon++
		}
	}
	t, su := g.namedTrust, g.namedSupportUnit
	pw := g.opts.Password
	g.result.Accounts = []Account{
		{AnalystEmail, pw, rollcall.RoleAnalyst,
			"The national centre: publishes alerts, watches every roll call (start with MS17-010), sees what reached the centre."},
		{CoordinatorEmail, pw, rollcall.RoleCoordinator,
			fmt.Sprintf("London's regional coordinator: %d organisations, and what was escalated to the region.", inLondon)},
		{TrustLeadEmail, pw, rollcall.RoleSecurityLead,
			fmt.Sprintf("Data-security lead of %s (%s), a major trauma centre: a risk acceptance on MS17-010 to sign off, and an overdue alert escalated to them (before the trust's responder answers it).", t.Name, t.Code)},
		{TrustResponderEmail, pw, rollcall.RoleResponder,
			fmt.Sprintf("Responder for %s: its open alerts, one overdue.", t.Name)},
		{SupportResponderEmail, pw, rollcall.RoleResponder,
			fmt.Sprintf("Responder for %s, which answers for %d GP practices: answer MS17-010 for many at once.", su.Name, len(su.practices))},
		{AuditorEmail, pw, rollcall.RoleAuditor,
			"Reads everything and changes nothing: every answer's history."},
	}
	return nil
}
