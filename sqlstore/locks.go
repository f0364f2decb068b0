package sqlstore

import (
	"context"
	"time"
)

// TryLock takes the named lease until the time given, if nobody holds it
// at now; it reports whether it did. One statement, so on several replicas
// one wins. A holder that dies leaves the lease to run out.
func (db *DB) TryLock(ctx context.Context, name string, now, until time.Time) (bool, error) {
	var n int64
	err := db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `INSERT INTO locks (name, held_until) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET held_until = excluded.held_until WHERE locks.held_until <= ?`,
			name, millis(stored(until)), millis(stored(now)))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// Unlock gives the named lease up.
func (db *DB) Unlock(ctx context.Context, name string) error {
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE locks SET held_until = 0 WHERE name = ?`, name)
		return err
	})
}
