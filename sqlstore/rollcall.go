package sqlstore

import (
	"context"
	"fmt"
	"time"

	"rollcall"
)

// The rules of rollcall.Response, written in SQL over a responses row
// aliased r. They must say exactly what the Go methods say; the property
// test in rollcall_test.go holds them to it. Where a rule compares with now
// it takes one argument, millisCeil(now).
const (
	// ackOverdueSQL is Response.AckOverdue.
	ackOverdueSQL = `(r.acknowledged_at IS NULL AND r.ack_due IS NOT NULL AND r.ack_due < ?)`
	// remediationOverdueSQL is Response.RemediationOverdue.
	remediationOverdueSQL = `(r.closed_at IS NULL AND r.remediate_due IS NOT NULL AND r.remediate_due < ?)`
	// overdueSQL is a clock run out (two arguments).
	overdueSQL = `(` + ackOverdueSQL + ` OR ` + remediationOverdueSQL + `)`
	// overdueSinceSQL is Response.OverdueSince, NULL when not overdue (two
	// arguments).
	overdueSinceSQL = `CASE WHEN ` + ackOverdueSQL + ` THEN r.ack_due WHEN ` + remediationOverdueSQL + ` THEN r.remediate_due END`
	// ackLateSQL is Response.AckLate.
	ackLateSQL = `(r.acknowledged_at IS NOT NULL AND r.ack_due IS NOT NULL AND r.acknowledged_at > r.ack_due)`
	// remediationLateSQL is Response.RemediationLate.
	remediationLateSQL = `(r.closed_at IS NOT NULL AND r.remediate_due IS NOT NULL AND r.closed_at > r.remediate_due)`
)

// escalationSQL is Policy.Escalation for a row whose overdue-since time is
// the column since: the highest rung i+1 whose threshold i it is at or
// before. Its arguments are escalationArgs(thresholds).
func escalationSQL(since string) string {
	return `CASE WHEN ` + since + ` <= ? THEN 3 WHEN ` + since + ` <= ? THEN 2 WHEN ` + since + ` <= ? THEN 1 ELSE 0 END`
}

func escalationArgs(t [3]time.Time) []any {
	return []any{millisFloor(t[2]), millisFloor(t[1]), millisFloor(t[0])}
}

// flag is a condition as 0 or 1, the same on both engines.
func flag(cond string) string { return `CASE WHEN ` + cond + ` THEN 1 ELSE 0 END` }

// RollCallGroups counts one alert's responses within scope at now, grouped
// by the facts rollcall.FoldRollCall needs, in one GROUP BY in the
// database. Escalation rungs are counted by thresholds
// (Policy.EscalationThresholds(now)).
func (db *DB) RollCallGroups(ctx context.Context, alertID int64, scope rollcall.Scope, now time.Time, thresholds [3]time.Time) ([]rollcall.RollCallGroup, error) {
	return rollCallGroups(ctx, db.read(), alertID, scope, now, thresholds)
}

// RollCallFigures reads RollCallGroups and RollCallDurations in one read
// transaction, so the counts and the times beside them describe the same
// moment.
func (db *DB) RollCallFigures(ctx context.Context, alertID int64, scope rollcall.Scope, now time.Time, thresholds [3]time.Time) (rollcall.RollCallFigures, error) {
	var f rollcall.RollCallFigures
	if scope.Empty() {
		return f, nil
	}
	err := db.inReadTx(ctx, func(c conn) error {
		var err error
		if f.Groups, err = rollCallGroups(ctx, c, alertID, scope, now, thresholds); err != nil {
			return err
		}
		f.Ack, f.Remediate, err = rollCallDurations(ctx, c, alertID, scope)
		return err
	})
	if err != nil {
		return rollcall.RollCallFigures{}, err
	}
	return f, nil
}

