package service_test

import (
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
	"rollcall/rollcalltest"
)

const inventoryCSV = `host,os_name,os_version,os_build,updates,software_name,software_vendor,software_version,purl
WS-001,Microsoft Windows 7 Professional,6.1,7601,KB4012215,Mozilla Firefox,Mozilla,115.0.2,
WS-001,,,,,lodash,,4.17.20,pkg:npm/lodash@4.17.20
WS-002,Microsoft Windows 10 Enterprise,10.0,14393.953,,,,,
`

func TestImportInventory(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	tests := []struct {
		user, org string
		wantCode  string
	}{
		{"respN", "NTRUST", ""},
		{"respSU", "NGP1", ""}, // through the delegation
		{"analyst", "STRUST", ""},
		{"respS", "NTRUST", rollcall.ENOTFOUND}, // another organisation does not exist for them
		{"leadN", "NTRUST", rollcall.EFORBIDDEN},
		{"auditor", "NTRUST", rollcall.EFORBIDDEN},
		{"coordN", "NTRUST", rollcall.EFORBIDDEN},
	}
	for _, tt := range tests {
		res, err := f.Svc.ImportInventory(ctx, f.Actor(tt.user), f.Orgs[tt.org].ID, strings.NewReader(inventoryCSV), inventory.Options{})
		if code(err) != tt.wantCode {
			t.Errorf("%s uploading for %s: code %q (%v), want %q", tt.user, tt.org, code(err), err, tt.wantCode)
			continue
		}
		if err == nil && (res.Hosts != 2 || res.Rows != 5 || res.Source != "csv") {
			t.Errorf("%s uploading for %s: %+v, want 2 hosts and 5 rows from csv", tt.user, tt.org, res)
		}
	}
	hosts, n, err := f.Svc.InventoryHosts(ctx, f.Actor("leadN"), f.Orgs["NTRUST"].ID, 10, 0)
	if err != nil || n != 2 {
		t.Fatalf("leadN reading NTRUST's hosts: %d (%v)", n, err)
	}
	if hosts[0].Name != "WS-001" || len(hosts[0].Items) != 4 {
		t.Errorf("WS-001 = %+v, want 4 rows (Windows, KB, Firefox, lodash)", hosts[0])
	}
	if _, _, err := f.Svc.InventoryHosts(ctx, f.Actor("respS"), f.Orgs["NTRUST"].ID, 10, 0); code(err) != rollcall.ENOTFOUND {
		t.Errorf("respS reading NTRUST's hosts: code %q, want not_found", code(err))
	}
	// A broken file is refused whole, naming the place, and saves nothing.
	broken := inventoryCSV + "WS-003,,,,,bad,,1.0,pkg:nope\n"
	_, err = f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NMH"].ID, strings.NewReader(broken), inventory.Options{})
	if code(err) != rollcall.ENOTFOUND {
		t.Errorf("respN uploading for NMH (not theirs, and not visible to them): code %q, want not_found", code(err))
	}
	_, err = f.Svc.ImportInventory(ctx, f.Actor("analyst"), f.Orgs["NMH"].ID, strings.NewReader(broken), inventory.Options{})
	if !strings.HasPrefix(rollcall.ErrorField(err), "line 5") {
		t.Errorf("broken file: field %q (%v), want line 5", rollcall.ErrorField(err), err)
	}
	if sum, _ := f.Svc.InventorySummary(ctx, f.Actor("analyst"), f.Orgs["NMH"].ID); sum.Hosts != 0 {
		t.Errorf("a refused file saved %d hosts", sum.Hosts)
	}
}

func TestExposureLoadsAndFollowsUploads(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	if _, err := f.Svc.ExposureStats(ctx, f.Actor("analyst")); code(err) != rollcall.ENOTFOUND {
		t.Errorf("stats before loading: code %q, want not_found", code(err))
	}
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(inventoryCSV), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	load, err := f.Svc.LoadExposure(ctx)
	if err != nil || load.Hosts != 2 || load.Rows != 5 {
		t.Fatalf("load: %+v %v; want 2 hosts, 5 rows", load, err)
	}
	// An upload after loading reaches the matcher at once.
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respS"), f.Orgs["STRUST"].ID, strings.NewReader(inventoryCSV), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	st, err := f.Svc.ExposureStats(ctx, f.Actor("auditor"))
	if err != nil || st.Hosts != 4 {
		t.Errorf("stats after a second upload: %+v %v; want 4 hosts", st, err)
	}
	if _, err := f.Svc.ExposureStats(ctx, f.Actor("respN")); code(err) != rollcall.EFORBIDDEN {
		t.Errorf("a responder reading the index: code %q, want forbidden", code(err))
	}
}
