package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rollcall"
)

const responseColumns = `r.alert_id, r.org_id, r.targeted_at, r.ack_due, r.remediate_due, r.acknowledged_at,
	r.applicability, r.action, r.planned_date, r.reason, r.evidence, r.evidence_links, r.sign_off, r.sign_off_by,
	r.sign_off_at, r.sign_off_note, r.closed_at, r.phase, r.escalation_level, r.answered_by, r.answered_via,
	r.updated_at, r.version`

func scanResponse(s scanner, r *rollcall.Response, extra ...any) error {
	dest := []any{&r.AlertID, &r.OrgID, timeAt(&r.TargetedAt), timeAt(&r.AckDue), timeAt(&r.RemediateDue), timeAt(&r.AcknowledgedAt),
		&r.Applicability, &r.Action, timeAt(&r.PlannedDate), &r.Reason, &r.Evidence, jsonInto(&r.EvidenceLinks), &r.SignOff, idAt(&r.SignOffBy),
		timeAt(&r.SignOffAt), &r.SignOffNote, timeAt(&r.ClosedAt), &r.Phase, &r.EscalationLevel, idAt(&r.AnsweredBy), idAt(&r.AnsweredVia),
		timeAt(&r.UpdatedAt), &r.Version}
	return s.Scan(append(dest, extra...)...)
}

// FindResponse returns an organisation's response to an alert; ENOTFOUND
// if the alert was not sent to it.
func (db *DB) FindResponse(ctx context.Context, alertID, orgID int64) (*rollcall.Response, error) {
	var r rollcall.Response
	err := scanResponse(db.read().queryRow(ctx, `SELECT `+responseColumns+` FROM responses r WHERE r.alert_id = ? AND r.org_id = ?`,
		alertID, orgID), &r)
	if err != nil {
		return nil, notFound(err, "Organisation %d has no response to alert %d.", orgID, alertID)
	}
	return &r, nil
}