func rollCallGroups(ctx context.Context, c conn, alertID int64, scope rollcall.Scope, now time.Time, thresholds [3]time.Time) ([]rollcall.RollCallGroup, error) {
	if scope.Empty() {
		return nil, nil
	}
	var w where
	w.add("r.alert_id = ?", alertID)
	w.addScope(c.dialect, scope, "r.org_id", "o.region_id")
	nowMs := millisCeil(now)
	query := `SELECT region_id, type, phase, stated, acknowledged, ack_overdue, ack_late,
			remediation_overdue, remediation_late, ` + escalationSQL("overdue_since") + `, COUNT(*)
		FROM (
			SELECT o.region_id, o.type, r.phase,
				` + flag(`r.applicability <> ''`) + ` AS stated,
				` + flag(`r.acknowledged_at IS NOT NULL`) + ` AS acknowledged,
				` + flag(ackOverdueSQL) + ` AS ack_overdue,
				` + flag(ackLateSQL) + ` AS ack_late,
				` + flag(remediationOverdueSQL) + ` AS remediation_overdue,
				` + flag(remediationLateSQL) + ` AS remediation_late,
				` + overdueSinceSQL + ` AS overdue_since
			FROM responses r JOIN organisations o ON o.id = r.org_id` + w.String() + `
		) x
		GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`
	args := append(escalationArgs(thresholds), nowMs, nowMs, nowMs, nowMs)
	rows, err := c.query(ctx, query, append(args, w.args...)...)
	if err != nil {
		return nil, fmt.Errorf("roll call: %w", err)
	}
	defer rows.Close()
	var out []rollcall.RollCallGroup
	for rows.Next() {
		var g rollcall.RollCallGroup
		if err := rows.Scan(&g.RegionID, &g.OrgType, &g.Phase, &g.Stated, &g.Acknowledged, &g.AckOverdue, &g.AckLate,
			&g.RemediationOverdue, &g.RemediationLate, &g.Escalation, &g.Count); err != nil {
			return nil, fmt.Errorf("roll call: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// RollCallDurations gives the median and 90th percentile (nearest rank)
// of the time from targeting to acknowledgement over the acknowledged
// responses, and from targeting to closing over the closed ones, within
// scope. Each percentile is one indexed row fetched by its rank, so no
// durations are loaded into Go.
func (db *DB) RollCallDurations(ctx context.Context, alertID int64, scope rollcall.Scope) (ack, remediate rollcall.Durations, err error) {
	if scope.Empty() {
		return ack, remediate, nil
	}
	err = db.inReadTx(ctx, func(c conn) error {
		ack, remediate, err = rollCallDurations(ctx, c, alertID, scope)
		return err
	})
	return ack, remediate, err
}

func rollCallDurations(ctx context.Context, c conn, alertID int64, scope rollcall.Scope) (ack, remediate rollcall.Durations, err error) {
	if ack, err = durations(ctx, c, alertID, scope, "r.acknowledged_at"); err != nil {
		return ack, remediate, fmt.Errorf("roll call durations: %w", err)
	}
	if remediate, err = durations(ctx, c, alertID, scope, "r.closed_at"); err != nil {
		return ack, remediate, fmt.Errorf("roll call durations: %w", err)
	}
	return ack, remediate, nil
}

// durations summarises end - targeted_at over the responses where the
// column end is set.
func durations(ctx context.Context, c conn, alertID int64, scope rollcall.Scope, end string) (rollcall.Durations, error) {
	var w where
	w.add("r.alert_id = ?", alertID)
	w.add(end + " IS NOT NULL")
	w.addScope(c.dialect, scope, "r.org_id", "o.region_id")
	from := ` FROM responses r` + joinForScope(scope) + w.String()
	var d rollcall.Durations
	if err := c.queryRow(ctx, `SELECT COUNT(*)`+from, w.args...).Scan(&d.Count); err != nil || d.Count == 0 {
		return d, err
	}
	at := func(p float64) (time.Duration, error) {
		var ms int64
		q := `SELECT ` + end + ` - r.targeted_at` + from + ` ORDER BY 1` +
			fmt.Sprintf(" LIMIT 1 OFFSET %d", rollcall.PercentileIndex(d.Count, p))
		err := c.queryRow(ctx, q, w.args...).Scan(&ms)
		return time.Duration(ms) * time.Millisecond, err
	}
	var err error
	if d.Median, err = at(50); err != nil {
		return d, err
	}
	d.P90, err = at(90)
	return d, err
}
