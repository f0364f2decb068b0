package sqlstore

import (
	"context"
	"time"

	"rollcall"
)

const sourceColumns = `s.id, s.name, s.kind, s.location, s.enabled, s.every_ms, s.next_run_at, s.created_at`

func scanSource(sc scanner, s *rollcall.Source) error {
	var everyMs int64
	err := sc.Scan(&s.ID, &s.Name, &s.Kind, &s.Location, &s.Enabled, &everyMs, timeAt(&s.NextRunAt), timeAt(&s.CreatedAt))
	s.Every = time.Duration(everyMs) * time.Millisecond
	return err
}

// CreateSource saves a new source, due at once. ECONFLICT if a source of
// the same kind already reads that location.
func (db *DB) CreateSource(ctx context.Context, s *rollcall.Source, now time.Time) error {
	now = stored(now)
	s.CreatedAt, s.NextRunAt = now, now
	return db.inTx(ctx, func(c conn) error {
		err := c.queryRow(ctx, `INSERT INTO sources (name, kind, location, enabled, every_ms, next_run_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			s.Name, string(s.Kind), s.Location, s.Enabled, s.Every.Milliseconds(), millis(now), millis(now)).Scan(&s.ID)
		if isUniqueViolation(err) {
			return rollcall.FieldError("location", "A %s source already reads %s.", s.Kind, s.Location)
		}
		return err
	})
}

// UpdateSource changes a source's name, location, schedule and whether it
// is enabled. ENOTFOUND if there is none.
func (db *DB) UpdateSource(ctx context.Context, s *rollcall.Source) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE sources SET name = ?, kind = ?, location = ?, enabled = ?, every_ms = ? WHERE id = ?`,
			s.Name, string(s.Kind), s.Location, s.Enabled, s.Every.Milliseconds(), s.ID)
		if isUniqueViolation(err) {
			return rollcall.FieldError("location", "A %s source already reads %s.", s.Kind, s.Location)
		} else if err != nil {
			return err
		}
		return mustAffect(res, "Source %d not found.", s.ID)
	})
}

// FindSource returns one source with its last run.
func (db *DB) FindSource(ctx context.Context, id int64) (*rollcall.Source, error) {
	list, err := db.listSources(ctx, "WHERE s.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, rollcall.Errorf(rollcall.ENOTFOUND, "Source %d not found.", id)
	}
	return &list[0], nil
}

// ListSources returns every source by name, each with its last run.
func (db *DB) ListSources(ctx context.Context) ([]rollcall.Source, error) {
	return db.listSources(ctx, "")
}

