package service_test

import (
	"os"
	"testing"

	"rollcall"
	"rollcall/inventory"
	"rollcall/osv"
	"rollcall/rollcalltest"
	"rollcall/service"
)

// TestRealSBOMsAgainstRealAdvisories sends the three real CycloneDX SBOMs
// of ../shared/data as hosts, imports the whole Go vulnerability database
// and a Maven advisory written after GHSA-57j2-w4cx-62h2 (jackson-databind
// before 2.12.6.1), and re-matches the library: the two Java SBOMs carry
// jackson-databind 2.9.10 and 2.10.1, both affected; nothing in the Go
// database names a package of these Java and PHP applications, so any
// other match would be a false one.
func TestRealSBOMsAgainstRealAdvisories(t *testing.T) {
	const data = "../../shared/data/"
	if _, err := os.Stat(data + "osv/Go/all.zip"); err != nil {
		t.Skip("the shared data is not beside the project")
	}
	f := rollcalltest.NewFederation(t)
	for _, sbom := range []struct{ file, org, host string }{
		{"cyclonedx/dropwizard-1.3.15.bom.json", "NTRUST", "app-dropwizard"},
		{"cyclonedx/keycloak-10.0.2.bom.json", "NTRUST", "idp-keycloak"},
		{"cyclonedx/laravel-7.12.0.bom.json", "STRUST", "web-laravel"},
	} {
		file, err := os.Open(data + sbom.file)
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.Svc.ImportInventory(ctx, f.Actor("analyst"), f.Orgs[sbom.org].ID, file, inventory.Options{Host: sbom.host})
		file.Close()
		if err != nil || res.Hosts != 1 || res.Rows < 50 {
			t.Fatalf("%s: %+v %v", sbom.file, res, err)
		}
	}
	var advs []*rollcall.Advisory
	for _, path := range []string{data + "osv/Go/all.zip", "testdata/GHSA-57j2-w4cx-62h2.json"} {
		batch, err := osv.ReadPath(path)
		if err != nil || len(batch.Refused) != 0 {
			t.Fatalf("%s: %v, refused %v", path, err, batch.Refused)
		}
		advs = append(advs, batch.Advisories...)
	}
	if _, err := f.Svc.ImportAdvisories(ctx, service.Operator(), advs); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.MatchAdvisories(ctx, f.Actor("analyst"), rollcall.AdvisoryFilter{}, false); rollcall.ErrorCode(err) != rollcall.ECONFLICT {
		t.Errorf("matching before exposure is loaded: %v, want conflict", err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := f.Svc.MatchAdvisories(ctx, f.Actor("analyst"), rollcall.AdvisoryFilter{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Advisories < 4000 || res.Unmatched != 0 {
		t.Errorf("matched %d advisories, %d could not be: want the whole library, every range readable", res.Advisories, res.Unmatched)
	}
	if res.Exposing != 1 || len(res.Results) != 1 {
		t.Fatalf("%d advisories expose a host (%+v), want the jackson-databind one alone", res.Exposing, res.Results)
	}
	if r := res.Results[0]; r.SourceID != "GHSA-57j2-w4cx-62h2" || r.Exposed != 2 || r.Unknown != 0 || r.Orgs != 1 {
		t.Errorf("jackson-databind: %+v, want the two Java hosts of NTRUST exposed", r)
	}
	// The hosts and their reasons, as NTRUST sees them through an alert
	// made from the advisory.
	a := &rollcall.Alert{Title: "jackson-databind", Severity: rollcall.SeverityMedium, Summary: "Upgrade.", Target: rollcall.Target{Exposed: true},
		Affected: rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: advs[len(advs)-1].Affected[0].PURL, Vers: advs[len(advs)-1].Affected[0].Vers}}}}
	if err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), a); err != nil {
		t.Fatal(err)
	}
	if n, err := f.Svc.PublishAlert(ctx, f.Actor("analyst"), a.ID); err != nil || n != 1 {
		t.Fatalf("published to %d (%v), want NTRUST", n, err)
	}
	o, err := f.Svc.OrgAlertExposure(ctx, f.Actor("respN"), a.ID, f.Orgs["NTRUST"].ID, 10)
	if err != nil || len(o.Hosts) != 2 {
		t.Fatalf("%+v %v", o, err)
	}
	for _, h := range o.Hosts {
		t.Logf("%s: %v", h.Host.Name, h.Reasons)
	}
	if _, err := f.Svc.MatchAdvisories(ctx, f.Actor("respN"), rollcall.AdvisoryFilter{}, false); rollcall.ErrorCode(err) != rollcall.EFORBIDDEN {
		t.Errorf("a responder matching the library: %v, want forbidden", err)
	}
}
