package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"rollcall"
)

// Authenticate checks an email and password and returns the user. Any
// failure is the same EUNAUTHORIZED, so the answer does not tell whether
// the email exists.
func (s *Accounts) Authenticate(ctx context.Context, email, password string) (*rollcall.User, error) {
	wrong := rollcall.Errorf(rollcall.EUNAUTHORIZED, "The email address or password is wrong.")
	u, err := s.store.FindUserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
		VerifyPassword(dummyHash(), password)
		return nil, wrong
	} else if err != nil {
		return nil, err
	}
	if u.Disabled || u.PasswordHash == "" {
		VerifyPassword(dummyHash(), password)
		return nil, wrong
	}
	if !VerifyPassword(u.PasswordHash, password) {
		return nil, wrong
	}
	return u, nil
}

// ActorFor loads a user and resolves what they answer for: their own
// organisation and every organisation delegated to it.
func (s *Accounts) ActorFor(ctx context.Context, userID int64) (*rollcall.Actor, error) {
	u, err := s.store.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, rollcall.Errorf(rollcall.EUNAUTHORIZED, "This account is disabled.")
	}
	a := &rollcall.Actor{User: *u}
	if u.OrgID != 0 {
		a.OrgIDs = []int64{u.OrgID}
		if u.Role == rollcall.RoleResponder {
			ds, err := s.store.ListDelegations(ctx, u.OrgID, 0)
			if err != nil {
				return nil, err
			}
			for _, d := range ds {
				a.OrgIDs = append(a.OrgIDs, d.OrgID)
			}
		}
	}
	return a, nil
}

// tokenUseEvery is how stale a token's recorded last use may be.
const tokenUseEvery = time.Minute

// tokenPrefix marks Rollcall API tokens, so secret scanners can find leaks.
const tokenPrefix = "rct_"

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ActorForToken resolves an API token's secret to the actor it stands for.
func (s *Accounts) ActorForToken(ctx context.Context, secret string) (*rollcall.Actor, error) {
	bad := rollcall.Errorf(rollcall.EUNAUTHORIZED, "The API token is not valid.")
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 200 {
		return nil, bad
	}
	t, err := s.store.FindAPITokenByHash(ctx, hashToken(secret))
	if rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
		return nil, bad
	} else if err != nil {
		return nil, err
	}
	a, err := s.ActorFor(ctx, t.UserID)
	if rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
		return nil, bad
	} else if err != nil {
		return nil, err
	}
	// Last use is written at most once a minute a token: a write on every
	// call would queue every API read behind SQLite's one writer.
	if now := s.clock.Now(); now.Sub(t.LastUsedAt) >= tokenUseEvery {
		if err := s.store.TouchAPIToken(ctx, t.ID, now); err != nil {
			s.log.Warn("recording token use", "token", t.ID, "err", err)
		}
	}
	return a, nil
}

// CreateAPIToken makes a new token for a user and returns its secret, which
// is shown once and never stored. Users make tokens for themselves; the
// operator for anyone.
func (s *Accounts) CreateAPIToken(ctx context.Context, actor *rollcall.Actor, userID int64, name string) (string, *rollcall.APIToken, error) {
	if err := requireActor(actor); err != nil {
		return "", nil, err
	}
	// The operator (ID 0, from the command line) may issue for anyone; a
	// token reads and writes exactly as its user does.
	if actor.User.ID != userID && actor.User.ID != 0 {
		return "", nil, forbidden("make API tokens for another user")
	}
	if _, err := s.store.FindUserByID(ctx, userID); err != nil {
		return "", nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API token"
	}
	if len(name) > 100 {
		return "", nil, rollcall.FieldError("name", "A token name must be at most 100 characters.")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t := &rollcall.APIToken{UserID: userID, Name: name, Hash: hashToken(secret), CreatedAt: s.clock.Now()}
	if err := s.store.CreateAPIToken(ctx, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// ListAPITokens lists the caller's own tokens.
func (s *Accounts) ListAPITokens(ctx context.Context, actor *rollcall.Actor) ([]rollcall.APIToken, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	return s.store.ListAPITokens(ctx, actor.User.ID)
}

// RevokeAPIToken deletes one of the caller's own tokens.
func (s *Accounts) RevokeAPIToken(ctx context.Context, actor *rollcall.Actor, id int64) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	return s.store.DeleteAPIToken(ctx, actor.User.ID, id)
}

// CreateUser adds a user with a password (empty: cannot sign in until one
// is set). Analysts, and the operator, manage users.
func (s *Accounts) CreateUser(ctx context.Context, actor *rollcall.Actor, u *rollcall.User, password string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanManageDirectory() {
		return forbidden("manage users")
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if u.OrgID != 0 {
		if _, err := s.store.FindOrganisationByID(ctx, u.OrgID); rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
			return rollcall.FieldError("org", "Organisation %d does not exist.", u.OrgID)
		} else if err != nil {
			return err
		}
	}
	if password != "" {
		h, err := HashPassword(password)
		if err != nil {
			return err
		}
		u.PasswordHash = h
	}
	u.CreatedAt = s.clock.Now()
	return s.store.CreateUser(ctx, u)
}

// SetPassword changes a user's password: their own, or anyone's for an
// analyst or the operator.
func (s *Accounts) SetPassword(ctx context.Context, actor *rollcall.Actor, userID int64, password string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if actor.User.ID != userID && !actor.CanManageDirectory() {
		return forbidden("change another user's password")
	}
	u, err := s.store.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = h
	return s.store.UpdateUser(ctx, u)
}

// FindUserByEmail finds a user by email; for the operator's commands and
// analysts.
func (s *Accounts) FindUserByEmail(ctx context.Context, actor *rollcall.Actor, email string) (*rollcall.User, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) && !strings.EqualFold(actor.User.Email, email) {
		return nil, forbidden("look up other users")
	}
	return s.store.FindUserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
}

// GetUser returns a user the actor may see: themselves, anyone for the
// centre, their organisation's people for organisation staff, and their
// region's people for coordinators.
func (s *Accounts) GetUser(ctx context.Context, actor *rollcall.Actor, id int64) (*rollcall.User, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.ID == actor.User.ID || actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return u, nil
	}
	if u.OrgID != 0 {
		if o, err := s.store.FindOrganisationByID(ctx, u.OrgID); err == nil && actor.CanSeeOrg(o) {
			return u, nil
		}
	}
	return nil, rollcall.Errorf(rollcall.ENOTFOUND, "User %d not found.", id)
}
