package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"rollcall"
)

// CreateRegion saves a new region and assigns r.ID. ECONFLICT if its code
// is taken.
func (db *DB) CreateRegion(ctx context.Context, r *rollcall.Region) error {
	r.Code, r.Name = strings.TrimSpace(r.Code), strings.TrimSpace(r.Name)
	switch {
	case r.Code == "":
		return rollcall.FieldError("code", "A region code is required.")
	case r.Name == "":
		return rollcall.FieldError("name", "A region name is required.")
	}
	return db.inTx(ctx, func(c conn) error {
		err := c.queryRow(ctx, `INSERT INTO regions (code, name) VALUES (?, ?) RETURNING id`, r.Code, r.Name).Scan(&r.ID)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "A region with code %s already exists.", r.Code)
		}
		return err
	})
}

// ListRegions lists every region by name.
func (db *DB) ListRegions(ctx context.Context) ([]rollcall.Region, error) {
	rows, err := db.read().query(ctx, `SELECT id, code, name FROM regions ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rollcall.Region
	for rows.Next() {
		var r rollcall.Region
		if err := rows.Scan(&r.ID, &r.Code, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const orgColumns = `o.id, o.code, o.name, o.type, o.region_id, o.flags, o.data_security_lead_id, o.created_at`

func scanOrg(s scanner, o *rollcall.Organisation) error {
	return s.Scan(&o.ID, &o.Code, &o.Name, &o.Type, &o.RegionID, jsonInto(&o.Flags), idAt(&o.DataSecurityLeadID), timeAt(&o.CreatedAt))
}

// CreateOrganisation saves a new organisation and assigns o.ID (and
// o.CreatedAt if zero). ECONFLICT if its code is taken; EINVALID if its
// region or data-security lead does not exist.
func (db *DB) CreateOrganisation(ctx context.Context, o *rollcall.Organisation) error {
	o.CreatedAt = nowIfZero(o.CreatedAt)
	flags, err := jsonText(o.Flags)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		if err := checkOrgRefs(ctx, c, o); err != nil {
			return err
		}
		err := c.queryRow(ctx, `
			INSERT INTO organisations (code, name, type, region_id, flags, data_security_lead_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			o.Code, o.Name, string(o.Type), o.RegionID, flags, nullID(o.DataSecurityLeadID), millis(o.CreatedAt),
		).Scan(&o.ID)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "An organisation with code %s already exists.", o.Code)
		}
		return err
	})
}

// UpdateOrganisation saves an organisation's fields (not its creation
// time). ENOTFOUND if there is no such organisation; ECONFLICT if its new
// code is taken; EINVALID if its region or lead does not exist.
func (db *DB) UpdateOrganisation(ctx context.Context, o *rollcall.Organisation) error {
	flags, err := jsonText(o.Flags)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		if err := checkOrgRefs(ctx, c, o); err != nil {
			return err
		}
		res, err := c.exec(ctx, `
			UPDATE organisations SET code = ?, name = ?, type = ?, region_id = ?, flags = ?, data_security_lead_id = ?
			WHERE id = ?`,
			o.Code, o.Name, string(o.Type), o.RegionID, flags, nullID(o.DataSecurityLeadID), o.ID)
		if isUniqueViolation(err) {
			return rollcall.Errorf(rollcall.ECONFLICT, "An organisation with code %s already exists.", o.Code)
		} else if err != nil {
			return err
		}
		if err := mustAffect(res, "Organisation %d not found.", o.ID); err != nil {
			return err
		}
		return c.queryRow(ctx, `SELECT created_at FROM organisations WHERE id = ?`, o.ID).Scan(timeAt(&o.CreatedAt))
	})
}

// checkOrgRefs checks that what an organisation refers to exists, so the
// caller hears which field is wrong rather than a bare constraint error.
func checkOrgRefs(ctx context.Context, c conn, o *rollcall.Organisation) error {
	if ok, err := exists(ctx, c, `SELECT 1 FROM regions WHERE id = ?`, o.RegionID); err != nil {
		return err
	} else if !ok {
		return rollcall.FieldError("region", "Region %d does not exist.", o.RegionID)
	}
	if o.DataSecurityLeadID != 0 {
		if ok, err := exists(ctx, c, `SELECT 1 FROM users WHERE id = ?`, o.DataSecurityLeadID); err != nil {
			return err
		} else if !ok {
			return rollcall.FieldError("data_security_lead", "User %d does not exist.", o.DataSecurityLeadID)
		}
	}
	return nil
}

// FindOrganisationByID returns an organisation; ENOTFOUND if there is none.
func (db *DB) FindOrganisationByID(ctx context.Context, id int64) (*rollcall.Organisation, error) {
	var o rollcall.Organisation
	err := scanOrg(db.read().queryRow(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = ?`, id), &o)
	if err != nil {
		return nil, notFound(err, "Organisation %d not found.", id)
	}
	return &o, nil
}

// FindOrganisationByCode returns an organisation by its code, ignoring
// case; ENOTFOUND if there is none.
func (db *DB) FindOrganisationByCode(ctx context.Context, code string) (*rollcall.Organisation, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var o rollcall.Organisation
	err := scanOrg(db.read().queryRow(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.code = ?`, code), &o)
	if err != nil {
		return nil, notFound(err, "Organisation %s not found.", code)
	}
	return &o, nil
}

// ListOrganisations returns a page of the organisations that match f, by
// name, and how many match in all. The empty scope matches nothing.
func (db *DB) ListOrganisations(ctx context.Context, f rollcall.OrgFilter) ([]rollcall.Organisation, int, error) {
	if f.Scope.Empty() {
		return nil, 0, nil
	}
	var w where
	w.addScope(db.dialect, f.Scope, "o.id", "o.region_id")
	if f.RegionID != 0 {
		w.add("o.region_id = ?", f.RegionID)
	}
	if f.Type != "" {
		w.add("o.type = ?", string(f.Type))
	}
	if len(f.IDs) > 0 {
		cond, arg := inInts(db.dialect, "o.id", f.IDs)
		w.add(cond, arg)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(o.code = ? OR lower(o.name) LIKE ? ESCAPE '\')`, strings.ToUpper(q), likePattern(q))
	}
	var out []rollcall.Organisation
	var total int
	err := db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM organisations o`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT `+orgColumns+` FROM organisations o`+w.String()+
			` ORDER BY o.name, o.id`+page(db.dialect, f.Limit, f.Offset), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o rollcall.Organisation
			if err := scanOrg(rows, &o); err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list organisations: %w", err)
	}
	return out, total, nil
}
