package sqlstore

import (
	"context"
	"time"

	"rollcall"
)

// SetEscalation moves each response to its new rung, records an event for
// it and adds an outbox event for delivery, all in one transaction. A
// change whose response is no longer on its From rung is skipped: another
// replica has recorded it already, and it must be announced only once.
// ENOTFOUND if a response does not exist.
func (db *DB) SetEscalation(ctx context.Context, changes []rollcall.EscalationChange, now time.Time) error {
	now = stored(now)
	return db.inTx(ctx, func(c conn) error {
		for _, ch := range changes {
			res, err := c.exec(ctx, `UPDATE responses SET escalation_level = ? WHERE alert_id = ? AND org_id = ? AND escalation_level = ?`,
				int(ch.To), ch.AlertID, ch.OrgID, int(ch.From))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				ok, err := exists(ctx, c, `SELECT 1 FROM responses WHERE alert_id = ? AND org_id = ?`, ch.AlertID, ch.OrgID)
				if err != nil {
					return err
				} else if !ok {
					return rollcall.Errorf(rollcall.ENOTFOUND, "Organisation %d has no response to alert %d.", ch.OrgID, ch.AlertID)
				}
				continue
			}
			summary := escalationSummary(ch.From, ch.To)
			ev := &rollcall.ResponseEvent{Kind: rollcall.EventEscalated, ActorName: "Rollcall", Summary: summary, At: now}
			if err := insertEvent(ctx, c, &rollcall.Response{AlertID: ch.AlertID, OrgID: ch.OrgID}, ev, now); err != nil {
				return err
			}
			_, err = c.exec(ctx, `INSERT INTO outbox (kind, alert_id, org_id, level, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				rollcall.OutboxEscalated, ch.AlertID, ch.OrgID, int(ch.To), summary, millis(now))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// escalationSummary says what a move on the ladder means, for the history
// and the notification.
func escalationSummary(from, to rollcall.EscalationLevel) string {
	if to < from {
		if to == rollcall.EscalationNone {
			return "Escalation ended: back with the responder"
		}
		return "Escalation lowered to the " + lowerFirst(to.Label())
	}
	switch to {
	case rollcall.EscalationSecurityLead:
		return "Escalated to the data-security lead"
	case rollcall.EscalationCoordinator:
		return "Escalated to the regional coordinator"
	case rollcall.EscalationCentre:
		return "Escalated to the national centre"
	}
	return "Escalation unchanged"
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// ListOutbox lists undelivered outbox events, oldest first; limit 0 means
// all of them.
func (db *DB) ListOutbox(ctx context.Context, limit, offset int) ([]rollcall.OutboxEvent, int, error) {
	var out []rollcall.OutboxEvent
	var total int
	err := db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL`).Scan(&total); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT id, kind, alert_id, org_id, level, summary, created_at, delivered_at
			FROM outbox WHERE delivered_at IS NULL ORDER BY id`+page(db.dialect, limit, offset))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e rollcall.OutboxEvent
			if err := rows.Scan(&e.ID, &e.Kind, &e.AlertID, idAt(&e.OrgID), &e.Level, &e.Summary, timeAt(&e.CreatedAt), timeAt(&e.DeliveredAt)); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}
