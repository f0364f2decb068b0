package service

import (
	"context"
	"time"

	"rollcall"
)

// Accounts keeps users, their passwords, API tokens and sessions.
type Accounts struct {
	env
	store AccountStore
}

// AccountStore is what accounts need from storage. Errors are as Store says.
type AccountStore interface {
	CreateUser(ctx context.Context, u *rollcall.User) error
	UpdateUser(ctx context.Context, u *rollcall.User) error
	FindUserByID(ctx context.Context, id int64) (*rollcall.User, error)
	FindUserByEmail(ctx context.Context, email string) (*rollcall.User, error)
	CreateAPIToken(ctx context.Context, t *rollcall.APIToken) error
	FindAPITokenByHash(ctx context.Context, hash string) (*rollcall.APIToken, error)
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error
	ListAPITokens(ctx context.Context, userID int64) ([]rollcall.APIToken, error)
	DeleteAPIToken(ctx context.Context, userID, id int64) error
	FindOrganisationByID(ctx context.Context, id int64) (*rollcall.Organisation, error)
	// ListDelegations lists delegations where the agent is agentOrgID, or
	// the organisation answered for is orgID (zero matches any).
	ListDelegations(ctx context.Context, agentOrgID, orgID int64) ([]rollcall.Delegation, error)
	// Sessions, in the shape of an scs.Store (expiry in the data's hands).
	SessionFind(ctx context.Context, token string, now time.Time) (data []byte, found bool, err error)
	SessionCommit(ctx context.Context, token string, data []byte, expiry time.Time) error
	SessionDelete(ctx context.Context, token string) error
	SessionDeleteExpired(ctx context.Context, now time.Time) error
}
