package service

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"rollcall"
)

// OrganisationCSVColumns are the columns of the organisation import file,
// in any order; the header row is required. flags are separated by ";".
var OrganisationCSVColumns = []string{"code", "name", "type", "region", "flags"}

// maxImportRows bounds one import, well above England's 20,000 bodies.
const maxImportRows = 100000

// ImportOrganisationsCSV creates or updates (by code) the organisations in
// a CSV file. The file is checked whole first: any fault refuses it all,
// with the line and column at fault, and nothing is saved. Analysts only.
func (s *Directory) ImportOrganisationsCSV(ctx context.Context, actor *rollcall.Actor, r io.Reader) (created, updated int, err error) {
	if err := requireActor(actor); err != nil {
		return 0, 0, err
	}
	if !actor.CanManageDirectory() {
		return 0, 0, forbidden("import organisations")
	}
	regions, err := s.store.ListRegions(ctx)
	if err != nil {
		return 0, 0, err
	}
	orgs, err := parseOrganisationCSV(r, regions)
	if err != nil {
		return 0, 0, err
	}
	return s.store.ImportOrganisations(ctx, orgs, s.clock.Now())
}

func parseOrganisationCSV(r io.Reader, regions []rollcall.Region) ([]*rollcall.Organisation, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, rollcall.FieldError("file", "The file is empty: it needs a header row (%s).", strings.Join(OrganisationCSVColumns, ","))
	} else if err != nil {
		return nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		col[h] = i
	}
	for _, need := range []string{"code", "name", "type", "region"} {
		if _, ok := col[need]; !ok {
			return nil, rollcall.FieldError("line 1", "The header has no %q column; the columns are %s.", need, strings.Join(OrganisationCSVColumns, ","))
		}
	}
	byKey := map[string]int64{}
	for _, rg := range regions {
		byKey[strings.ToLower(rg.Code)] = rg.ID
		byKey[strings.ToLower(rg.Name)] = rg.ID
	}
	seen := map[string]int{}
	var orgs []*rollcall.Organisation
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if len(orgs) >= maxImportRows {
			return nil, rollcall.Errorf(rollcall.ETOOLARGE, "The file has more than %d organisations; split it.", maxImportRows)
		}
		o := &rollcall.Organisation{Code: get("code"), Name: get("name")}
		t, ok := rollcall.ParseOrgType(get("type"))
		if !ok {
			return nil, rollcall.FieldError(fmt.Sprintf("line %d, column type", line), "Unknown organisation type %q.", get("type"))
		}
		o.Type = t
		if o.RegionID = byKey[strings.ToLower(get("region"))]; o.RegionID == 0 {
			return nil, rollcall.FieldError(fmt.Sprintf("line %d, column region", line), "Unknown region %q.", get("region"))
		}
		for _, f := range strings.Split(get("flags"), ";") {
			if f = strings.TrimSpace(f); f != "" {
				o.Flags = append(o.Flags, f)
			}
		}
		if err := o.Validate(); err != nil {
			return nil, rollcall.FieldError(fmt.Sprintf("line %d, column %s", line, rollcall.ErrorField(err)), "%s", rollcall.ErrorMessage(err))
		}
		if prev, dup := seen[o.Code]; dup {
			return nil, rollcall.FieldError(fmt.Sprintf("line %d, column code", line), "Code %s is already on line %d.", o.Code, prev)
		}
		seen[o.Code] = line
		orgs = append(orgs, o)
	}
	if len(orgs) == 0 {
		return nil, rollcall.FieldError("file", "The file has a header but no organisations.")
	}
	return orgs, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return rollcall.Malformed(fmt.Sprintf("line %d, column %d", pe.Line, pe.Column), "The CSV is malformed: %v.", pe.Err)
	}
	return rollcall.FieldError("file", "The file could not be read: %v.", err)
}
