package sqlstore

import (
	"context"
	"fmt"
	"time"

	"rollcall"
)

const challengeColumns = `c.id, c.alert_id, c.org_id, c.challenger, c.actor_id, c.actor_name, c.note, c.claim, c.remediate_due, c.at`

func scanChallenge(s scanner, c *rollcall.Challenge) error {
	return s.Scan(&c.ID, &c.AlertID, &c.OrgID, &c.By, idAt(&c.ActorID), &c.ActorName, &c.Note, &c.Claim,
		timeAt(&c.RemediateDue), timeAt(&c.At))
}

// ChallengeResponse reopens an organisation's closed answer by the
// challenge, in one transaction: the alert must be published (read under
// a share lock, so a withdrawal waits or is seen), the response is locked,
// and a challenge that repeats the one still standing records nothing and
// returns false, with c filled from the stored one. Otherwise the
// response is saved (Version+1), with a "challenged" event, the challenge
// and an outbox event to tell the organisation, and c gets its id and the claim it disputed. ENOTFOUND if the
// alert does not exist or was not sent to the organisation; ECONFLICT if
// the alert is not published or the answer is not closed.
func (db *DB) ChallengeResponse(ctx context.Context, c *rollcall.Challenge, now time.Time) (bool, error) {
	now = stored(now)
	if c.At = stored(c.At); c.At.IsZero() {
		c.At = now
	}
	c.RemediateDue = stored(c.RemediateDue)
	recorded := false
	err := db.inTx(ctx, func(tx conn) error {
		var ref string
		var status rollcall.AlertStatus
		err := tx.queryRow(ctx, `SELECT reference, status FROM alerts WHERE id = ?`+forShare(tx.dialect), c.AlertID).Scan(&ref, &status)
		if err != nil {
			return notFound(err, "Alert %d not found.", c.AlertID)
		}
		if status != rollcall.AlertPublished {
			return rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is %s: its answers cannot be challenged.", ref, status)
		}
		locked, err := lockResponses(ctx, tx, c.AlertID, []int64{c.OrgID})
		if err != nil {
			return err
		}
		r := locked[c.OrgID]
		if r == nil {
			return missingResponse(ctx, tx, c.AlertID, c.OrgID)
		}
		if !r.Phase.Closed() {
			standing, err := standingChallenges(ctx, tx, c.AlertID, []int64{c.OrgID})
			if err != nil {
				return err
			}
			if len(standing) == 1 && c.Repeats(&standing[0]) {
				*c = standing[0]
				return nil
			}
		}
		version := r.Version
		if err := r.Reopen(c); err != nil {
			return err
		}
		r.Version, r.UpdatedAt = version+1, now
		if err := saveResponse(ctx, tx, r, version); err != nil {
			return err
		}
		ev := &rollcall.ResponseEvent{Kind: rollcall.EventChallenged, ActorID: c.ActorID, ActorName: c.ActorName,
			Summary: c.Summary(), At: c.At}
		if err := insertEvent(ctx, tx, r, ev, now); err != nil {
			return err
		}
		err = tx.queryRow(ctx, `INSERT INTO response_challenges
			(alert_id, org_id, challenger, actor_id, actor_name, note, claim, remediate_due, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.AlertID, c.OrgID, string(c.By), nullID(c.ActorID), c.ActorName, c.Note, string(c.Claim),
			millis(c.RemediateDue), millis(c.At)).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("save challenge: %w", err)
		}
		// The organisation is told, as it is of a new alert.
		_, err = tx.exec(ctx, `INSERT INTO outbox (kind, alert_id, org_id, summary, created_at) VALUES (?, ?, ?, ?, ?)`,
			rollcall.OutboxChallenged, c.AlertID, c.OrgID, ref+": "+c.Summary(), millis(now))
		if err != nil {
			return err
		}
		recorded = true
		return nil
	})
	return recorded, err
}

// StandingChallenges lists the challenges still standing for the
// organisations — each response's latest, while the response is open —
// of one alert, or with alertID 0 of every published alert, oldest first.
func (db *DB) StandingChallenges(ctx context.Context, alertID int64, orgIDs []int64) ([]rollcall.Challenge, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	var out []rollcall.Challenge
	err := db.inReadTx(ctx, func(c conn) error {
		var err error
		out, err = standingChallenges(ctx, c, alertID, orgIDs)
		return err
	})
	return out, err
}

func standingChallenges(ctx context.Context, c conn, alertID int64, orgIDs []int64) ([]rollcall.Challenge, error) {
	cond, arg := inInts(c.dialect, "c.org_id", orgIDs)
	q := `SELECT ` + challengeColumns + ` FROM response_challenges c
		JOIN responses r ON r.alert_id = c.alert_id AND r.org_id = c.org_id
		JOIN alerts a ON a.id = c.alert_id
		WHERE ` + cond + ` AND r.closed_at IS NULL
		AND c.id = (SELECT MAX(l.id) FROM response_challenges l WHERE l.alert_id = c.alert_id AND l.org_id = c.org_id)`
	args := []any{arg}
	if alertID != 0 {
		q += ` AND c.alert_id = ?`
		args = append(args, alertID)
	} else {
		q += ` AND a.status = ?`
		args = append(args, string(rollcall.AlertPublished))
	}
	rows, err := c.query(ctx, q+` ORDER BY c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.Challenge
	for rows.Next() {
		var ch rollcall.Challenge
		if err := scanChallenge(rows, &ch); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// forShare locks the rows read against change until the transaction ends
// on PostgreSQL; SQLite's one writer already serialises transactions.
func forShare(dialect string) string {
	if dialect == Postgres {
		return " FOR SHARE"
	}
	return ""
}
