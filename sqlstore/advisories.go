package sqlstore

import (
	"context"
	"strings"
	"time"

	"rollcall"
)

// ImportAdvisories saves a batch of advisories from one source in one
// transaction: new records are added (revision 1), records whose content
// changed are updated (revision + 1), the rest are left alone. It returns
// the three counts.
func (db *DB) ImportAdvisories(ctx context.Context, advs []*rollcall.Advisory, now time.Time) (added, changed, unchanged int, err error) {
	now = stored(now)
	err = db.inTx(ctx, func(c conn) error {
		added, changed, unchanged = 0, 0, 0
		type known struct {
			id       int64
			hash     string
			revision int
		}
		existing := map[string]known{}
		sources := map[string]bool{}
		for _, a := range advs {
			sources[a.Source] = true
		}
		for source := range sources {
			rows, err := c.query(ctx, `SELECT id, source_id, content_hash, revision FROM advisories WHERE source = ?`, source)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k known
				var sid string
				if err := rows.Scan(&k.id, &sid, &k.hash, &k.revision); err != nil {
					rows.Close()
					return err
				}
				existing[source+"\x00"+sid] = k
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		for _, a := range advs {
			if err := a.Validate(); err != nil {
				return err
			}
			hash := a.ContentHash()
			aliases, err := jsonText(a.Aliases)
			if err != nil {
				return err
			}
			affected, err := jsonText(a.Affected)
			if err != nil {
				return err
			}
			refs, err := jsonText(a.References)
			if err != nil {
				return err
			}
			facts, err := jsonText(a.Facts)
			if err != nil {
				return err
			}
			k, ok := existing[a.Source+"\x00"+a.SourceID]
			switch {
			case ok && k.hash == hash:
				a.ID, a.Revision = k.id, k.revision
				unchanged++
				continue
			case ok:
				a.ID, a.Revision, a.UpdatedAt = k.id, k.revision+1, now
				_, err = c.exec(ctx, `UPDATE advisories SET summary = ?, details = ?, published_at = ?, modified_at = ?,
						withdrawn_at = ?, aliases = ?, affected = ?, refs = ?, content_hash = ?, revision = ?, updated_at = ?, facts = ?,
						feed_id = COALESCE(feed_id, ?)
					WHERE id = ?`,
					a.Summary, a.Details, millis(a.Published), millis(a.Modified), millis(a.Withdrawn),
					aliases, affected, refs, hash, a.Revision, millis(now), facts, nullID(a.FeedID), a.ID)
				if err == nil {
					_, err = c.exec(ctx, `DELETE FROM advisory_aliases WHERE advisory_id = ?`, a.ID)
				}
				changed++
			default:
				a.Revision, a.ImportedAt, a.UpdatedAt = 1, now, now
				err = c.queryRow(ctx, `INSERT INTO advisories (source, source_id, summary, details, published_at, modified_at,
						withdrawn_at, aliases, affected, refs, content_hash, revision, imported_at, updated_at, facts, feed_id)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
					a.Source, a.SourceID, a.Summary, a.Details, millis(a.Published), millis(a.Modified), millis(a.Withdrawn),
					aliases, affected, refs, hash, a.Revision, millis(now), millis(now), facts, nullID(a.FeedID)).Scan(&a.ID)
				if isUniqueViolation(err) {
					return rollcall.Errorf(rollcall.ECONFLICT, "Advisory %s appears twice in one import.", a.SourceID)
				}
				existing[a.Source+"\x00"+a.SourceID] = known{id: a.ID, hash: hash, revision: 1}
				added++
			}
			if err != nil {
				return err
			}
			upper := make([]string, len(a.Aliases))
			for i, alias := range a.Aliases {
				upper[i] = strings.ToUpper(alias)
			}
			for _, alias := range uniqueStrings(upper) {
				if _, err := c.exec(ctx, `INSERT INTO advisory_aliases (advisory_id, alias) VALUES (?, ?)`, a.ID, alias); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, 0, err
	}
	return added, changed, unchanged, nil
}

const advisoryColumns = `id, source, source_id, summary, details, published_at, modified_at, withdrawn_at,
	aliases, affected, refs, revision, imported_at, updated_at, facts, feed_id`

func scanAdvisory(s scanner, a *rollcall.Advisory) error {
	return s.Scan(&a.ID, &a.Source, &a.SourceID, &a.Summary, &a.Details, timeAt(&a.Published), timeAt(&a.Modified),
		timeAt(&a.Withdrawn), jsonInto(&a.Aliases), jsonInto(&a.Affected), jsonInto(&a.References), &a.Revision,
		timeAt(&a.ImportedAt), timeAt(&a.UpdatedAt), jsonInto(&a.Facts), idAt(&a.FeedID))
}

// FindAdvisory returns one advisory by its source and identifier.
func (db *DB) FindAdvisory(ctx context.Context, source, sourceID string) (*rollcall.Advisory, error) {
	var a rollcall.Advisory
	err := scanAdvisory(db.read().queryRow(ctx, `SELECT `+advisoryColumns+` FROM advisories WHERE source = ? AND source_id = ?`,
		source, sourceID), &a)
	if err != nil {
		return nil, notFound(err, "Advisory %s not found.", sourceID)
	}
	return &a, nil
}

// ListAdvisories returns a page of the library, most recently changed
// first, and the total that match.
func (db *DB) ListAdvisories(ctx context.Context, f rollcall.AdvisoryFilter) ([]rollcall.Advisory, int, error) {
	var w where
	if f.Source != "" {
		w.add("source = ?", f.Source)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(upper(source_id) = ? OR id IN (SELECT advisory_id FROM advisory_aliases WHERE alias = ?) OR lower(summary) LIKE ? ESCAPE '\')`,
			strings.ToUpper(q), strings.ToUpper(q), likePattern(q))
	}
	var out []rollcall.Advisory
	var total int
	err := db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM advisories`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT `+advisoryColumns+` FROM advisories`+w.String()+
			` ORDER BY updated_at DESC, id DESC`+page(db.dialect, f.Limit, f.Offset), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a rollcall.Advisory
			if err := scanAdvisory(rows, &a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, total, err
}

func uniqueStrings(in []string) []string {
	seen := make(map[string]bool, len(in))
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// AdvisoryFeeds returns, for those of the identifiers given that a feed
// brought, the feed source's id and the hash of the content held.
func (db *DB) AdvisoryFeeds(ctx context.Context, source string, ids []string) (map[string]rollcall.AdvisoryFeed, error) {
	out := map[string]rollcall.AdvisoryFeed{}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.inReadTx(ctx, func(c conn) error {
		for start := 0; start < len(ids); start += 5000 {
			cond, arg := inStrings(c.dialect, "source_id", ids[start:min(start+5000, len(ids))])
			rows, err := c.query(ctx, `SELECT source_id, feed_id, content_hash FROM advisories WHERE source = ? AND feed_id IS NOT NULL AND `+cond, source, arg)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				var f rollcall.AdvisoryFeed
				if err := rows.Scan(&id, &f.FeedID, &f.ContentHash); err != nil {
					rows.Close()
					return err
				}
				out[id] = f
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
