package sqlstore

import (
	"context"
	"fmt"
	"time"

	"rollcall"
)

const alertColumns = `a.id, a.reference, a.status, a.revision, a.title, a.severity, a.summary, a.cves, a.cvss,
	a.affected_products, a.remediation, a.refs, a.target, a.clock_override, a.created_by, a.created_at, a.updated_at, a.published_at, a.affected, a.advisory`

func scanAlert(s scanner, a *rollcall.Alert, extra ...any) error {
	dest := []any{&a.ID, &a.Reference, &a.Status, &a.Revision, &a.Title, &a.Severity, &a.Summary, jsonInto(&a.CVEs), jsonInto(&a.CVSS),
		&a.AffectedProducts, &a.Remediation, jsonInto(&a.References), jsonInto(&a.Target), jsonInto(&a.ClockOverride),
		idAt(&a.CreatedBy), timeAt(&a.CreatedAt), timeAt(&a.UpdatedAt), timeAt(&a.PublishedAt), jsonInto(&a.Affected), &a.Advisory}
	return s.Scan(append(dest, extra...)...)
}

// alertJSON holds an alert's JSON columns, encoded.
type alertJSON struct {
	cves, cvss, refs, target, clocks, affected any
}

func encodeAlert(a *rollcall.Alert) (alertJSON, error) {
	var j alertJSON
	var err error
	text := func(v any) any {
		if err != nil {
			return nil
		}
		var s string
		s, err = jsonText(v)
		return s
	}
	j.cves, j.refs, j.target, j.affected = text(a.CVEs), text(a.References), text(a.Target), text(a.Affected)
	if a.CVSS != nil {
		j.cvss = text(a.CVSS)
	}
	if a.ClockOverride != nil {
		j.clocks = text(a.ClockOverride)
	}
	return j, err
}

// CreateAlert saves a new alert and assigns a.ID and a.Reference
// ("RC-YYYY-NNNN", numbered within the year of a.CreatedAt). A zero
// status is a draft; zero times are now.
func (db *DB) CreateAlert(ctx context.Context, a *rollcall.Alert) error {
	if a.Status == "" {
		a.Status = rollcall.AlertDraft
	}
	a.CreatedAt = nowIfZero(a.CreatedAt)
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	a.UpdatedAt, a.PublishedAt = stored(a.UpdatedAt), stored(a.PublishedAt)
	j, err := encodeAlert(a)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		year := a.CreatedAt.Year()
		var n int
		// The upsert takes the year's row lock (PostgreSQL) inside the
		// write transaction (SQLite), so two alerts never get one number.
		err := c.queryRow(ctx, `INSERT INTO alert_refs (year, last_number) VALUES (?, 1)
			ON CONFLICT (year) DO UPDATE SET last_number = alert_refs.last_number + 1
			RETURNING last_number`, year).Scan(&n)
		if err != nil {
			return err
		}
		a.Reference = fmt.Sprintf("RC-%04d-%04d", year, n)
		err = c.queryRow(ctx, `INSERT INTO alerts (reference, status, revision, title, severity, summary, cves, cvss,
				affected_products, remediation, refs, target, clock_override, created_by, created_at, updated_at, published_at, affected, advisory)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.Reference, string(a.Status), a.Revision, a.Title, string(a.Severity), a.Summary, j.cves, j.cvss,
			a.AffectedProducts, a.Remediation, j.refs, j.target, j.clocks, nullID(a.CreatedBy),
			millis(a.CreatedAt), millis(a.UpdatedAt), millis(a.PublishedAt), j.affected, a.Advisory).Scan(&a.ID)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "An alert with reference %s already exists.", a.Reference)
		}
		return err
	})
}

// UpdateDraft saves a draft's content (title to clocks) and UpdatedAt.
// ENOTFOUND if there is no such alert; ECONFLICT if it is not a draft.
func (db *DB) UpdateDraft(ctx context.Context, a *rollcall.Alert) error {
	a.UpdatedAt = nowIfZero(a.UpdatedAt)
	j, err := encodeAlert(a)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE alerts SET title = ?, severity = ?, summary = ?, cves = ?, cvss = ?,
				affected_products = ?, remediation = ?, refs = ?, target = ?, clock_override = ?, updated_at = ?, affected = ?
			WHERE id = ? AND status = ?`,
			a.Title, string(a.Severity), a.Summary, j.cves, j.cvss, a.AffectedProducts, a.Remediation, j.refs, j.target, j.clocks,
			millis(a.UpdatedAt), j.affected, a.ID, string(rollcall.AlertDraft))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var ref string
		var status rollcall.AlertStatus
		err = c.queryRow(ctx, `SELECT reference, status FROM alerts WHERE id = ?`, a.ID).Scan(&ref, &status)
		if err != nil {
			return notFound(err, "Alert %d not found.", a.ID)
		}
		return rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is %s, not a draft: revise it instead.", ref, status)
	})
}

// FindAlertByID returns an alert; ENOTFOUND if there is none.
func (db *DB) FindAlertByID(ctx context.Context, id int64) (*rollcall.Alert, error) {
	return findAlert(ctx, db.read(), id)
}

// FindAlertByReference returns the alert with that reference
// ("RC-2026-0004"); ENOTFOUND if there is none.
func (db *DB) FindAlertByReference(ctx context.Context, ref string) (*rollcall.Alert, error) {
	var a rollcall.Alert
	if err := scanAlert(db.read().queryRow(ctx, `SELECT `+alertColumns+` FROM alerts a WHERE a.reference = ?`, ref), &a); err != nil {
		return nil, notFound(err, "Alert %s not found.", ref)
	}
	return &a, nil
}

