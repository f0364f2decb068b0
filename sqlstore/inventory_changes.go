package sqlstore

import (
	"context"
	"strings"
	"time"

	"rollcall"
)

// changeLockID is the PostgreSQL transaction advisory lock writers of
// inventory_changes hold from their insert to their commit, so that change
// ids commit in the order they were assigned and a follower that has read
// up to id n never later finds a smaller one.
const changeLockID = 0x726f6c6c63686e67 // "rollchng"

// changeKeep is how long change rows are kept for followers.
const changeKeep = 24 * time.Hour

// recordChanges notes, at the end of a write transaction, that the hosts
// were saved or retired, and prunes change rows older than changeKeep.
func recordChanges(ctx context.Context, c conn, hostIDs []int64, now time.Time) error {
	if len(hostIDs) == 0 {
		return nil
	}
	if c.dialect == Postgres {
		if _, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(changeLockID)); err != nil {
			return err
		}
	}
	for start := 0; start < len(hostIDs); start += pvBatch {
		batch := hostIDs[start:min(start+pvBatch, len(hostIDs))]
		var b strings.Builder
		b.WriteString(`INSERT INTO inventory_changes (host_id, created_at) VALUES `)
		args := make([]any, 0, 2*len(batch))
		for i, id := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			args = append(args, id, millis(now))
		}
		if _, err := c.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	_, err := c.exec(ctx, `DELETE FROM inventory_changes WHERE created_at < ?`, millis(now.Add(-changeKeep)))
	return err
}

// LatestInventoryChange returns the id of the newest change committed, 0
// when there is none: where a replica that loads now starts following.
func (db *DB) LatestInventoryChange(ctx context.Context) (int64, error) {
	var id int64
	err := db.read().queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM inventory_changes`).Scan(&id)
	return id, err
}

// InventoryChanges returns up to limit changes committed after the change
// afterID, in commit order: each names a host saved or retired.
func (db *DB) InventoryChanges(ctx context.Context, afterID int64, limit int) ([]rollcall.InventoryChange, error) {
	rows, err := db.read().query(ctx, `SELECT id, host_id FROM inventory_changes WHERE id > ? ORDER BY id`+page(db.dialect, limit, 0), afterID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.InventoryChange
	for rows.Next() {
		var ch rollcall.InventoryChange
		if err := rows.Scan(&ch.ID, &ch.HostID); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}
