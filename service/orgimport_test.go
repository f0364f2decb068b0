package service_test

import (
	"strings"
	"testing"

	"rollcall"
	"rollcall/rollcalltest"
)

func TestImportOrganisationsCSV(t *testing.T) {
	tests := []struct {
		name      string
		csv       string
		wantField string
		created   int
		updated   int
	}{
		{name: "creates and updates by code", csv: "code,name,type,region,flags\nNEW1,Newtown Surgery,GP practice,N,\nNTRUST,Northtown Hospitals NHS Foundation Trust,acute_trust,North,major_trauma_centre\n", created: 1, updated: 1},
		{name: "columns in any order, BOM and blank flags", csv: "\ufeffregion,type,name,code\nS,community_provider,Southport Community Health,SCH1\n", created: 1},
		{name: "unknown type names its line and column", csv: "code,name,type,region\nOK1,Fine,gp_practice,N\nBAD1,Wrong,hospital,N\n", wantField: "line 3, column type"},
		{name: "unknown region", csv: "code,name,type,region\nBAD2,Wrong,gp_practice,Atlantis\n", wantField: "line 2, column region"},
		{name: "bad code", csv: "code,name,type,region\nb@d,Wrong,gp_practice,N\n", wantField: "line 2, column code"},
		{name: "duplicate code in the file", csv: "code,name,type,region\nDUP1,A,gp_practice,N\nDUP1,B,gp_practice,N\n", wantField: "line 3, column code"},
		{name: "missing column", csv: "code,name,region\nX1,A,N\n", wantField: "line 1"},
		{name: "empty file", csv: "", wantField: "file"},
		{name: "header only", csv: "code,name,type,region\n", wantField: "file"},
		{name: "malformed quoting", csv: "code,name,type,region\n\"Q1,A,gp_practice,N\n", wantField: "line 2, column 21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := rollcalltest.NewFederation(t)
			before, total, _ := f.Svc.ListOrganisations(ctx, f.Actor("analyst"), rollcall.OrgFilter{})
			created, updated, err := f.Svc.ImportOrganisationsCSV(ctx, f.Actor("analyst"), strings.NewReader(tt.csv))
			if got := rollcall.ErrorField(err); got != tt.wantField {
				t.Fatalf("field = %q (err %v), want %q", got, err, tt.wantField)
			}
			if created != tt.created || updated != tt.updated {
				t.Errorf("created %d updated %d, want %d and %d", created, updated, tt.created, tt.updated)
			}
			after, total2, _ := f.Svc.ListOrganisations(ctx, f.Actor("analyst"), rollcall.OrgFilter{})
			if tt.wantField != "" && (total2 != total || len(after) != len(before)) {
				t.Errorf("a refused file changed the directory: %d organisations before, %d after", total, total2)
			}
		})
	}
	f := rollcalltest.NewFederation(t)
	if _, _, err := f.Svc.ImportOrganisationsCSV(ctx, f.Actor("coordN"), strings.NewReader("code,name,type,region\nX9,A,gp_practice,N\n")); code(err) != rollcall.EFORBIDDEN {
		t.Errorf("a coordinator importing: code %q, want forbidden", code(err))
	}
}
