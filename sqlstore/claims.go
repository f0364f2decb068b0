package sqlstore

import (
	"context"

	"rollcall"
)

// ResponseClaims returns, for every organisation in scope an alert
// reached, what it says: the organisation, its region and its answer.
// It is the lean read behind comparing claims with inventories across
// the nation, 20,000 rows without the columns a list shows.
func (db *DB) ResponseClaims(ctx context.Context, alertID int64, scope rollcall.Scope) ([]rollcall.ClaimRow, error) {
	if scope.Empty() {
		return nil, nil
	}
	var w where
	w.add("r.alert_id = ?", alertID)
	w.addScope(db.dialect, scope, "r.org_id", "o.region_id")
	var out []rollcall.ClaimRow
	err := db.inReadTx(ctx, func(c conn) error {
		rows, err := c.query(ctx, `SELECT r.org_id, o.region_id, r.applicability, r.action
			FROM responses r JOIN organisations o ON o.id = r.org_id`+w.String()+` ORDER BY r.org_id`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r rollcall.ClaimRow
			if err := rows.Scan(&r.OrgID, &r.RegionID, &r.Applicability, &r.Action); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
