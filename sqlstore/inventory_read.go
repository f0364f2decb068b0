package sqlstore

import (
	"context"
	"fmt"

	"rollcall"
)

// readHosts runs a query selecting inventory_hosts' columns (id, org_id,
// source, name, os_name, os_version, os_build, items, collected_at) and
// returns the hosts with their rows named.
func readHosts(ctx context.Context, c conn, query string, args ...any) ([]rollcall.InventoryHost, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []rollcall.InventoryHost
	var packed [][]byte
	for rows.Next() {
		var h rollcall.InventoryHost
		var b []byte
		if err := rows.Scan(&h.ID, &h.OrgID, &h.Source, &h.Name, &h.OSName, &h.OSVersion, &h.OSBuild, &b, timeAt(&h.CollectedAt)); err != nil {
			rows.Close()
			return nil, err
		}
		out, packed = append(out, h), append(packed, b)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var all []int64
	lists := make([][]int64, len(packed))
	for i, b := range packed {
		if lists[i], err = unpackIDs(b); err != nil {
			return nil, fmt.Errorf("inventory host %d: %w", out[i].ID, err)
		}
		all = append(all, lists[i]...)
	}
	names, err := productVersions(ctx, c, all)
	if err != nil {
		return nil, err
	}
	for i, list := range lists {
		out[i].Items = make([]rollcall.ProductVersion, 0, len(list))
		for _, id := range list {
			out[i].Items = append(out[i].Items, names[id])
		}
	}
	return out, nil
}

// InventoryHostsByID returns the hosts with the given ids, with their
// rows, ordered by name; ids that do not exist are left out.
func (db *DB) InventoryHostsByID(ctx context.Context, ids []int64) ([]rollcall.InventoryHost, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []rollcall.InventoryHost
	err := db.inReadTx(ctx, func(c conn) error {
		cond, arg := inInts(c.dialect, "id", ids)
		var err error
		out, err = readHosts(ctx, c, `SELECT id, org_id, source, name, os_name, os_version, os_build, items, collected_at
			FROM inventory_hosts WHERE `+cond+` ORDER BY name, source, id`, arg)
		return err
	})
	return out, err
}

// InventoryAges returns, for every organisation with an inventory, how
// many hosts it has and when its newest and oldest snapshots came.
func (db *DB) InventoryAges(ctx context.Context) ([]rollcall.InventoryAge, error) {
	var out []rollcall.InventoryAge
	err := db.inReadTx(ctx, func(c conn) error {
		rows, err := c.query(ctx, `SELECT org_id, COUNT(*), MIN(collected_at), MAX(collected_at)
			FROM inventory_hosts GROUP BY org_id ORDER BY org_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a rollcall.InventoryAge
			if err := rows.Scan(&a.OrgID, &a.Hosts, timeAt(&a.Oldest), timeAt(&a.Latest)); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}
