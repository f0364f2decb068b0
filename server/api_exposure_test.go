package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// exposureInventory is one organisation's inventory in Rollcall's JSON
// form: a Windows 7 host with the updates given, and a Debian server with
// the openssl version given.
func exposureInventory(prefix string, updates []string, openssl string) map[string]any {
	return map[string]any{"format": "rollcall-inventory", "version": 1, "hosts": []any{
		map[string]any{"name": prefix + "-WS-01", "os": map[string]any{"name": "Microsoft Windows 7 Professional", "version": "6.1", "build": "7601"},
			"updates": updates},
		map[string]any{"name": prefix + "-SRV-01", "os": map[string]any{"name": "Debian GNU/Linux", "version": "12"},
			"software": []any{map[string]any{"name": "openssl", "version": openssl, "purl": "pkg:deb/debian/openssl@" + openssl + "?arch=amd64"}}},
	}}
}

// TestAPIExposure runs the exposure work end to end over the API: a
// structured alert targets the organisations whose inventories show them
// exposed, the exposure endpoints say who and why, and an organisation
// that says it patched while its inventory shows otherwise is a
// discrepancy.
func TestAPIExposure(t *testing.T) {
	f := newFixture(t)
	ntrust, strust := f.Orgs["NTRUST"].ID, f.Orgs["STRUST"].ID

	// A structured alert, targeting the exposed organisations.
	body := map[string]any{
		"title": "SMBv1 and OpenSSL", "severity": "high", "summary": "Two flaws in one alert.",
		"affected_products": "Windows 7 SP1 without MS17-010; Debian 12 openssl before 3.0.11-1~deb12u2.",
		"affected": map[string]any{
			"software": []any{map[string]any{"product": "pkg:deb/debian/openssl", "vers": "vers:deb/<3.0.11-1~deb12u2"}},
			"windows":  []any{map[string]any{"name": "Windows 7 SP1", "build": "6.1.7601", "fixed_by": []string{"kb4012212"}}},
		},
		// resolved_org_ids is Rollcall's to set: sent, it is ignored.
		"target": map[string]any{"exposed": true, "resolved_org_ids": []int64{strust}},
	}
	var a apiAlert
	f.as("analyst").do("POST", "/api/v1/alerts", body).want(201).into(&a)
	if !a.Target.Exposed || len(a.Target.ResolvedOrgIDs) != 0 || a.Target.All {
		t.Errorf("created target %+v, want exposed and nothing resolved yet", a.Target)
	}
	if len(a.Affected.Software) != 1 || a.Affected.Software[0].Vers != "vers:deb/<3.0.11-1~deb12u2" ||
		len(a.Affected.Windows) != 1 || !slices.Equal(a.Affected.Windows[0].FixedBy, []string{"KB4012212"}) {
		t.Errorf("created affected %+v, want the openssl range and Windows 7 fixed by KB4012212 (normalised)", a.Affected)
	}
	alertPath := fmt.Sprintf("/api/v1/alerts/%d", a.ID)

	// The alert reads back as it was written, and can be sent back as read.
	var got apiAlert
	f.as("analyst").do("GET", alertPath, nil).want(200).into(&got)
	if got.Affected.Windows[0].Name != "Windows 7 SP1" || got.Affected.Software[0].Product != "pkg:deb/debian/openssl" {
		t.Errorf("read back affected %+v", got.Affected)
	}
	body["target"] = got.Target
	body["affected"] = got.Affected
	f.as("analyst").do("PUT", alertPath, body).want(200)

	// Inventories: NTRUST has an unpatched Windows 7 and an old openssl;
	// STRUST has both fixed.
	f.as("respN").do("POST", fmt.Sprintf("/api/v1/organisations/%d/inventory", ntrust), exposureInventory("NT", []string{"KB3000000"}, "3.0.9-1~deb12u1")).want(200)
	f.as("respS").do("POST", fmt.Sprintf("/api/v1/organisations/%d/inventory", strust), exposureInventory("ST", []string{"KB4012212"}, "3.0.11-1~deb12u2")).want(200)

	// Before exposure is loaded, it says so, and an exposed target cannot
	// be published.
	var ex apiAlertExposure
	f.as("analyst").do("GET", alertPath+"/exposure", nil).want(200).into(&ex)
	if !ex.Structured || ex.Loaded || len(ex.Organisations) != 0 || len(ex.Products) != 2 {
		t.Errorf("before loading: %+v, want structured, not loaded, two products", ex)
	}
	f.as("analyst").do("POST", alertPath+"/publish", nil).want(409)

	if _, err := f.Svc.LoadExposure(context.Background()); err != nil {
		t.Fatal(err)
	}

	// Published, the alert reaches NTRUST alone.
	var pub apiPublished
	f.as("analyst").do("POST", alertPath+"/publish", nil).want(200).into(&pub)
	if pub.NewlyTargeted != 1 || !slices.Equal(pub.Alert.Target.ResolvedOrgIDs, []int64{ntrust}) || !pub.Alert.Target.Exposed {
		t.Fatalf("published: %d targeted, target %+v; want NTRUST alone", pub.NewlyTargeted, pub.Alert.Target)
	}
	f.as("respS").do("GET", alertPath, nil).want(404)
	f.as("coordS").do("GET", alertPath+"/exposure", nil).want(404)
	f.as("respS").do("GET", fmt.Sprintf("%s/organisations/%d/exposure", alertPath, strust), nil).want(404)
	f.as("respS").do("GET", fmt.Sprintf("%s/organisations/%d/exposure", alertPath, ntrust), nil).want(404)

	// The exposure: NTRUST, two exposed hosts, nothing said yet.
	row := func(as string) (apiAlertExposure, apiOrgExposure) {
		t.Helper()
		var ex apiAlertExposure
		f.as(as).do("GET", alertPath+"/exposure", nil).want(200).into(&ex)
		i := slices.IndexFunc(ex.Organisations, func(o apiOrgExposure) bool { return o.OrgID == ntrust })
		if i < 0 {
			t.Fatalf("exposure as %s lists no NTRUST: %+v", as, ex)
		}
		return ex, ex.Organisations[i]
	}
	ex, o := row("analyst")
	if !ex.Loaded || ex.ExposedHosts != 2 || len(ex.Organisations) != 1 || ex.FreshnessSeconds != 30*86400 {
		t.Errorf("exposure: %+v; want loaded, 2 exposed hosts, NTRUST alone, a 30-day window", ex)
	}
	if o.ExposedHosts != 2 || o.FreshExposedHosts != 2 || !o.Targeted || o.Claim != "none" || o.Observation != "exposed" || o.Discrepancy || o.Inventory.Hosts != 2 {
		t.Errorf("NTRUST before answering: %+v", o)
	}
	if ex.Compliance.Targeted != 1 || ex.Compliance.ObservedExposed != 1 || ex.Compliance.Discrepancies != 0 || len(ex.ByRegion) != 1 {
		t.Errorf("compliance before answering: %+v by region %+v", ex.Compliance, ex.ByRegion)
	}

	// NTRUST's hosts, with the reasons.
	var oe apiOrgAlertExposure
	orgPath := fmt.Sprintf("%s/organisations/%d/exposure", alertPath, ntrust)
	f.as("respN").do("GET", orgPath, nil).want(200).into(&oe)
	if oe.Organisation.ID != ntrust || !oe.Loaded || oe.ExposedHosts != 2 || len(oe.Hosts) != 2 || oe.Limit != 100 || oe.Observation == nil || *oe.Observation != "exposed" {
		t.Fatalf("NTRUST's exposure: %+v", oe)
	}
	var reasons []string
	for _, h := range oe.Hosts {
		if h.Verdict != "exposed" || !h.Fresh || len(h.Reasons) == 0 {
			t.Errorf("host %+v: want exposed, fresh, with reasons", h)
		}
		reasons = append(reasons, h.Reasons...)
	}
	all := strings.Join(reasons, "\n")
	if !strings.Contains(all, "KB4012212") || !strings.Contains(all, "3.0.11-1~deb12u2") {
		t.Errorf("reasons %q: want the missing KB4012212 and the openssl range", all)
	}
	f.as("respN").do("GET", orgPath+"?limit=1", nil).want(200).into(&oe)
	if len(oe.Hosts) != 1 || oe.ExposedHosts != 2 || oe.Limit != 1 {
		t.Errorf("with limit 1: %d hosts listed of %d, limit %d", len(oe.Hosts), oe.ExposedHosts, oe.Limit)
	}
	// STRUST, not reached and not exposed, as the centre sees it.
	f.as("analyst").do("GET", fmt.Sprintf("%s/organisations/%d/exposure", alertPath, strust), nil).want(200).into(&oe)
	if oe.Targeted || oe.ExposedHosts != 0 || len(oe.Hosts) != 0 || oe.Observation == nil || *oe.Observation != "clear" || oe.Discrepancy {
		t.Errorf("STRUST's exposure: %+v", oe)
	}

	// NTRUST says it has patched; its inventory says otherwise.
	f.as("respN").do("PUT", fmt.Sprintf("%s/responses/%d", alertPath, ntrust), map[string]any{"action": "patched"}).want(200)
	for _, as := range []string{"analyst", "auditor", "coordN", "respN", "leadN"} {
		ex, o := row(as)
		if !o.Discrepancy || o.Claim != "patched" || o.ClaimLabel != "Patched" || ex.Compliance.Discrepancies != 1 || ex.Compliance.SaysSafe != 1 {
			t.Errorf("as %s after answering patched: %+v, compliance %+v; want a discrepancy", as, o, ex.Compliance)
		}
	}
	f.as("leadN").do("GET", orgPath, nil).want(200).into(&oe)
	if !oe.Discrepancy || oe.Claim != "patched" {
		t.Errorf("NTRUST's exposure after answering patched: %+v", oe)
	}

	// A revision keeps the organisations it reached.
	body["title"], body["change_note"] = "SMBv1 and OpenSSL (corrected)", "Clearer title."
	body["target"] = map[string]any{"exposed": true}
	var rev apiPublished
	f.as("analyst").do("POST", alertPath+"/revisions", body).want(201).into(&rev)
	if rev.NewlyTargeted != 0 || !slices.Equal(rev.Alert.Target.ResolvedOrgIDs, []int64{ntrust}) {
		t.Errorf("revised: %d newly targeted, target %+v", rev.NewlyTargeted, rev.Alert.Target)
	}
}

