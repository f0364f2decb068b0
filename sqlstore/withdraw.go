package sqlstore

import (
	"context"
	"fmt"
	"time"

	"rollcall"
)

// WithdrawAlert marks a published alert withdrawn and keeps the
// withdrawal as a revision, with an outbox event so organisations are told.
// Responses are kept as they were: the roll call of a withdrawn alert is
// still history.
func (db *DB) WithdrawAlert(ctx context.Context, alertID int64, rev *rollcall.AlertRevision, now time.Time) error {
	now = stored(now)
	rev.AlertID = alertID
	if rev.CreatedAt = stored(rev.CreatedAt); rev.CreatedAt.IsZero() {
		rev.CreatedAt = now
	}
	snapshot, err := jsonText(rev.Alert)
	if err != nil {
		return err
	}
	changes, err := jsonText(rev.Changes)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		a, err := findAlert(ctx, c, alertID)
		if err != nil {
			return err
		}
		if a.Status != rollcall.AlertPublished {
			return rollcall.Errorf(rollcall.ECONFLICT, "Only a published alert can be withdrawn; %s is %s.", a.Reference, a.Status)
		}
		res, err := c.exec(ctx, `UPDATE alerts SET status = ?, revision = ?, updated_at = ? WHERE id = ? AND status = ?`,
			string(rollcall.AlertWithdrawn), rev.Revision, millis(now), alertID, string(rollcall.AlertPublished))
		if err != nil {
			return err
		}
		if err := mustAffect(res, "Alert %d changed while it was being withdrawn; try again.", alertID); err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO alert_revisions (alert_id, revision, alert, changes, change_note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			alertID, rev.Revision, snapshot, changes, rev.ChangeNote, nullID(rev.CreatedBy), millis(rev.CreatedAt))
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "Revision %d of alert %s already exists.", rev.Revision, a.Reference)
		} else if err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO outbox (kind, alert_id, summary, created_at) VALUES (?, ?, ?, ?)`,
			rollcall.OutboxAlertWithdrawn, alertID, fmt.Sprintf("%s withdrawn: %s", a.Reference, rev.ChangeNote), millis(now))
		return err
	})
}