func findAlert(ctx context.Context, c conn, id int64) (*rollcall.Alert, error) {
	var a rollcall.Alert
	if err := scanAlert(c.queryRow(ctx, `SELECT `+alertColumns+` FROM alerts a WHERE a.id = ?`, id), &a); err != nil {
		return nil, notFound(err, "Alert %d not found.", id)
	}
	return &a, nil
}

// ListAlerts returns a page of the alerts that match f, newest first, and
// how many match in all. Each comes with its headline counts over the
// responses in f.Scope at now. A scope that does not see everything sees
// only published or withdrawn alerts sent to an organisation in it; the
// empty scope sees nothing.
func (db *DB) ListAlerts(ctx context.Context, f rollcall.AlertFilter, now time.Time) ([]rollcall.AlertItem, int, error) {
	if f.Scope.Empty() {
		return nil, 0, nil
	}
	var w where
	if len(f.Statuses) > 0 {
		s := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			s[i] = string(st)
		}
		cond, arg := inStrings(db.dialect, "a.status", s)
		w.add(cond, arg)
	}
	if f.Severity != "" {
		w.add("a.severity = ?", string(f.Severity))
	}
	if !f.Scope.All {
		var inScope where
		inScope.add("r.alert_id = a.id")
		inScope.addScope(db.dialect, f.Scope, "r.org_id", "o.region_id")
		w.add("a.status IN ('published', 'withdrawn')")
		w.add(`EXISTS (SELECT 1 FROM responses r`+joinForScope(f.Scope)+inScope.String()+`)`, inScope.args...)
	}
	var items []rollcall.AlertItem
	var total int
	err := db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM alerts a`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT `+alertColumns+` FROM alerts a`+w.String()+
			` ORDER BY a.created_at DESC, a.id DESC`+page(db.dialect, f.Limit, f.Offset), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it rollcall.AlertItem
			if err := scanAlert(rows, &it.Alert); err != nil {
				return err
			}
			items = append(items, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := addHeadlines(ctx, c, items, f.Scope, now); err != nil {
			return err
		}
		// A withdrawn alert's clocks stopped when it was withdrawn: its
		// headline is read at that time (rare, so one query each).
		for i := range items {
			if at := items[i].ClockTime(now); !at.Equal(now) {
				if err := addHeadlines(ctx, c, items[i:i+1], f.Scope, at); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list alerts: %w", err)
	}
	return items, total, nil
}

// addHeadlines counts, in one grouped query, the responses of the listed
// alerts within scope: targeted, open, and overdue at now.
func addHeadlines(ctx context.Context, c conn, items []rollcall.AlertItem, scope rollcall.Scope, now time.Time) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	byID := make(map[int64]*rollcall.AlertItem, len(items))
	for i := range items {
		ids[i] = items[i].ID
		byID[items[i].ID] = &items[i]
	}
	var w where
	cond, arg := inInts(c.dialect, "r.alert_id", ids)
	w.add(cond, arg)
	w.addScope(c.dialect, scope, "r.org_id", "o.region_id")
	nowMs := millisCeil(now)
	rows, err := c.query(ctx, `SELECT r.alert_id, COUNT(*),
			COUNT(CASE WHEN r.closed_at IS NULL THEN 1 END),
			COUNT(CASE WHEN `+overdueSQL+` THEN 1 END)
		FROM responses r`+joinForScope(scope)+w.String()+` GROUP BY r.alert_id`,
		append([]any{nowMs, nowMs}, w.args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var targeted, open, overdue int
		if err := rows.Scan(&id, &targeted, &open, &overdue); err != nil {
			return err
		}
		if it := byID[id]; it != nil {
			it.Targeted, it.Open, it.Overdue = targeted, open, overdue
		}
	}
	return rows.Err()
}

// AlertsFromAdvisories returns, for each of the advisories named
// ("kev:CVE-2017-0144"), the ids of the alerts made from it, oldest first.
func (db *DB) AlertsFromAdvisories(ctx context.Context, advisories []string) (map[string][]int64, error) {
	out := map[string][]int64{}
	if len(advisories) == 0 {
		return out, nil
	}
	err := db.inReadTx(ctx, func(c conn) error {
		cond, arg := inStrings(c.dialect, "advisory", advisories)
		rows, err := c.query(ctx, `SELECT advisory, id FROM alerts WHERE `+cond+` ORDER BY id`, arg)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var adv string
			var id int64
			if err := rows.Scan(&adv, &id); err != nil {
				return err
			}
			out[adv] = append(out[adv], id)
		}
		return rows.Err()
	})
	return out, err
}

// AlertsNamingCVE returns the ids of the alerts, of any status, whose CVEs
// include cve, oldest first.
func (db *DB) AlertsNamingCVE(ctx context.Context, cve string) ([]int64, error) {
	var out []int64
	err := db.inReadTx(ctx, func(c conn) error {
		// CVEs are kept as a JSON array of upper-case strings.
		rows, err := c.query(ctx, `SELECT id FROM alerts WHERE cves LIKE ? ESCAPE '\' ORDER BY id`, `%"`+likeEscape(cve)+`"%`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	return out, err
}
