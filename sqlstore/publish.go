package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rollcall"
)

// PublishAlert publishes a with its fields as given (status published,
// revision rev.Revision), saves rev, and sends the alert to every
// organisation a.Target matches that has no response yet, with clocks
// from now: one INSERT … SELECT, however many organisations. When
// resetClocks is true the due times of the responses already there are
// recomputed from their TargetedAt. It adds an outbox event and returns
// how many organisations were newly targeted. ENOTFOUND if the alert does
// not exist; ECONFLICT if the revision is already saved.
func (db *DB) PublishAlert(ctx context.Context, a *rollcall.Alert, rev *rollcall.AlertRevision, clocks rollcall.Clocks, resetClocks bool, now time.Time) (int, error) {
	now = stored(now)
	a.Status, a.Revision, a.UpdatedAt = rollcall.AlertPublished, rev.Revision, now
	if a.PublishedAt.IsZero() {
		a.PublishedAt = now
	}
	a.PublishedAt = stored(a.PublishedAt)
	rev.AlertID = a.ID
	rev.CreatedAt = stored(rev.CreatedAt)
	if rev.CreatedAt.IsZero() {
		rev.CreatedAt = now
	}
	if rev.Alert.ID == 0 {
		rev.Alert = *a
	}
	j, err := encodeAlert(a)
	if err != nil {
		return 0, err
	}
	snapshot, err := jsonText(rev.Alert)
	if err != nil {
		return 0, err
	}
	changes, err := jsonText(rev.Changes)
	if err != nil {
		return 0, err
	}
	var targeted int
	err = db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE alerts SET status = ?, revision = ?, title = ?, severity = ?, summary = ?, cves = ?,
				cvss = ?, affected_products = ?, remediation = ?, refs = ?, target = ?, clock_override = ?,
				updated_at = ?, published_at = ?, affected = ?
			WHERE id = ?`,
			string(a.Status), a.Revision, a.Title, string(a.Severity), a.Summary, j.cves, j.cvss, a.AffectedProducts,
			a.Remediation, j.refs, j.target, j.clocks, millis(a.UpdatedAt), millis(a.PublishedAt), j.affected, a.ID)
		if err != nil {
			return err
		}
		if err := mustAffect(res, "Alert %d not found.", a.ID); err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO alert_revisions (alert_id, revision, alert, changes, change_note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			rev.AlertID, rev.Revision, snapshot, changes, rev.ChangeNote, nullID(rev.CreatedBy), millis(rev.CreatedAt))
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "Revision %d of alert %s is already published.", rev.Revision, a.Reference)
		} else if err != nil {
			return err
		}
		// Reset first, so the rows about to be inserted are not touched.
		if resetClocks {
			if err := resetDeadlines(ctx, c, a.ID, clocks, now); err != nil {
				return err
			}
		}
		if targeted, err = targetOrgs(ctx, c, a.ID, a.Target, clocks, now); err != nil {
			return err
		}
		kind, summary := rollcall.OutboxAlertPublished, fmt.Sprintf("%s published: %s", a.Reference, a.Title)
		if rev.Revision > 1 {
			kind, summary = rollcall.OutboxAlertRevised, fmt.Sprintf("%s revised (revision %d): %s", a.Reference, rev.Revision, a.Title)
		}
		_, err = c.exec(ctx, `INSERT INTO outbox (kind, alert_id, summary, created_at) VALUES (?, ?, ?, ?)`,
			kind, a.ID, summary, millis(now))
		return err
	})
	if err != nil {
		return 0, err
	}
	return targeted, nil
}

// targetOrgs creates a response for every organisation the target matches
// that has none yet, and returns how many it created.
func targetOrgs(ctx context.Context, c conn, alertID int64, t rollcall.Target, clocks rollcall.Clocks, now time.Time) (int, error) {
	cond, condArgs := targetSQL(c.dialect, t)
	ackDue, remediateDue := clocks.Deadlines(now)
	args := []any{alertID, millis(now), millis(ackDue), millis(remediateDue), string(rollcall.PhaseAwaitingAck), millis(now)}
	res, err := c.exec(ctx, `INSERT INTO responses (alert_id, org_id, targeted_at, ack_due, remediate_due, phase,
			escalation_level, updated_at, version)
		SELECT CAST(? AS BIGINT), o.id, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT),
			0, CAST(? AS BIGINT), 1
		FROM organisations o WHERE `+cond+`
		ON CONFLICT (alert_id, org_id) DO NOTHING`, append(args, condArgs...)...)
	if err != nil {
		return 0, fmt.Errorf("target: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// targetSQL is rollcall.Target.Matches as a condition on organisations o.
// It is never empty, which also keeps SQLite from reading the ON CONFLICT
// that follows as a join constraint.
func targetSQL(dialect string, t rollcall.Target) (string, []any) {
	if t.All {
		return "1 = 1", nil
	}
	if t.Exposed {
		// Resolved by the service from the estate, whatever the filters.
		if len(t.Resolved) == 0 {
			return "1 = 0", nil
		}
		t = rollcall.Target{OrgIDs: t.Resolved}
	}
	var ors []string
	var args []any
	if len(t.OrgIDs) > 0 {
		cond, arg := inInts(dialect, "o.id", t.OrgIDs)
		ors, args = append(ors, cond), append(args, arg)
	}
	if len(t.RegionIDs) > 0 || len(t.Types) > 0 {
		var ands []string
		if len(t.RegionIDs) > 0 {
			cond, arg := inInts(dialect, "o.region_id", t.RegionIDs)
			ands, args = append(ands, cond), append(args, arg)
		}
		if len(t.Types) > 0 {
			types := make([]string, len(t.Types))
			for i, ty := range t.Types {
				types[i] = string(ty)
			}
			cond, arg := inStrings(dialect, "o.type", types)
			ands, args = append(ands, cond), append(args, arg)
		}
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	if len(ors) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// resetDeadlines recomputes the due times of an alert's responses from
// when each was targeted, for new clocks.
func resetDeadlines(ctx context.Context, c conn, alertID int64, clocks rollcall.Clocks, now time.Time) error {
	set := func(col string, d time.Duration) (string, []any) {
		if d <= 0 {
			return col + " = NULL", nil
		}
		return col + " = targeted_at + ?", []any{d.Milliseconds()}
	}
	ack, ackArgs := set("ack_due", clocks.Acknowledge)
	rem, remArgs := set("remediate_due", clocks.Remediate)
	args := append(append(ackArgs, remArgs...), millis(now), alertID)
	_, err := c.exec(ctx, `UPDATE responses SET `+ack+`, `+rem+`, updated_at = ?, version = version + 1 WHERE alert_id = ?`, args...)
	return err
}

// ListAlertRevisions lists an alert's published revisions, oldest first.
func (db *DB) ListAlertRevisions(ctx context.Context, alertID int64) ([]rollcall.AlertRevision, error) {
	rows, err := db.read().query(ctx, `SELECT alert_id, revision, alert, changes, change_note, created_by, created_at
		FROM alert_revisions WHERE alert_id = ? ORDER BY revision`, alertID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.AlertRevision
	for rows.Next() {
		var r rollcall.AlertRevision
		if err := rows.Scan(&r.AlertID, &r.Revision, jsonInto(&r.Alert), jsonInto(&r.Changes), &r.ChangeNote,
			idAt(&r.CreatedBy), timeAt(&r.CreatedAt)); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
