package rollcall

import "slices"

// Actor is the caller of a service method: a signed-in user with the scope
// of organisations resolved for them. Every service method starts by asking
// the actor whether the call is allowed.
type Actor struct {
	User User
	// OrgIDs are the organisations a responder answers for: its own and
	// those delegated to it. A data-security lead has their own only.
	OrgIDs []int64
}

// Scope limits what a query returns: everything, some regions, or some
// organisations. The zero Scope sees nothing.
type Scope struct {
	All       bool
	RegionIDs []int64
	OrgIDs    []int64
}

// Empty reports whether the scope sees nothing.
func (s Scope) Empty() bool { return !s.All && len(s.RegionIDs) == 0 && len(s.OrgIDs) == 0 }

// Scope is what the actor may see.
func (a *Actor) Scope() Scope {
	if a == nil {
		return Scope{}
	}
	switch a.User.Role {
	case RoleAnalyst, RoleAuditor:
		return Scope{All: true}
	case RoleCoordinator:
		return Scope{RegionIDs: []int64{a.User.RegionID}}
	case RoleResponder, RoleSecurityLead:
		return Scope{OrgIDs: slices.Clone(a.OrgIDs)}
	}
	return Scope{}
}

// Is reports whether the actor has one of the roles.
func (a *Actor) Is(roles ...Role) bool {
	return a != nil && !a.User.Disabled && slices.Contains(roles, a.User.Role)
}

// CanSeeOrg reports whether the actor may see the organisation's answers.
func (a *Actor) CanSeeOrg(o *Organisation) bool {
	if a == nil || a.User.Disabled || o == nil {
		return false
	}
	switch a.User.Role {
	case RoleAnalyst, RoleAuditor:
		return true
	case RoleCoordinator:
		return o.RegionID == a.User.RegionID
	case RoleResponder, RoleSecurityLead:
		return slices.Contains(a.OrgIDs, o.ID)
	}
	return false
}

// CanAnswerFor reports whether the actor may answer alerts for the
// organisation: responders for their own and delegated organisations.
func (a *Actor) CanAnswerFor(orgID int64) bool {
	return a.Is(RoleResponder) && slices.Contains(a.OrgIDs, orgID)
}

// CanSignOffFor reports whether the actor may sign off risk acceptances for
// the organisation: its data-security lead only.
func (a *Actor) CanSignOffFor(orgID int64) bool {
	return a.Is(RoleSecurityLead) && a.User.OrgID == orgID
}

// CanAuthorAlerts reports whether the actor may write and publish alerts.
func (a *Actor) CanAuthorAlerts() bool { return a.Is(RoleAnalyst) }

// CanManageDirectory reports whether the actor may change organisations,
// regions, users and delegations.
func (a *Actor) CanManageDirectory() bool { return a.Is(RoleAnalyst) }
