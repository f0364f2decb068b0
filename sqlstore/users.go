package sqlstore

import (
	"context"
	"strings"
	"time"

	"rollcall"
)

const userColumns = `id, email, name, role, org_id, region_id, password_hash, disabled, created_at`

func scanUser(s scanner, u *rollcall.User) error {
	return s.Scan(&u.ID, &u.Email, &u.Name, &u.Role, idAt(&u.OrgID), idAt(&u.RegionID), &u.PasswordHash, &u.Disabled, timeAt(&u.CreatedAt))
}

// CreateUser saves a new user and assigns u.ID (and u.CreatedAt if zero).
// The email is kept in lower case. ECONFLICT if the email is taken;
// EINVALID if the organisation or region does not exist.
func (db *DB) CreateUser(ctx context.Context, u *rollcall.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.CreatedAt = nowIfZero(u.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		if err := checkUserRefs(ctx, c, u); err != nil {
			return err
		}
		err := c.queryRow(ctx, `
			INSERT INTO users (email, name, role, org_id, region_id, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, string(u.Role), nullID(u.OrgID), nullID(u.RegionID), u.PasswordHash, u.Disabled, millis(u.CreatedAt),
		).Scan(&u.ID)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "A user with email %s already exists.", u.Email)
		}
		return err
	})
}

// UpdateUser saves a user's fields (not the creation time). ENOTFOUND if
// there is no such user; ECONFLICT if the new email is taken.
func (db *DB) UpdateUser(ctx context.Context, u *rollcall.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	return db.inTx(ctx, func(c conn) error {
		if err := checkUserRefs(ctx, c, u); err != nil {
			return err
		}
		res, err := c.exec(ctx, `
			UPDATE users SET email = ?, name = ?, role = ?, org_id = ?, region_id = ?, password_hash = ?, disabled = ?
			WHERE id = ?`,
			u.Email, u.Name, string(u.Role), nullID(u.OrgID), nullID(u.RegionID), u.PasswordHash, u.Disabled, u.ID)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "A user with email %s already exists.", u.Email)
		} else if err != nil {
			return err
		}
		if err := mustAffect(res, "User %d not found.", u.ID); err != nil {
			return err
		}
		return c.queryRow(ctx, `SELECT created_at FROM users WHERE id = ?`, u.ID).Scan(timeAt(&u.CreatedAt))
	})
}

func checkUserRefs(ctx context.Context, c conn, u *rollcall.User) error {
	if u.OrgID != 0 {
		if ok, err := exists(ctx, c, `SELECT 1 FROM organisations WHERE id = ?`, u.OrgID); err != nil {
			return err
		} else if !ok {
			return rollcall.FieldError("org", "Organisation %d does not exist.", u.OrgID)
		}
	}
	if u.RegionID != 0 {
		if ok, err := exists(ctx, c, `SELECT 1 FROM regions WHERE id = ?`, u.RegionID); err != nil {
			return err
		} else if !ok {
			return rollcall.FieldError("region", "Region %d does not exist.", u.RegionID)
		}
	}
	return nil
}

// FindUserByID returns a user; ENOTFOUND if there is none.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*rollcall.User, error) {
	var u rollcall.User
	if err := scanUser(db.read().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id), &u); err != nil {
		return nil, notFound(err, "User %d not found.", id)
	}
	return &u, nil
}

// FindUserByEmail returns a user by email, ignoring case; ENOTFOUND if
// there is none.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*rollcall.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var u rollcall.User
	if err := scanUser(db.read().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email), &u); err != nil {
		return nil, notFound(err, "No user has the email %s.", email)
	}
	return &u, nil
}

// ListUsers lists users by name: of an organisation, of a region, with a
// role; zero values match any.
func (db *DB) ListUsers(ctx context.Context, orgID, regionID int64, role rollcall.Role) ([]rollcall.User, error) {
	var w where
	if orgID != 0 {
		w.add("org_id = ?", orgID)
	}
	if regionID != 0 {
		w.add("region_id = ?", regionID)
	}
	if role != "" {
		w.add("role = ?", string(role))
	}
	rows, err := db.read().query(ctx, `SELECT `+userColumns+` FROM users`+w.String()+` ORDER BY name, id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.User
	for rows.Next() {
		var u rollcall.User
		if err := scanUser(rows, &u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

const tokenColumns = `id, user_id, name, hash, created_at, last_used_at`

func scanToken(s scanner, t *rollcall.APIToken) error {
	return s.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, timeAt(&t.CreatedAt), timeAt(&t.LastUsedAt))
}

// CreateAPIToken saves a token (its hash only) and assigns t.ID.
// EINVALID if the user does not exist; ECONFLICT if the hash is taken.
func (db *DB) CreateAPIToken(ctx context.Context, t *rollcall.APIToken) error {
	t.CreatedAt = nowIfZero(t.CreatedAt)
	t.LastUsedAt = stored(t.LastUsedAt)
	return db.inTx(ctx, func(c conn) error {
		if ok, err := exists(ctx, c, `SELECT 1 FROM users WHERE id = ?`, t.UserID); err != nil {
			return err
		} else if !ok {
			return rollcall.FieldError("user", "User %d does not exist.", t.UserID)
		}
		err := c.queryRow(ctx, `INSERT INTO api_tokens (user_id, name, hash, created_at, last_used_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			t.UserID, t.Name, t.Hash, millis(t.CreatedAt), millis(t.LastUsedAt)).Scan(&t.ID)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "That API token already exists.")
		}
		return err
	})
}

// FindAPITokenByHash returns the token with the hash; ENOTFOUND if none.
func (db *DB) FindAPITokenByHash(ctx context.Context, hash string) (*rollcall.APIToken, error) {
	var t rollcall.APIToken
	if err := scanToken(db.read().queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = ?`, hash), &t); err != nil {
		return nil, notFound(err, "API token not found.")
	}
	return &t, nil
}

// TouchAPIToken records when a token was last used; ENOTFOUND if there is
// no such token.
func (db *DB) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, millis(at), id)
		if err != nil {
			return err
		}
		return mustAffect(res, "API token %d not found.", id)
	})
}

// ListAPITokens lists a user's tokens, oldest first.
func (db *DB) ListAPITokens(ctx context.Context, userID int64) ([]rollcall.APIToken, error) {
	rows, err := db.read().query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.APIToken
	for rows.Next() {
		var t rollcall.APIToken
		if err := scanToken(rows, &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteAPIToken deletes one of a user's tokens; ENOTFOUND if the user has
// no such token.
func (db *DB) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return err
		}
		return mustAffect(res, "API token %d not found.", id)
	})
}
