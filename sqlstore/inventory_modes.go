package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"rollcall"
)

// mergeParts completes a partial upload's host with what is saved of it:
// the saved rows of the parts it does not describe, and the saved
// operating system when it does not describe that.
func mergeParts(ctx context.Context, c conn, orgID int64, source string, h *rollcall.InventoryHost) error {
	var old rollcall.InventoryHost
	var packed []byte
	err := c.queryRow(ctx, `SELECT os_name, os_version, os_build, items FROM inventory_hosts
		WHERE org_id = ? AND source = ? AND host_key = ?`+forUpdate(c.dialect), orgID, source, rollcall.HostKey(h.Name)).
		Scan(&old.OSName, &old.OSVersion, &old.OSBuild, &packed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // a new host: what the upload says is all there is
	} else if err != nil {
		return err
	}
	list, err := unpackIDs(packed)
	if err != nil {
		return err
	}
	names, err := productVersions(ctx, c, slices.Clone(list))
	if err != nil {
		return err
	}
	merged := slices.Clone(h.Items)
	for _, id := range list {
		if pv := names[id]; !slices.Contains(h.Parts, rollcall.PartOf(pv)) {
			merged = append(merged, pv)
		}
	}
	h.Items = merged
	if !slices.Contains(h.Parts, rollcall.PartOS) {
		h.OSName, h.OSVersion, h.OSBuild = old.OSName, old.OSVersion, old.OSBuild
	}
	return nil
}

// retireUnnamed deletes the organisation's hosts from source that a
// snapshot did not name (kept), and returns their ids.
func retireUnnamed(ctx context.Context, c conn, orgID int64, source string, kept []int64) ([]int64, error) {
	rows, err := c.query(ctx, `SELECT id FROM inventory_hosts WHERE org_id = ? AND source = ? ORDER BY id`, orgID, source)
	if err != nil {
		return nil, err
	}
	keep := make(map[int64]bool, len(kept))
	for _, id := range kept {
		keep[id] = true
	}
	var gone []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		if !keep[id] {
			gone = append(gone, id)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for start := 0; start < len(gone); start += pvBatch {
		cond, arg := inInts(c.dialect, "id", gone[start:min(start+pvBatch, len(gone))])
		if _, err := c.exec(ctx, `DELETE FROM inventory_hosts WHERE `+cond, arg); err != nil {
			return nil, err
		}
	}
	return gone, nil
}

// RetireInventoryHost deletes one of an organisation's hosts, so that it
// leaves every count and the matcher; ENOTFOUND when the organisation has
// no such host. Retiring it again is ENOTFOUND too.
func (db *DB) RetireInventoryHost(ctx context.Context, orgID, hostID int64, now time.Time) error {
	return db.inRetryTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM inventory_hosts WHERE id = ? AND org_id = ?`, hostID, orgID)
		if err != nil {
			return err
		}
		if err := mustAffect(res, "Host %d is not in this organisation's inventory.", hostID); err != nil {
			return err
		}
		return recordChanges(ctx, c, []int64{hostID}, stored(now))
	})
}
