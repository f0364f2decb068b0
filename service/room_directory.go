package service

import (
	"context"
	"time"

	"rollcall"
)

// Directory keeps the directory: regions, organisations and delegations.
type Directory struct {
	env
	store DirectoryStore
}

// DirectoryStore is what the directory needs from storage. Errors are as Store says.
type DirectoryStore interface {
	CreateRegion(ctx context.Context, r *rollcall.Region) error
	ListRegions(ctx context.Context) ([]rollcall.Region, error)
	// CreateOrganisation assigns o.ID and o.CreatedAt.
	CreateOrganisation(ctx context.Context, o *rollcall.Organisation) error
	UpdateOrganisation(ctx context.Context, o *rollcall.Organisation) error
	// ImportOrganisations creates or updates (by code) every organisation
	// given, or none; it returns how many were created and updated.
	ImportOrganisations(ctx context.Context, orgs []*rollcall.Organisation, now time.Time) (created, updated int, err error)
	FindOrganisationByID(ctx context.Context, id int64) (*rollcall.Organisation, error)
	FindOrganisationByCode(ctx context.Context, code string) (*rollcall.Organisation, error)
	// ListOrganisations returns a page of organisations ordered by name,
	// and the total that match.
	ListOrganisations(ctx context.Context, f rollcall.OrgFilter) ([]rollcall.Organisation, int, error)
	CreateDelegation(ctx context.Context, d *rollcall.Delegation) error
	DeleteDelegation(ctx context.Context, agentOrgID, orgID int64) error
	// ListDelegations lists delegations where the agent is agentOrgID, or
	// the organisation answered for is orgID (zero matches any).
	ListDelegations(ctx context.Context, agentOrgID, orgID int64) ([]rollcall.Delegation, error)
	FindUserByID(ctx context.Context, id int64) (*rollcall.User, error)
	// ListUsers lists users of an organisation (orgID), of a region's
	// coordinators (regionID), or with a role; zero values match any.
	ListUsers(ctx context.Context, orgID, regionID int64, role rollcall.Role) ([]rollcall.User, error)
}
