package sqlstore

import (
	"context"
	"fmt"

	"rollcall"
)

// scanChunk is how many hosts one read of ScanInventory takes: a short read
// transaction each, so a scan of millions of hosts never holds one open.
const scanChunk = 5000

// ScanInventory calls fn with every saved host, in id order, its rows
// named through the product-version dictionary. fn must not keep the
// host's Items slice: it is reused. The scan reads in short chunks, so
// hosts saved while it runs may or may not be seen; callers that keep an
// index current apply later uploads themselves.
func (db *DB) ScanInventory(ctx context.Context, fn func(h *rollcall.InventoryHost) error) error {
	dict := map[int64]rollcall.ProductVersion{}
	var after int64
	var h rollcall.InventoryHost
	var buf []rollcall.ProductVersion
	for {
		var chunk []rollcall.InventoryHost
		var packed [][]byte
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
			// Name the ids this chunk uses that the dictionary lacks: at
			// start it loads the dictionary in a few reads, then nothing.
			var missing []int64
			for _, b := range packed {
				ids, err := unpackIDs(b)
				if err != nil {
					return err
				}
				for _, id := range ids {
					if _, ok := dict[id]; !ok {
						missing = append(missing, id)
					}
				}
			}
			if len(missing) == 0 {
				return nil
			}
			more, err := productVersions(ctx, c, missing)
			for id, pv := range more {
				dict[id] = pv
			}
			return err
		})
		if err != nil {
			return err
		}
		for i := range chunk {
			ids, _ := unpackIDs(packed[i]) // checked above
			h = chunk[i]
			h.Items = buf[:0]
			for _, id := range ids {
				pv, ok := dict[id]
				if !ok {
					return fmt.Errorf("inventory host %d names product-version %d, which does not exist", h.ID, id)
				}
				h.Items = append(h.Items, pv)
			}
			buf = h.Items
			if err := fn(&h); err != nil {
				return err
			}
		}
		if len(chunk) < scanChunk {
			return nil
		}
		after = chunk[len(chunk)-1].ID
	}
}
