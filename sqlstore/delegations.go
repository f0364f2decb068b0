package sqlstore

import (
	"context"

	"rollcall"
)

// CreateDelegation records that d.AgentOrgID answers for d.OrgID (and sets
// d.CreatedAt if zero). EINVALID if either organisation does not exist;
// ECONFLICT if the delegation already exists.
func (db *DB) CreateDelegation(ctx context.Context, d *rollcall.Delegation) error {
	d.CreatedAt = nowIfZero(d.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		for _, ref := range []struct {
			field string
			id    int64
		}{{"agent_org_id", d.AgentOrgID}, {"org_id", d.OrgID}} {
			if ok, err := exists(ctx, c, `SELECT 1 FROM organisations WHERE id = ?`, ref.id); err != nil {
				return err
			} else if !ok {
				return rollcall.FieldError(ref.field, "Organisation %d does not exist.", ref.id)
			}
		}
		_, err := c.exec(ctx, `INSERT INTO delegations (agent_org_id, org_id, created_at, created_by, note) VALUES (?, ?, ?, ?, ?)`,
			d.AgentOrgID, d.OrgID, millis(d.CreatedAt), nullID(d.CreatedBy), d.Note)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "Organisation %d already answers for organisation %d.", d.AgentOrgID, d.OrgID)
		}
		return err
	})
}

// DeleteDelegation ends a delegation; ENOTFOUND if there is none.
func (db *DB) DeleteDelegation(ctx context.Context, agentOrgID, orgID int64) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM delegations WHERE agent_org_id = ? AND org_id = ?`, agentOrgID, orgID)
		if err != nil {
			return err
		}
		return mustAffect(res, "Organisation %d does not answer for organisation %d.", agentOrgID, orgID)
	})
}

// ListDelegations lists the delegations whose agent is agentOrgID and
// whose organisation answered for is orgID; a zero argument matches any.
func (db *DB) ListDelegations(ctx context.Context, agentOrgID, orgID int64) ([]rollcall.Delegation, error) {
	var w where
	if agentOrgID != 0 {
		w.add("agent_org_id = ?", agentOrgID)
	}
	if orgID != 0 {
		w.add("org_id = ?", orgID)
	}
	rows, err := db.read().query(ctx, `SELECT agent_org_id, org_id, created_at, created_by, note FROM delegations`+
		w.String()+` ORDER BY agent_org_id, org_id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.Delegation
	for rows.Next() {
		var d rollcall.Delegation
		if err := rows.Scan(&d.AgentOrgID, &d.OrgID, timeAt(&d.CreatedAt), idAt(&d.CreatedBy), &d.Note); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
