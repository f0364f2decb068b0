package sqlstore

import (
	"context"
	"fmt"

	"rollcall"
)

// scanChunk is how many hosts one read of ScanInventory takes: a short read
// transaction each, so a scan of millions of hosts never holds one open.
const scanChunk = 5000

// ScanInventory reads every saved host, in id order, as the dictionary
// encodes it: name is called once for each product-version id, with the
// product and version it stands for, before the first host that uses it;
// fn is called with each host (Items left empty) and its rows' ids. Neither
// may keep the slices they are given: they are reused. Handing out ids
// rather than strings lets a loader resolve each distinct product-version
// once, not once per row (the estate is 300 million rows over some
// hundreds of thousands of product-versions).
//
// The scan reads in short chunks, so hosts saved while it runs may or may
// not be seen; callers that keep an index current apply later uploads
// themselves.
func (db *DB) ScanInventory(ctx context.Context, name func(id int64, pv rollcall.ProductVersion) error,
	fn func(h *rollcall.InventoryHost, ids []int64) error) error {
	var named []bool // by product-version id
	isNamed := func(id int64) bool { return id < int64(len(named)) && named[id] }
	var after int64
	var ids []int64
	for {
		var chunk []rollcall.InventoryHost
		var packed [][]byte
		var more map[int64]rollcall.ProductVersion
		err := db.inReadTx(ctx, func(c conn) error {
			rows, err := c.query(ctx, `SELECT id, org_id, source, name, os_name, os_version, os_build, items, collected_at
				FROM inventory_hosts WHERE id > ? ORDER BY id`+page(db.dialect, scanChunk, 0), after)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var x rollcall.InventoryHost
				var b []byte
				if err := rows.Scan(&x.ID, &x.OrgID, &x.Source, &x.Name, &x.OSName, &x.OSVersion, &x.OSBuild, &b, timeAt(&x.CollectedAt)); err != nil {
					return err
				}
				chunk, packed = append(chunk, x), append(packed, b)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			// Name the ids this chunk uses that are not named yet: at
			// start it reads the dictionary in a few queries, then little.
			var missing []int64
			for _, b := range packed {
				list, err := unpackIDs(b)
				if err != nil {
					return err
				}
				for _, id := range list {
					if !isNamed(id) {
						missing = append(missing, id)
					}
				}
			}
			if len(missing) == 0 {
				return nil
			}
			more, err = productVersions(ctx, c, missing)
			return err
		})
		if err != nil {
			return err
		}
		for id, pv := range more {
			if id < 0 || id > 1<<31 {
				return fmt.Errorf("product-version id %d is out of the range a scan can index", id)
			}
			for int64(len(named)) <= id {
				named = append(named, false)
			}
			named[id] = true
			if err := name(id, pv); err != nil {
				return err
			}
		}
		for i := range chunk {
			ids = appendUnpacked(ids[:0], packed[i]) // checked above
			for _, id := range ids {
				if !isNamed(id) {
					return fmt.Errorf("inventory host %d names product-version %d, which does not exist", chunk[i].ID, id)
				}
			}
			if err := fn(&chunk[i], ids); err != nil {
				return err
			}
		}
		if len(chunk) < scanChunk {
			return nil
		}
		after = chunk[len(chunk)-1].ID
	}
}
