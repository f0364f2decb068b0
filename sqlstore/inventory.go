package sqlstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"rollcall"
)

// ReplaceInventory saves hosts in rollcall.ModeReplace: SaveInventory
// without retiring any.
func (db *DB) ReplaceInventory(ctx context.Context, orgID int64, source string, hosts []*rollcall.InventoryHost, now time.Time) (int, int, error) {
	saved, err := db.SaveInventory(ctx, orgID, source, rollcall.ModeReplace, hosts, now)
	return saved.Hosts, saved.Rows, err
}

// SaveInventory saves an organisation's inventory from one source, all in
// one transaction: each host named replaces that source's host of the
// same name (by rollcall.HostKey, so ignoring case) — whole, or in
// rollcall.ModePartial only the parts it names, its other rows kept (and
// its Items set to the merged list). In rollcall.ModeSnapshot the source's
// hosts not named are retired. It returns the hosts saved, their rows and
// the ids of the hosts retired.
func (db *DB) SaveInventory(ctx context.Context, orgID int64, source string, mode rollcall.UploadMode, hosts []*rollcall.InventoryHost, now time.Time) (rollcall.InventorySaved, error) {
	now = stored(now)
	var out rollcall.InventorySaved
	var ids map[rollcall.ProductVersion]int64
	given := make([][]rollcall.ProductVersion, len(hosts))
	for i, h := range hosts {
		given[i] = h.Items
	}
	err := db.inRetryTx(ctx, func(c conn) error {
		out = rollcall.InventorySaved{}
		for i, h := range hosts {
			h.Items = given[i] // as sent, should this be a second attempt
			if mode == rollcall.ModePartial && len(h.Parts) > 0 {
				if err := mergeParts(ctx, c, orgID, source, h); err != nil {
					return err
				}
			}
		}
		var err error
		if ids, err = db.productVersionIDs(ctx, c, hosts); err != nil {
			return err
		}
		changed := make([]int64, 0, len(hosts))
		for _, h := range hosts {
			list := make([]int64, 0, len(h.Items))
			for _, pv := range h.Items {
				list = append(list, ids[pv])
			}
			packed, n := packIDs(list)
			h.OrgID, h.Source, h.CollectedAt = orgID, source, now
			err := c.queryRow(ctx, `INSERT INTO inventory_hosts (org_id, source, name, host_key, os_name, os_version, os_build, items, item_count, collected_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (org_id, source, host_key) DO UPDATE SET name = excluded.name, os_name = excluded.os_name, os_version = excluded.os_version,
					os_build = excluded.os_build, items = excluded.items, item_count = excluded.item_count, collected_at = excluded.collected_at
				RETURNING id`,
				orgID, source, h.Name, rollcall.HostKey(h.Name), h.OSName, h.OSVersion, h.OSBuild, packed, n, millis(now)).Scan(&h.ID)
			if isForeignKeyViolation(err) {
				return rollcall.FieldError("org", "Organisation %d does not exist.", orgID)
			} else if err != nil {
				return err
			}
			out.Rows += n
			changed = append(changed, h.ID)
		}
		out.Hosts = len(hosts)
		if mode == rollcall.ModeSnapshot {
			if out.Retired, err = retireUnnamed(ctx, c, orgID, source, changed); err != nil {
				return err
			}
			changed = append(changed, out.Retired...)
		}
		return recordChanges(ctx, c, changed, now)
	})
	if err != nil {
		return rollcall.InventorySaved{}, err
	}
	db.pvIDs.addAll(ids) // committed: the ids are now for ever
	return out, nil
}

// pvBatch is how many product-versions one upsert statement carries: 500
// rows of 2 values stays far below both engines' limits on parameters.
const pvBatch = 500