// TestAPIEndOfLife counts Windows 7 hosts, in all and per region, as each
// caller may see them.
func TestAPIEndOfLife(t *testing.T) {
	f := newFixture(t)
	ntrust, strust := f.Orgs["NTRUST"].ID, f.Orgs["STRUST"].ID

	// Not loaded yet: the rules are there, the counts are not.
	var rep apiEOLReport
	f.as("analyst").do("GET", "/api/v1/end-of-life", nil).want(200).into(&rep)
	if rep.Loaded || len(rep.Rules) == 0 || rep.Total.Organisations != len(f.Orgs) || rep.RegionID != nil {
		t.Errorf("before loading: loaded %v, %d rules, %d organisations", rep.Loaded, len(rep.Rules), rep.Total.Organisations)
	}

	f.as("respN").do("POST", fmt.Sprintf("/api/v1/organisations/%d/inventory", ntrust), exposureInventory("NT", nil, "3.0.9-1~deb12u1")).want(200)
	f.as("respS").do("POST", fmt.Sprintf("/api/v1/organisations/%d/inventory", strust), exposureInventory("ST", nil, "3.0.9-1~deb12u1")).want(200)
	if _, err := f.Svc.LoadExposure(context.Background()); err != nil {
		t.Fatal(err)
	}
	win7 := func(rep apiEOLReport) int {
		t.Helper()
		i := slices.IndexFunc(rep.Rules, func(r apiEOLRule) bool { return strings.HasPrefix(r.Name, "Windows 7") })
		if i < 0 {
			t.Fatalf("no Windows 7 rule in %+v", rep.Rules)
		}
		if r := rep.Rules[i]; !r.Ended || r.Ends != "2020-01-14" || r.Versions == "" {
			t.Errorf("Windows 7 rule %+v", r)
		}
		if len(rep.Total.ByRule) != len(rep.Rules) {
			t.Errorf("by_rule has %d counts for %d rules", len(rep.Total.ByRule), len(rep.Rules))
		}
		return i
	}

	f.as("analyst").do("GET", "/api/v1/end-of-life", nil).want(200).into(&rep)
	i := win7(rep)
	if !rep.Loaded || rep.Rules[i].Hosts != 2 || rep.Rules[i].Organisations != 2 || rep.Total.EndOfLifeHosts != 2 ||
		rep.Total.Hosts != 4 || rep.Total.WithInventory != 2 || len(rep.Regions) != 2 || rep.Organisations.Total != 2 {
		t.Errorf("the centre's report: %+v", rep)
	}

	// A region, as the centre asks for it and as its coordinator sees it.
	for _, c := range []struct{ as, query string }{{"analyst", fmt.Sprintf("?region_id=%d", f.Regions["S"].ID)}, {"coordS", ""}, {"respS", ""}} {
		f.as(c.as).do("GET", "/api/v1/end-of-life"+c.query, nil).want(200).into(&rep)
		i := win7(rep)
		if rep.Rules[i].Hosts != 1 || rep.Total.EndOfLifeHosts != 1 || len(rep.Regions) != 1 || rep.Regions[0].Region.Code != "S" ||
			len(rep.Organisations.Items) != 1 || rep.Organisations.Items[0].OrgID != strust || rep.Organisations.Items[0].EndOfLifeHosts != 1 {
			t.Errorf("the South as %s%s: %+v", c.as, c.query, rep)
		}
	}
	// A coordinator asking for another region is told it is not there.
	f.as("coordN").do("GET", fmt.Sprintf("/api/v1/end-of-life?region_id=%d", f.Regions["S"].ID), nil).want(404)
	// Paged organisations.
	f.as("auditor").do("GET", "/api/v1/end-of-life?limit=1&offset=1", nil).want(200).into(&rep)
	if len(rep.Organisations.Items) != 1 || rep.Organisations.Total != 2 || rep.Organisations.Offset != 1 {
		t.Errorf("page 2 of 1: %+v", rep.Organisations)
	}
}
