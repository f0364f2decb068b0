package sqlstore_test

import (
	"reflect"
	"testing"

	"rollcall"
	"rollcall/sqlstore"
)

func TestRegions(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		south := rollcall.Region{Code: "S", Name: "South"}
		north := rollcall.Region{Code: "N", Name: "North"}
		must(t, db.CreateRegion(ctx, &south))
		must(t, db.CreateRegion(ctx, &north))
		if south.ID == 0 || north.ID == 0 || south.ID == north.ID {
			t.Fatalf("got ids %d and %d, want two different ids", south.ID, north.ID)
		}
		wantCode(t, db.CreateRegion(ctx, &rollcall.Region{Code: "S", Name: "Another"}), rollcall.ECONFLICT)
		wantCode(t, db.CreateRegion(ctx, &rollcall.Region{Code: " ", Name: "Blank"}), rollcall.EINVALID)
		got, err := db.ListRegions(ctx)
		must(t, err)
		if want := []rollcall.Region{north, south}; !reflect.DeepEqual(got, want) {
			t.Fatalf("got regions %v, want %v (by name)", got, want)
		}
	})
}

func TestOrganisations(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		raa := f.orgs[0]
		if raa.ID == 0 || !raa.CreatedAt.Equal(t0) {
			t.Fatalf("got id %d created %v, want an id and %v", raa.ID, raa.CreatedAt, t0)
		}

		got, err := db.FindOrganisationByID(ctx, raa.ID)
		must(t, err)
		if !reflect.DeepEqual(got, raa) {
			t.Fatalf("got %+v, want %+v", got, raa)
		}
		got, err = db.FindOrganisationByCode(ctx, " raa ")
		must(t, err)
		if got.ID != raa.ID {
			t.Fatalf("by code: got id %d, want %d", got.ID, raa.ID)
		}
		_, err = db.FindOrganisationByID(ctx, 9999)
		wantCode(t, err, rollcall.ENOTFOUND)
		_, err = db.FindOrganisationByCode(ctx, "NOPE")
		wantCode(t, err, rollcall.ENOTFOUND)

		lead := &rollcall.User{Email: "siro@raa.example", Name: "Sam Siro", Role: rollcall.RoleSecurityLead, OrgID: raa.ID}
		must(t, db.CreateUser(ctx, lead))
		raa.Name, raa.Flags, raa.DataSecurityLeadID = "Royal Acute", []string{rollcall.FlagMajorTraumaCentre}, lead.ID
		must(t, db.UpdateOrganisation(ctx, raa))
		got, err = db.FindOrganisationByID(ctx, raa.ID)
		must(t, err)
		if !reflect.DeepEqual(got, raa) {
			t.Fatalf("after update: got %+v, want %+v", got, raa)
		}

		tests := []struct {
			name  string
			err   error
			code  string
			field string
		}{
			{"duplicate code", db.CreateOrganisation(ctx, &rollcall.Organisation{Code: "RAA", Name: "Dup", Type: rollcall.OrgOther, RegionID: f.north.ID}), rollcall.ECONFLICT, ""},
			{"missing region", db.CreateOrganisation(ctx, &rollcall.Organisation{Code: "RZZ", Name: "Z", Type: rollcall.OrgOther, RegionID: 999}), rollcall.EINVALID, "region"},
			{"missing lead", db.UpdateOrganisation(ctx, &rollcall.Organisation{ID: raa.ID, Code: "RAA", Name: "Z", Type: rollcall.OrgOther, RegionID: f.north.ID, DataSecurityLeadID: 999}), rollcall.EINVALID, "data_security_lead"},
			{"update to a taken code", db.UpdateOrganisation(ctx, &rollcall.Organisation{ID: raa.ID, Code: "RBB", Name: "Z", Type: rollcall.OrgOther, RegionID: f.north.ID}), rollcall.ECONFLICT, ""},
			{"update missing", db.UpdateOrganisation(ctx, &rollcall.Organisation{ID: 999, Code: "RYY", Name: "Z", Type: rollcall.OrgOther, RegionID: f.north.ID}), rollcall.ENOTFOUND, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, tt.err, tt.code)
				if got := rollcall.ErrorField(tt.err); got != tt.field {
					t.Fatalf("got field %q, want %q", got, tt.field)
				}
			})
		}
	})
}

func TestListOrganisations(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		raa, rbb, rcc, rdd := f.orgs[0].ID, f.orgs[1].ID, f.orgs[2].ID, f.orgs[3].ID
		all := rollcall.Scope{All: true}
		tests := []struct {
			name      string
			filter    rollcall.OrgFilter
			wantIDs   []int64
			wantTotal int
		}{
			{"everything", rollcall.OrgFilter{Scope: all}, []int64{raa, rbb, rcc, rdd}, 4},
			{"empty scope sees nothing", rollcall.OrgFilter{}, nil, 0},
			{"a region's scope", rollcall.OrgFilter{Scope: rollcall.Scope{RegionIDs: []int64{f.south.ID}}}, []int64{rcc, rdd}, 2},
			{"organisations' scope", rollcall.OrgFilter{Scope: rollcall.Scope{OrgIDs: []int64{rbb, rdd}}}, []int64{rbb, rdd}, 2},
			{"scope is orgs or region", rollcall.OrgFilter{Scope: rollcall.Scope{OrgIDs: []int64{raa}, RegionIDs: []int64{f.south.ID}}}, []int64{raa, rcc, rdd}, 3},
			{"region filter within scope", rollcall.OrgFilter{Scope: rollcall.Scope{OrgIDs: []int64{raa, rcc}}, RegionID: f.south.ID}, []int64{rcc}, 1},
			{"type", rollcall.OrgFilter{Scope: all, Type: rollcall.OrgGPPractice}, []int64{rbb, rdd}, 2},
			{"ids", rollcall.OrgFilter{Scope: all, IDs: []int64{rdd, raa}}, []int64{raa, rdd}, 2},
			{"query by code, any case", rollcall.OrgFilter{Scope: all, Query: "rcc"}, []int64{rcc}, 1},
			{"query by part of the name", rollcall.OrgFilter{Scope: all, Query: "org r"}, []int64{raa, rbb, rcc, rdd}, 4},
			{"query wildcard is literal", rollcall.OrgFilter{Scope: all, Query: "%"}, nil, 0},
			{"page", rollcall.OrgFilter{Scope: all, Limit: 2, Offset: 1}, []int64{rbb, rcc}, 4},
			{"offset without limit", rollcall.OrgFilter{Scope: all, Offset: 3}, []int64{rdd}, 4},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := db.ListOrganisations(ctx, tt.filter)
				must(t, err)
				var gotIDs []int64
				for _, o := range got {
					gotIDs = append(gotIDs, o.ID)
				}
				if !reflect.DeepEqual(gotIDs, tt.wantIDs) || total != tt.wantTotal {
					t.Fatalf("got %v (total %d), want %v (total %d)", gotIDs, total, tt.wantIDs, tt.wantTotal)
				}
			})
		}
	})
}