// productVersionIDs returns the ids of every product-version the hosts
// hold, inserting those that are new. They are upserted sorted, so that two
// uploads that share new product-versions lock their rows in the same
// order and cannot deadlock on PostgreSQL, whatever order the files list
// them in.
func (db *DB) productVersionIDs(ctx context.Context, c conn, hosts []*rollcall.InventoryHost) (map[rollcall.ProductVersion]int64, error) {
	ids := map[rollcall.ProductVersion]int64{}
	var missing []rollcall.ProductVersion
	for _, h := range hosts {
		for _, pv := range h.Items {
			if _, ok := ids[pv]; ok {
				continue
			}
			id, _ := db.pvIDs.get(pv) // 0 until known
			ids[pv] = id
			if id == 0 {
				missing = append(missing, pv)
			}
		}
	}
	slices.SortFunc(missing, func(a, b rollcall.ProductVersion) int {
		if c := strings.Compare(a.Product, b.Product); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	for start := 0; start < len(missing); start += pvBatch {
		batch := missing[start:min(start+pvBatch, len(missing))]
		var b strings.Builder
		b.WriteString(`INSERT INTO product_versions (product, version) VALUES `)
		args := make([]any, 0, 2*len(batch))
		for i, pv := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			args = append(args, pv.Product, pv.Version)
		}
		// An upsert that returns the id whether the pair is new or known.
		b.WriteString(` ON CONFLICT (product, version) DO UPDATE SET product = excluded.product RETURNING id, product, version`)
		rows, err := c.query(ctx, b.String(), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var pv rollcall.ProductVersion
			if err := rows.Scan(&id, &pv.Product, &pv.Version); err != nil {
				rows.Close()
				return nil, err
			}
			ids[pv] = id
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// pvCache maps product-versions to their ids, filled only after commit.
type pvCache struct {
	mu  sync.RWMutex
	ids map[rollcall.ProductVersion]int64
}

func (c *pvCache) get(pv rollcall.ProductVersion) (int64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := c.ids[pv]
	return id, ok
}

func (c *pvCache) addAll(ids map[rollcall.ProductVersion]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = make(map[rollcall.ProductVersion]int64, len(ids))
	}
	for pv, id := range ids {
		c.ids[pv] = id
	}
}

// ListInventoryHosts returns a page of an organisation's hosts, by name,
// with their rows, and the total.
func (db *DB) ListInventoryHosts(ctx context.Context, orgID int64, limit, offset int) ([]rollcall.InventoryHost, int, error) {
	var out []rollcall.InventoryHost
	var total int
	err := db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM inventory_hosts WHERE org_id = ?`, orgID).Scan(&total); err != nil {
			return err
		}
		var err error
		out, err = readHosts(ctx, c, `SELECT id, org_id, source, name, os_name, os_version, os_build, items, collected_at
			FROM inventory_hosts WHERE org_id = ? ORDER BY name, source, id`+page(db.dialect, limit, offset), orgID)
		return err
	})
	return out, total, err
}

// InventorySummary says how many hosts and rows an organisation's
// inventory holds, from which sources, and how old it is.
func (db *DB) InventorySummary(ctx context.Context, orgID int64) (rollcall.InventorySummary, error) {
	var s rollcall.InventorySummary
	err := db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(item_count), 0), MIN(collected_at), MAX(collected_at)
			FROM inventory_hosts WHERE org_id = ?`, orgID).Scan(&s.Hosts, &s.Rows, timeAt(&s.Oldest), timeAt(&s.Latest)); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT DISTINCT source FROM inventory_hosts WHERE org_id = ? ORDER BY source`, orgID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var src string
			if err := rows.Scan(&src); err != nil {
				return err
			}
			s.Sources = append(s.Sources, src)
		}
		return rows.Err()
	})
	return s, err
}

// productVersions names the product-versions with the ids given.
func productVersions(ctx context.Context, c conn, ids []int64) (map[int64]rollcall.ProductVersion, error) {
	out := make(map[int64]rollcall.ProductVersion, len(ids))
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for start := 0; start < len(ids); start += 5000 {
		chunk := ids[start:min(start+5000, len(ids))]
		cond, arg := inInts(c.dialect, "id", chunk)
		rows, err := c.query(ctx, `SELECT id, product, version FROM product_versions WHERE `+cond, arg)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var pv rollcall.ProductVersion
			if err := rows.Scan(&id, &pv.Product, &pv.Version); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = pv
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// packIDs writes a host's product-version ids sorted, without repeats, as
// delta-encoded unsigned varints: about two bytes a row.
func packIDs(ids []int64) ([]byte, int) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	buf := make([]byte, 0, len(ids)*3)
	var prev int64
	for _, id := range ids {
		buf = binary.AppendUvarint(buf, uint64(id-prev))
		prev = id
	}
	return buf, len(ids)
}

// appendUnpacked appends what packIDs wrote, already checked by
// unpackIDs, to ids.
func appendUnpacked(ids []int64, b []byte) []int64 {
	var prev int64
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			return ids
		}
		prev += int64(d)
		ids = append(ids, prev)
		b = b[n:]
	}
	return ids
}

// unpackIDs reads what packIDs wrote.
func unpackIDs(b []byte) ([]int64, error) {
	var out []int64
	var prev int64
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, fmt.Errorf("corrupt packed ids")
		}
		prev += int64(d)
		out = append(out, prev)
		b = b[n:]
	}
	return out, nil
}
