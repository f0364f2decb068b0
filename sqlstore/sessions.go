package sqlstore

import (
	"context"
	"time"
)

// SessionFind returns a session's data if it exists and has not expired
// at now. A missing session is not an error: found is false.
func (db *DB) SessionFind(ctx context.Context, token string, now time.Time) ([]byte, bool, error) {
	rows, err := db.read().query(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`, token, now.UnixMilli())
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, false, rows.Err()
	}
	var data []byte
	if err := rows.Scan(&data); err != nil {
		return nil, false, err
	}
	return data, true, rows.Err()
}

// SessionCommit saves a session's data until expiry, replacing any.
func (db *DB) SessionCommit(ctx context.Context, token string, data []byte, expiry time.Time) error {
	if data == nil {
		data = []byte{}
	}
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
			token, data, expiry.UnixMilli())
		return err
	})
}

// SessionDelete ends a session; deleting a missing one is not an error.
func (db *DB) SessionDelete(ctx context.Context, token string) error {
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `DELETE FROM sessions WHERE token = ?`, token)
		return err
	})
}

// SessionDeleteExpired removes every session expired at now.
func (db *DB) SessionDeleteExpired(ctx context.Context, now time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `DELETE FROM sessions WHERE expiry <= ?`, now.UnixMilli())
		return err
	})
}