func (db *DB) listSources(ctx context.Context, cond string, args ...any) ([]rollcall.Source, error) {
	var out []rollcall.Source
	err := db.inReadTx(ctx, func(c conn) error {
		rows, err := c.query(ctx, `SELECT `+sourceColumns+`,
				r.started_at, r.finished_at, r.status, r.documents, r.added, r.changed, r.unchanged, r.refused, r.errors
			FROM sources s LEFT JOIN source_runs r ON r.source_id = s.id
				AND r.id = (SELECT MAX(id) FROM source_runs WHERE source_id = s.id) `+cond+`
			ORDER BY s.name, s.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s rollcall.Source
			var started, finished *int64
			var status *string
			var docs, added, changed, unchanged, refused *int
			var errs *string
			var everyMs int64
			if err := rows.Scan(&s.ID, &s.Name, &s.Kind, &s.Location, &s.Enabled, &everyMs, timeAt(&s.NextRunAt), timeAt(&s.CreatedAt),
				&started, &finished, &status, &docs, &added, &changed, &unchanged, &refused, &errs); err != nil {
				return err
			}
			s.Every = time.Duration(everyMs) * time.Millisecond
			if started != nil {
				r := &rollcall.SourceRun{SourceID: s.ID, StartedAt: time.UnixMilli(*started).UTC(), FinishedAt: time.UnixMilli(*finished).UTC(),
					Status: *status, Documents: *docs, Added: *added, Changed: *changed, Unchanged: *unchanged, Refused: *refused}
				if err := jsonInto(&r.Errors).Scan(*errs); err != nil {
					return err
				}
				s.LastRun = r
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// ClaimDueSources takes the enabled sources due at now and moves each one's
// next run a schedule ahead — or lease ahead, if longer, so that a slow
// run is not claimed again by another replica while it lasts — in one
// statement per source that only one caller can win: on several replicas,
// each source is read by one of them. The claimed sources' NextRunAt is
// the time they were moved to; see ScheduleSource.
func (db *DB) ClaimDueSources(ctx context.Context, now time.Time, lease time.Duration) ([]rollcall.Source, error) {
	now = stored(now)
	var due []rollcall.Source
	err := db.inReadTx(ctx, func(c conn) error {
		rows, err := c.query(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.enabled = ? AND s.next_run_at <= ? ORDER BY s.next_run_at, s.id`, true, millis(now))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s rollcall.Source
			if err := scanSource(rows, &s); err != nil {
				return err
			}
			due = append(due, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	var claimed []rollcall.Source
	for _, s := range due {
		next := now.Add(max(s.Every, lease))
		var n int64
		err := db.inTx(ctx, func(c conn) error {
			res, err := c.exec(ctx, `UPDATE sources SET next_run_at = ? WHERE id = ? AND next_run_at = ?`, millis(next), s.ID, millis(s.NextRunAt))
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return claimed, err
		}
		if n == 1 {
			s.NextRunAt = next
			claimed = append(claimed, s)
		}
	}
	return claimed, nil
}

// ScheduleSource sets a source's next run to at, if it is still claimed
// until claimed (nobody has asked for a run meanwhile).
func (db *DB) ScheduleSource(ctx context.Context, id int64, claimed, at time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE sources SET next_run_at = ? WHERE id = ? AND next_run_at = ?`, millis(stored(at)), id, millis(stored(claimed)))
		return err
	})
}

// RunSourceNow makes a source due at once.
func (db *DB) RunSourceNow(ctx context.Context, id int64, now time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE sources SET next_run_at = ? WHERE id = ?`, millis(stored(now)), id)
		if err != nil {
			return err
		}
		return mustAffect(res, "Source %d not found.", id)
	})
}

// SourceValidators returns what the source's servers last said identifies
// each document, by address.
func (db *DB) SourceValidators(ctx context.Context, id int64) (map[string]rollcall.Validators, error) {
	out := map[string]rollcall.Validators{}
	var text string
	if err := db.read().queryRow(ctx, `SELECT validators FROM sources WHERE id = ?`, id).Scan(&text); err != nil {
		return nil, notFound(err, "Source %d not found.", id)
	}
	return out, jsonInto(&out).Scan(text)
}

// SaveSourceRun records a run and the validators to send next time.
func (db *DB) SaveSourceRun(ctx context.Context, r *rollcall.SourceRun, validators map[string]rollcall.Validators) error {
	errs, err := jsonText(r.Errors)
	if err != nil {
		return err
	}
	vals, err := jsonText(validators)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO source_runs (source_id, started_at, finished_at, status, documents, added, changed, unchanged, refused, errors)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.SourceID, millis(stored(r.StartedAt)), millis(stored(r.FinishedAt)), r.Status, r.Documents, r.Added, r.Changed, r.Unchanged, r.Refused, errs)
		if isForeignKeyViolation(err) {
			return rollcall.Errorf(rollcall.ENOTFOUND, "Source %d not found.", r.SourceID)
		} else if err != nil {
			return err
		}
		if validators != nil {
			_, err = c.exec(ctx, `UPDATE sources SET validators = ? WHERE id = ?`, vals, r.SourceID)
		}
		return err
	})
}