// UpdateResponses changes the responses of one alert for several
// organisations, all or nothing. It locks the rows, calls fn on each in the
// order given, and saves each row fn returns an event for (Version+1,
// UpdatedAt now) with the event. ENOTFOUND, naming the organisation, if any
// was not sent the alert; ECONFLICT, before fn is called, unless the alert
// is published when the transaction reads it (a withdrawn alert's roll call
// is history); any error from fn undoes the whole.
func (db *DB) UpdateResponses(ctx context.Context, alertID int64, orgIDs []int64, now time.Time, fn func(r *rollcall.Response) (*rollcall.ResponseEvent, error)) error {
	now = stored(now)
	return db.inTx(ctx, func(c conn) error {
		if err := requirePublished(ctx, c, alertID); err != nil {
			return err
		}
		locked, err := lockResponses(ctx, c, alertID, orgIDs)
		if err != nil {
			return err
		}
		done := make(map[int64]bool, len(orgIDs))
		for _, orgID := range orgIDs {
			if done[orgID] {
				continue
			}
			done[orgID] = true
			r := locked[orgID]
			if r == nil {
				return missingResponse(ctx, c, alertID, orgID)
			}
			version := r.Version
			ev, err := fn(r)
			if err != nil {
				return err
			}
			if ev == nil {
				continue
			}
			r.AlertID, r.OrgID, r.Version, r.UpdatedAt = alertID, orgID, version+1, now
			if err := saveResponse(ctx, c, r, version); err != nil {
				return err
			}
			if err := insertEvent(ctx, c, r, ev, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// requirePublished reads the alert's status in the write transaction and
// refuses unless it is published. On PostgreSQL the row is share-locked, so
// a withdrawal waits for the answers in flight and no answer lands after it;
// SQLite has one writer, so the read is already serialised with it.
func requirePublished(ctx context.Context, c conn, alertID int64) error {
	lock := ""
	if c.dialect == Postgres {
		lock = " FOR SHARE"
	}
	var ref, status string
	err := c.queryRow(ctx, `SELECT reference, status FROM alerts WHERE id = ?`+lock, alertID).Scan(&ref, &status)
	if err != nil {
		return notFound(err, "Alert %d not found.", alertID)
	}
	if rollcall.AlertStatus(status) != rollcall.AlertPublished {
		return rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is %s and its responses cannot change.", ref, status)
	}
	return nil
}

// lockResponses reads (and on PostgreSQL locks, in key order, so two
// bulk answers cannot deadlock) the responses of the organisations.
func lockResponses(ctx context.Context, c conn, alertID int64, orgIDs []int64) (map[int64]*rollcall.Response, error) {
	ids := slices.Clone(orgIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	cond, arg := inInts(c.dialect, "r.org_id", ids)
	rows, err := c.query(ctx, `SELECT `+responseColumns+` FROM responses r WHERE r.alert_id = ? AND `+cond+
		` ORDER BY r.org_id`+forUpdate(c.dialect), alertID, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]*rollcall.Response, len(ids))
	for rows.Next() {
		r := new(rollcall.Response)
		if err := scanResponse(rows, r); err != nil {
			return nil, err
		}
		out[r.OrgID] = r
	}
	return out, rows.Err()
}

// missingResponse is the ENOTFOUND error for an organisation that has no
// response to the alert, naming it by code when it exists.
func missingResponse(ctx context.Context, c conn, alertID, orgID int64) error {
	var code string
	err := c.queryRow(ctx, `SELECT code FROM organisations WHERE id = ?`, orgID).Scan(&code)
	if err != nil {
		return notFound(err, "Organisation %d not found.", orgID)
	}
	return rollcall.Errorf(rollcall.ENOTFOUND, "Alert %d was not sent to organisation %s.", alertID, code)
}

// saveResponse writes a response's fields over the stored row, which must
// still be at version.
func saveResponse(ctx context.Context, c conn, r *rollcall.Response, version int) error {
	links, err := jsonText(r.EvidenceLinks)
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE responses SET targeted_at = ?, ack_due = ?, remediate_due = ?, acknowledged_at = ?,
			applicability = ?, action = ?, planned_date = ?, reason = ?, evidence = ?, evidence_links = ?, sign_off = ?,
			sign_off_by = ?, sign_off_at = ?, sign_off_note = ?, closed_at = ?, phase = ?, escalation_level = ?,
			answered_by = ?, answered_via = ?, updated_at = ?, version = ?
		WHERE alert_id = ? AND org_id = ? AND version = ?`,
		millis(r.TargetedAt), millis(r.AckDue), millis(r.RemediateDue), millis(r.AcknowledgedAt),
		string(r.Applicability), string(r.Action), millis(r.PlannedDate), r.Reason, r.Evidence, links, string(r.SignOff),
		nullID(r.SignOffBy), millis(r.SignOffAt), r.SignOffNote, millis(r.ClosedAt), string(r.Phase), int(r.EscalationLevel),
		nullID(r.AnsweredBy), nullID(r.AnsweredVia), millis(r.UpdatedAt), r.Version,
		r.AlertID, r.OrgID, version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		// Unreachable while the row is locked; kept as a guard.
		return rollcall.Errorf(rollcall.ECONFLICT, "The response of organisation %d changed while it was being saved.", r.OrgID)
	}
	return nil
}

// insertEvent saves an event about r, filling in what fn left zero, and
// assigns ev.ID.
func insertEvent(ctx context.Context, c conn, r *rollcall.Response, ev *rollcall.ResponseEvent, now time.Time) error {
	ev.AlertID, ev.OrgID = r.AlertID, r.OrgID
	if ev.At.IsZero() {
		ev.At = now
	}
	ev.At = stored(ev.At)
	var answer any
	if ev.Answer != nil {
		s, err := jsonText(ev.Answer)
		if err != nil {
			return err
		}
		answer = s
	}
	err := c.queryRow(ctx, `INSERT INTO response_events (alert_id, org_id, kind, actor_id, actor_name, via_org_id, summary, answer, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ev.AlertID, ev.OrgID, ev.Kind, nullID(ev.ActorID), ev.ActorName, nullID(ev.ViaOrgID), ev.Summary, answer, millis(ev.At),
	).Scan(&ev.ID)
	if err != nil {
		return fmt.Errorf("save response event: %w", err)
	}
	return nil
}

// ListResponseEvents lists an organisation's history for one alert,
// oldest first.
func (db *DB) ListResponseEvents(ctx context.Context, alertID, orgID int64) ([]rollcall.ResponseEvent, error) {
	rows, err := db.read().query(ctx, `SELECT e.id, e.alert_id, e.org_id, e.kind, e.actor_id, e.actor_name, e.via_org_id,
		COALESCE(v.name, ''), e.summary, e.answer, e.at
		FROM response_events e LEFT JOIN organisations v ON v.id = e.via_org_id
		WHERE e.alert_id = ? AND e.org_id = ? ORDER BY e.id`, alertID, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.ResponseEvent
	for rows.Next() {
		var ev rollcall.ResponseEvent
		if err := rows.Scan(&ev.ID, &ev.AlertID, &ev.OrgID, &ev.Kind, idAt(&ev.ActorID), &ev.ActorName, idAt(&ev.ViaOrgID),
			&ev.ViaOrgName, &ev.Summary, jsonInto(&ev.Answer), timeAt(&ev.At)); err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}