func TestImportOrganisations(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		now := t0.Add(rollcall.Day)
		orgs := []*rollcall.Organisation{
			{Code: "raa", Name: "Renamed Acute", Type: rollcall.OrgAcuteTrust, RegionID: f.south.ID},
			{Code: "REE", Name: "New Practice", Type: rollcall.OrgGPPractice, RegionID: f.north.ID, Flags: []string{"rural"}},
			{Code: "RFF", Name: "New Trust", Type: rollcall.OrgAcuteTrust, RegionID: f.south.ID},
		}
		created, updated, err := db.ImportOrganisations(ctx, orgs, now)
		must(t, err)
		if created != 2 || updated != 1 {
			t.Fatalf("got %d created and %d updated, want 2 and 1", created, updated)
		}
		if orgs[0].ID != f.orgs[0].ID || !orgs[0].CreatedAt.Equal(t0) {
			t.Fatalf("updated org: got id %d created %v, want id %d created %v", orgs[0].ID, orgs[0].CreatedAt, f.orgs[0].ID, t0)
		}
		for _, o := range orgs {
			got, err := db.FindOrganisationByCode(ctx, o.Code)
			must(t, err)
			if !reflect.DeepEqual(got, o) {
				t.Fatalf("got %+v, want %+v", got, o)
			}
		}

		tests := []struct {
			name string
			orgs []*rollcall.Organisation
		}{
			{"a region that does not exist", []*rollcall.Organisation{
				{Code: "RGG", Name: "G", Type: rollcall.OrgOther, RegionID: f.north.ID},
				{Code: "RHH", Name: "H", Type: rollcall.OrgOther, RegionID: 999}}},
			{"a code twice", []*rollcall.Organisation{
				{Code: "RGG", Name: "G", Type: rollcall.OrgOther, RegionID: f.north.ID},
				{Code: "rgg", Name: "G again", Type: rollcall.OrgOther, RegionID: f.north.ID}}},
			{"a lead that does not exist", []*rollcall.Organisation{
				{Code: "RGG", Name: "G", Type: rollcall.OrgOther, RegionID: f.north.ID, DataSecurityLeadID: 999}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := db.ImportOrganisations(ctx, tt.orgs, now)
				wantCode(t, err, rollcall.EINVALID)
				_, err = db.FindOrganisationByCode(ctx, "RGG")
				wantCode(t, err, rollcall.ENOTFOUND) // nothing saved
			})
		}
	})
}

func TestDelegations(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		unit, gp1, gp2 := f.orgs[0].ID, f.orgs[1].ID, f.orgs[3].ID
		d1 := &rollcall.Delegation{AgentOrgID: unit, OrgID: gp1, CreatedAt: t0, Note: "IT support contract"}
		d2 := &rollcall.Delegation{AgentOrgID: unit, OrgID: gp2, CreatedAt: t0}
		must(t, db.CreateDelegation(ctx, d1))
		must(t, db.CreateDelegation(ctx, d2))
		wantCode(t, db.CreateDelegation(ctx, &rollcall.Delegation{AgentOrgID: unit, OrgID: gp1}), rollcall.ECONFLICT)
		err := db.CreateDelegation(ctx, &rollcall.Delegation{AgentOrgID: unit, OrgID: 999})
		wantCode(t, err, rollcall.EINVALID)
		if got := rollcall.ErrorField(err); got != "org_id" {
			t.Fatalf("got field %q, want org_id", got)
		}

		tests := []struct {
			name       string
			agent, org int64
			want       []rollcall.Delegation
		}{
			{"by agent", unit, 0, []rollcall.Delegation{*d1, *d2}},
			{"by organisation", 0, gp2, []rollcall.Delegation{*d2}},
			{"both", unit, gp1, []rollcall.Delegation{*d1}},
			{"none match", gp1, 0, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.ListDelegations(ctx, tt.agent, tt.org)
				must(t, err)
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("got %+v, want %+v", got, tt.want)
				}
			})
		}

		must(t, db.DeleteDelegation(ctx, unit, gp1))
		wantCode(t, db.DeleteDelegation(ctx, unit, gp1), rollcall.ENOTFOUND)
		got, err := db.ListDelegations(ctx, unit, 0)
		must(t, err)
		if len(got) != 1 || got[0].OrgID != gp2 {
			t.Fatalf("after delete: got %+v, want only the delegation for %d", got, gp2)
		}
	})
}
