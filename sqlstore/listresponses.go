package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rollcall"
)

// responseRowColumns are the columns of the derived table x that
// ListResponses reads: the response, its organisation and its alert.
var responseRowColumns = strings.ReplaceAll(responseColumns, "r.", "x.") +
	`, x.code, x.name, x.type, x.region_id, x.reference, x.title, x.severity, x.status, x.alert_updated_at`

// responseOrders are the orders a ResponseFilter may ask for; each ends
// with the key, so pages are stable.
var responseOrders = map[string]string{
	"overdue":  `x.overdue_since IS NULL, x.overdue_since, x.name, x.org_id, x.alert_id`,
	"name":     `x.name, x.org_id, x.alert_id DESC`,
	"deadline": `x.next_due IS NULL, x.next_due, x.name, x.org_id, x.alert_id`,
	"":         `x.targeted_at DESC, x.alert_id DESC, x.name, x.org_id`,
}

// ListResponses returns a page of the responses that match f, with their
// organisation and alert, and how many match in all. Overdue and
// escalation are judged at f.Now. The empty scope matches nothing.
func (db *DB) ListResponses(ctx context.Context, f rollcall.ResponseFilter) ([]rollcall.ResponseRow, int, error) {
	if f.Scope.Empty() {
		return nil, 0, nil
	}
	order, ok := responseOrders[f.Order]
	if !ok {
		return nil, 0, rollcall.FieldError("order", "Unknown order %q: use overdue, name or deadline.", f.Order)
	}
	nowMs := millisCeil(f.Now)
	var w where
	if f.AlertID != 0 {
		w.add("r.alert_id = ?", f.AlertID)
	}
	w.addScope(db.dialect, f.Scope, "r.org_id", "o.region_id")
	if len(f.OrgIDs) > 0 {
		cond, arg := inInts(db.dialect, "r.org_id", f.OrgIDs)
		w.add(cond, arg)
	}
	if f.RegionID != 0 {
		w.add("o.region_id = ?", f.RegionID)
	}
	if f.OrgType != "" {
		w.add("o.type = ?", string(f.OrgType))
	}
	if len(f.Phases) > 0 {
		phases := make([]string, len(f.Phases))
		for i, p := range f.Phases {
			phases[i] = string(p)
		}
		cond, arg := inStrings(db.dialect, "r.phase", phases)
		w.add(cond, arg)
	}
	// Any rung above the responder implies overdue; saying so lets the
	// engine use the indexes of open clocks.
	if f.Overdue || f.MinEscalation > rollcall.EscalationNone {
		w.add(overdueSQL, nowMs, nowMs)
	}
	if f.Open {
		w.add("r.closed_at IS NULL")
	}
	if f.Closed {
		w.add("r.closed_at IS NOT NULL")
	}
	if f.OnlyPublished {
		w.add("a.status = ?", string(rollcall.AlertPublished))
	}
	if f.SignOff != "" {
		w.add("r.sign_off = ?", string(f.SignOff))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(o.code = ? OR lower(o.name) LIKE ? ESCAPE '\')`, strings.ToUpper(q), likePattern(q))
	}
	var outer where
	if f.MinEscalation > rollcall.EscalationNone {
		outer.add(escalationSQL("x.overdue_since")+" >= ?", append(escalationArgs(f.Thresholds), int(f.MinEscalation))...)
	}

	inner := `SELECT ` + responseColumns + `, o.code, o.name, o.type, o.region_id, a.reference, a.title, a.severity, a.status,
			a.updated_at AS alert_updated_at, ` + overdueSinceSQL + ` AS overdue_since,
			CASE WHEN r.acknowledged_at IS NULL AND r.ack_due IS NOT NULL THEN r.ack_due
				WHEN r.closed_at IS NULL AND r.remediate_due IS NOT NULL THEN r.remediate_due END AS next_due
		FROM responses r JOIN organisations o ON o.id = r.org_id JOIN alerts a ON a.id = r.alert_id` + w.String()
	args := append(append([]any{nowMs, nowMs}, w.args...), outer.args...)

	var out []rollcall.ResponseRow
	var total int
	err := db.inReadTx(ctx, func(c conn) error {
		from := ` FROM (` + inner + `) x` + outer.String()
		if err := c.queryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT `+responseRowColumns+from+` ORDER BY `+order+page(db.dialect, f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rr rollcall.ResponseRow
			var alertUpdated time.Time
			if err := scanResponse(rows, &rr.Response, &rr.OrgCode, &rr.OrgName, &rr.OrgType, &rr.RegionID,
				&rr.AlertRef, &rr.AlertTitle, &rr.AlertSeverity, &rr.AlertStatus, timeAt(&alertUpdated)); err != nil {
				return err
			}
			if rr.AlertStatus == rollcall.AlertWithdrawn {
				// A withdrawn alert is never changed again: its last
				// change is its withdrawal.
				rr.AlertWithdrawnAt = alertUpdated
			}
			out = append(out, rr)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list responses: %w", err)
	}
	return out, total, nil
}
