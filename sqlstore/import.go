package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rollcall"
)

// importBatch is how many organisations go in one INSERT: 500 rows of 7
// values stays far below both engines' limits on parameters.
const importBatch = 500

// ImportOrganisations creates or updates (by code) every organisation
// given, or none, and assigns each its ID and CreatedAt. An update keeps
// the organisation's creation time and, when the import names none, its
// data-security lead. EINVALID if a code appears twice or a region does
// not exist.
func (db *DB) ImportOrganisations(ctx context.Context, orgs []*rollcall.Organisation, now time.Time) (created, updated int, err error) {
	now = stored(now)
	seen := make(map[string]bool, len(orgs))
	codes := make([]string, 0, len(orgs))
	var regionIDs []int64
	for i, o := range orgs {
		o.Code = strings.ToUpper(strings.TrimSpace(o.Code))
		if seen[o.Code] {
			return 0, 0, rollcall.FieldError(fmt.Sprintf("organisations[%d].code", i), "Organisation code %s appears more than once.", o.Code)
		}
		seen[o.Code] = true
		codes = append(codes, o.Code)
		regionIDs = append(regionIDs, o.RegionID)
	}
	err = db.inTx(ctx, func(c conn) error {
		if err := checkRegionsExist(ctx, c, regionIDs); err != nil {
			return err
		}
		existing, err := existingCodes(ctx, c, codes)
		if err != nil {
			return err
		}
		for start := 0; start < len(orgs); start += importBatch {
			if err := upsertOrgs(ctx, c, orgs[start:min(start+importBatch, len(orgs))], now); err != nil {
				return err
			}
		}
		updated = len(existing)
		created = len(orgs) - updated
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return created, updated, nil
}

func checkRegionsExist(ctx context.Context, c conn, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	cond, arg := inInts(c.dialect, "id", ids)
	rows, err := c.query(ctx, `SELECT id FROM regions WHERE `+cond, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		found[id] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if !found[id] {
			return rollcall.FieldError("region", "Region %d does not exist.", id)
		}
	}
	return nil
}

// existingCodes returns which of the codes are already organisations.
func existingCodes(ctx context.Context, c conn, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(codes) == 0 {
		return out, nil
	}
	cond, arg := inStrings(c.dialect, "code", codes)
	rows, err := c.query(ctx, `SELECT code FROM organisations WHERE `+cond, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out[code] = true
	}
	return out, rows.Err()
}

// upsertOrgs inserts or updates a batch of organisations in one statement
// and reads back their IDs and creation times by code.
func upsertOrgs(ctx context.Context, c conn, orgs []*rollcall.Organisation, now time.Time) error {
	var b strings.Builder
	b.WriteString(`INSERT INTO organisations (code, name, type, region_id, flags, data_security_lead_id, created_at) VALUES `)
	args := make([]any, 0, len(orgs)*7)
	byCode := make(map[string]*rollcall.Organisation, len(orgs))
	for i, o := range orgs {
		flags, err := jsonText(o.Flags)
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?)")
		args = append(args, o.Code, o.Name, string(o.Type), o.RegionID, flags, nullID(o.DataSecurityLeadID), millis(now))
		byCode[o.Code] = o
	}
	b.WriteString(` ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type,
		region_id = excluded.region_id, flags = excluded.flags,
		data_security_lead_id = COALESCE(excluded.data_security_lead_id, organisations.data_security_lead_id)
		RETURNING id, code, created_at`)
	rows, err := c.query(ctx, b.String(), args...)
	if err != nil {
		if isForeignKeyViolation(err) {
			return rollcall.FieldError("data_security_lead", "A data-security lead named in the import does not exist.")
		}
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		var createdAt time.Time
		if err := rows.Scan(&id, &code, timeAt(&createdAt)); err != nil {
			return err
		}
		if o := byCode[code]; o != nil {
			o.ID, o.CreatedAt = id, createdAt
		}
	}
	if err := rows.Err(); err != nil {
		if isForeignKeyViolation(err) {
			return rollcall.FieldError("data_security_lead", "A data-security lead named in the import does not exist.")
		}
		return err
	}
	return nil
}
