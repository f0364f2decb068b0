package service_test

import (
	"strings"
	"testing"
	"time"

	"rollcall"
	"rollcall/inventory"
	"rollcall/rollcalltest"
	"rollcall/service"
)

// The estate of the exposure tests. NTRUST: an unpatched Windows 7 host,
// one fixed by a later monthly rollup, and a Debian server with an old
// OpenSSL. STRUST: Windows 10 1607 past the fixed revision, and one sent
// without its revision (cannot be told). NMH: an unpatched Windows 7 host
// in an inventory older than the freshness window.
const (
	ntrustCSV = `host,os_name,os_version,os_build,updates,software_name,software_vendor,software_version,purl
WS-001,Microsoft Windows 7 Enterprise,6.1,7601,KB3212646,Mozilla Firefox,Mozilla,115.0.2,
WS-002,Microsoft Windows 7 Enterprise,6.1,7601,KB4015549,Mozilla Firefox,Mozilla,115.0.2,
SRV-1,Debian GNU/Linux,12,,,openssl,,,pkg:deb/debian/openssl@3.0.9-1?arch=amd64
SRV-2,Debian GNU/Linux,12,,,openssl,,,pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64
`
	strustCSV = `host,os_name,os_version,os_build,updates,software_name,software_vendor,software_version,purl
WS-10,Microsoft Windows 10 Enterprise,10.0,14393.1198,,,,,
WS-11,Microsoft Windows 10 Enterprise,10.0,14393,,,,,
`
	nmhCSV = `host,os_name,os_version,os_build,updates,software_name,software_vendor,software_version,purl
OLD-1,Microsoft Windows 7 Professional,6.1,7601,KB3212646,,,,
`
)

// smbAlert is an MS17-010-like alert with both kinds of structured
// product: Windows builds and a Debian package.
func smbAlert(target rollcall.Target) *rollcall.Alert {
	return &rollcall.Alert{
		Title: "SMBv1 and OpenSSL", Severity: rollcall.SeverityHigh, Summary: "Patch now.",
		Affected: rollcall.Affected{
			Software: []rollcall.AffectedSoftware{{Product: "pkg:deb/debian/openssl", Vers: "vers:deb/<3.0.11-1~deb12u2"}},
			Windows: []rollcall.AffectedWindows{
				{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212", "kb4012215"}},
				{Name: "Windows 10 1607", Build: "10.0.14393", FixedRevision: 953, FixedBy: []string{"KB4013429"}},
			},
		},
		Target: target,
	}
}

// exposureWorld uploads the estate (NMH's 40 days ago), publishes the
// alert to everyone and loads the matcher.
func exposureWorld(t *testing.T) (*rollcalltest.Federation, *rollcall.Alert) {
	t.Helper()
	f := rollcalltest.NewFederation(t)
	upload := func(user, org, csv string) {
		t.Helper()
		if _, err := f.Svc.ImportInventory(ctx, f.Actor(user), f.Orgs[org].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
			t.Fatalf("%s uploading for %s: %v", user, org, err)
		}
	}
	now := f.Clock.Now()
	f.Clock.Set(now.Add(-40 * rollcall.Day))
	upload("analyst", "NMH", nmhCSV)
	f.Clock.Set(now)
	upload("respN", "NTRUST", ntrustCSV)
	upload("respS", "STRUST", strustCSV)
	a := smbAlert(rollcall.Target{All: true})
	if err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, f.Actor("analyst"), a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	return f, a
}

func orgRow(e *service.AlertExposure, code string) *service.OrgExposure {
	for i := range e.Orgs {
		if e.Orgs[i].OrgCode == code {
			return &e.Orgs[i]
		}
	}
	return nil
}

func TestAlertExposure(t *testing.T) {
	f, a := exposureWorld(t)
	answer(t, f, "respN", a.ID, "NTRUST", rollcall.Answer{Applicability: rollcall.Applicable, Action: rollcall.ActionPatched})

	e, err := f.Svc.AlertExposure(ctx, f.Actor("analyst"), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Structured || !e.Loaded || len(e.Products) != 3 {
		t.Fatalf("exposure = %+v, want structured and loaded with 3 products", e)
	}
	// WS-001 and SRV-1 (NTRUST), OLD-1 (NMH); WS-11 cannot be told.
	if e.Exposed != 3 || e.Unknown != 1 {
		t.Errorf("hosts: %d exposed, %d unknown; want 3 and 1", e.Exposed, e.Unknown)
	}
	nt := orgRow(e, "NTRUST")
	if nt == nil || nt.Exposed != 2 || nt.FreshExposed != 2 || nt.Claim != rollcall.ClaimPatched ||
		nt.Observation != rollcall.ObservedExposed || !nt.Discrepancy {
		t.Errorf("NTRUST = %+v, want 2 fresh exposed hosts, claims patched: a discrepancy", nt)
	}
	if e.Orgs[0].OrgCode != "NTRUST" {
		t.Errorf("first row %s, want the discrepancy (NTRUST) first", e.Orgs[0].OrgCode)
	}
	if st := orgRow(e, "STRUST"); st == nil || st.Unknown != 1 || st.Observation != rollcall.ObservedUnknown || st.Discrepancy {
		t.Errorf("STRUST = %+v, want 1 host that cannot be told", st)
	}
	if nmh := orgRow(e, "NMH"); nmh == nil || nmh.Exposed != 1 || nmh.FreshExposed != 0 || nmh.Observation != rollcall.ObservedStale {
		t.Errorf("NMH = %+v, want its exposed host counted but its inventory stale", nmh)
	}
	if ngp := orgRow(e, "NGP1"); ngp != nil {
		t.Errorf("NGP1 = %+v: an organisation with no exposed host is counted, not listed", ngp)
	}
	if len(e.Orgs) != 3 {
		t.Errorf("%d organisations listed, want NTRUST, STRUST and NMH", len(e.Orgs))
	}
	c := e.Compliance
	if c.Targeted != 6 || c.SaysSafe != 1 || c.Exposed != 1 || c.Unknown != 1 || c.Stale != 1 || c.NoInventory != 3 || c.Discrepancies != 1 {
		t.Errorf("compliance = %+v", c)
	}
	if len(e.ByRegion) != 2 || e.ByRegion[0].Compliance.Targeted+e.ByRegion[1].Compliance.Targeted != 6 {
		t.Errorf("by region = %+v, want North and South adding up to 6", e.ByRegion)
	}

	// Scope: STRUST's responder sees STRUST only; the North coordinator
	// sees the North.
	e, err = f.Svc.AlertExposure(ctx, f.Actor("respS"), a.ID)
	if err != nil || len(e.Orgs) != 1 || e.Orgs[0].OrgCode != "STRUST" || e.Exposed != 0 || e.Unknown != 1 {
		t.Errorf("respS sees %+v (%v), want STRUST alone", e, err)
	}
	e, err = f.Svc.AlertExposure(ctx, f.Actor("coordN"), a.ID)
	if err != nil || orgRow(e, "STRUST") != nil || orgRow(e, "NTRUST") == nil || e.Exposed != 3 {
		t.Errorf("coordN sees %+v (%v), want the North only", e, err)
	}
	if _, err := f.Svc.AlertExposure(ctx, f.Actor("respS"), f.Alerts["draft"].ID); code(err) != rollcall.ENOTFOUND {
		t.Errorf("a responder reading a draft's exposure: code %q, want not_found", code(err))
	}
}

func TestOrgAlertExposureExplainsEachHost(t *testing.T) {
	f, a := exposureWorld(t)
	answer(t, f, "respN", a.ID, "NTRUST", rollcall.Answer{Applicability: rollcall.NotApplicable, Reason: "No Windows 7 here."})
	o, err := f.Svc.OrgAlertExposure(ctx, f.Actor("leadN"), a.ID, f.Orgs["NTRUST"].ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if o.Exposed != 2 || o.FreshExposed != 2 || len(o.Hosts) != 2 || !o.Discrepancy || o.Claim != rollcall.ClaimNotApplicable {
		t.Fatalf("NTRUST = %+v, want 2 exposed hosts and a discrepancy", o)
	}
	reasons := map[string]string{}
	for _, h := range o.Hosts {
		if h.Verdict != "exposed" || !h.Fresh || len(h.Host.Items) != 0 {
			t.Errorf("host %s: %+v", h.Host.Name, h)
		}
		reasons[h.Host.Name] = strings.Join(h.Reasons, "; ")
	}
	if r := reasons["WS-001"]; !strings.Contains(r, "KB4012212") || !strings.Contains(r, "6.1.7601") {
		t.Errorf("WS-001's reason %q should name the build and the update it lacks", r)
	}
	if r := reasons["SRV-1"]; !strings.Contains(r, "3.0.9-1") || !strings.Contains(r, "3.0.11-1~deb12u2") {
		t.Errorf("SRV-1's reason %q should name the installed version and the range", r)
	}
	if _, ok := reasons["WS-002"]; ok {
		t.Error("WS-002 has April's rollup, which contains the fix, yet is listed")
	}

	s, err := f.Svc.OrgAlertExposure(ctx, f.Actor("respS"), a.ID, f.Orgs["STRUST"].ID, 10)
	if err != nil || len(s.Hosts) != 1 || s.Hosts[0].Verdict != "unknown" || !strings.Contains(s.Hosts[0].Reasons[0], "without its revision") {
		t.Errorf("STRUST = %+v (%v), want WS-11 unknown for lack of a revision", s, err)
	}
	if s.Observation != rollcall.ObservedUnknown || s.Discrepancy {
		t.Errorf("STRUST observation %q, discrepancy %v", s.Observation, s.Discrepancy)
	}
	if _, err := f.Svc.OrgAlertExposure(ctx, f.Actor("respS"), a.ID, f.Orgs["NTRUST"].ID, 10); code(err) != rollcall.ENOTFOUND {
		t.Errorf("respS reading NTRUST's hosts: code %q, want not_found", code(err))
	}
	nmh, err := f.Svc.OrgAlertExposure(ctx, f.Actor("analyst"), a.ID, f.Orgs["NMH"].ID, 10)
	if err != nil || nmh.Exposed != 1 || nmh.FreshExposed != 0 || !nmh.Stale || nmh.Hosts[0].Fresh || nmh.Observation != rollcall.ObservedStale {
		t.Errorf("NMH = %+v (%v), want one exposed host in a stale inventory", nmh, err)
	}
	// A fresh upload of another machine does not clear the old evidence.
	other := "host,os_name,os_version,os_build\nLINUX-1,Debian GNU/Linux,12,\n"
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("analyst"), f.Orgs["NMH"].ID, strings.NewReader(other), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	nmh, err = f.Svc.OrgAlertExposure(ctx, f.Actor("analyst"), a.ID, f.Orgs["NMH"].ID, 10)
	if err != nil || nmh.Stale || nmh.Observation != rollcall.ObservedStale {
		t.Errorf("NMH after a fresh upload of another host: %+v (%v), want its exposed host's evidence still stale", nmh, err)
	}
	e, _ := f.Svc.AlertExposure(ctx, f.Actor("analyst"), a.ID)
	if r := orgRow(e, "NMH"); r == nil || r.Observation != rollcall.ObservedStale {
		t.Errorf("NMH in the national view: %+v", r)
	}
}

func TestExposedTarget(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(ntrustCSV), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respS"), f.Orgs["STRUST"].ID, strings.NewReader(strustCSV), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	analyst := f.Actor("analyst")
	a := smbAlert(rollcall.Target{Exposed: true})
	if err := f.Svc.CreateAlert(ctx, analyst, a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, analyst, a.ID); code(err) != rollcall.ECONFLICT {
		t.Fatalf("publishing to the exposed before exposure is loaded: code %q, want conflict", code(err))
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := f.Svc.PublishAlert(ctx, analyst, a.ID)
	if err != nil || n != 2 {
		t.Fatalf("published to %d (%v), want NTRUST (exposed) and STRUST (cannot be told)", n, err)
	}
	// Within a region only.
	south := smbAlert(rollcall.Target{Exposed: true, RegionIDs: []int64{f.Regions["S"].ID}})
	if err := f.Svc.CreateAlert(ctx, analyst, south); err != nil {
		t.Fatal(err)
	}
	if n, err := f.Svc.PublishAlert(ctx, analyst, south.ID); err != nil || n != 1 {
		t.Fatalf("published to %d (%v), want STRUST alone", n, err)
	}
	got, _ := f.Svc.GetAlert(ctx, analyst, south.ID)
	if len(got.Target.Resolved) != 1 || got.Target.Resolved[0] != f.Orgs["STRUST"].ID {
		t.Errorf("resolved %v, want STRUST's id", got.Target.Resolved)
	}
	// A revision reaches organisations newly exposed, keeping the others.
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("analyst"), f.Orgs["NMH"].ID, strings.NewReader(nmhCSV), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	got, _ = f.Svc.GetAlert(ctx, analyst, a.ID)
	got.Summary = "Patch now; NMH found exposed."
	if n, err := f.Svc.ReviseAlert(ctx, analyst, got, "Newly exposed organisations."); err != nil || n != 1 {
		t.Fatalf("revision reached %d new (%v), want NMH", n, err)
	}
	if len(got.Target.Resolved) != 3 {
		t.Errorf("resolved after revision %v, want 3 organisations", got.Target.Resolved)
	}
	// Exposed needs structured products.
	bare := &rollcall.Alert{Title: "x", Severity: rollcall.SeverityLow, Summary: "y", Target: rollcall.Target{Exposed: true}}
	if err := f.Svc.CreateAlert(ctx, analyst, bare); rollcall.ErrorField(err) != "target.exposed" {
		t.Errorf("exposed target without products: %v, want an error on target.exposed", err)
	}
}

func TestAlertAffectedValidation(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	tests := []struct {
		name      string
		af        rollcall.Affected
		wantField string
	}{
		{"bad vers", rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "pkg:npm/lodash", Vers: "vers:npm/<<4"}}}, "affected.software[0].vers"},
		{"unknown scheme", rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "pkg:npm/lodash", Vers: "vers:nope/<4"}}}, "affected.software[0].vers"},
		{"purl with version", rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "pkg:npm/lodash@4.17.20", Vers: "vers:npm/<4.17.21"}}}, "affected.software[0].product"},
		{"cpe without product", rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "cpe:2.3:a:google", Vers: "vers:generic/<120"}}}, "affected.software[0].product"},
		{"not a product", rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "lodash", Vers: "vers:npm/<4"}}}, "affected.software[0].product"},
		{"bad build", rollcall.Affected{Windows: []rollcall.AffectedWindows{{Build: "Windows 7", FixedBy: []string{"KB4012212"}}}}, "affected.windows[0].build"},
		{"bad kb", rollcall.Affected{Windows: []rollcall.AffectedWindows{{Build: "6.1.7601", FixedBy: []string{"MS17-010"}}}}, "affected.windows[0].fixed_by"},
		{"no fix", rollcall.Affected{Windows: []rollcall.AffectedWindows{{Build: "6.1.7601"}}}, "affected.windows[0]"},
		{"cpe ok", rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*", Vers: "vers:generic/<120.0.6099.109"}}}, ""},
	}
	for _, tt := range tests {
		a := &rollcall.Alert{Title: tt.name, Severity: rollcall.SeverityLow, Summary: "s", Affected: tt.af, Target: rollcall.Target{All: true}}
		err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), a)
		if rollcall.ErrorField(err) != tt.wantField || (tt.wantField == "") != (err == nil) {
			t.Errorf("%s: %v (field %q), want field %q", tt.name, err, rollcall.ErrorField(err), tt.wantField)
		}
	}
}

func TestEndOfLife(t *testing.T) {
	f, _ := exposureWorld(t)
	r, err := f.Svc.EndOfLife(ctx, f.Actor("analyst"), 0)
	if err != nil || !r.Loaded {
		t.Fatalf("%+v %v", r, err)
	}
	win7 := -1
	for i, rule := range r.Rules {
		if rule.Name == "Windows 7 / Server 2008 R2" {
			win7 = i
		}
	}
	if win7 < 0 || r.Rules[win7].Hosts != 3 || r.Rules[win7].Orgs != 2 || !r.Rules[win7].Ended {
		t.Fatalf("rules = %+v, want 3 Windows 7 hosts in 2 organisations", r.Rules)
	}
	if r.Nation.Hosts != 7 || r.Nation.EndOfLife != 3 || r.Nation.Orgs != 6 || r.Nation.WithInventory != 3 || r.Nation.Stale != 1 {
		t.Errorf("nation = %+v", r.Nation)
	}
	if len(r.Orgs) != 3 || r.Orgs[0].EndOfLife != 2 || r.Orgs[0].OrgCode != "NTRUST" {
		t.Errorf("orgs = %+v, want NTRUST first with 2", r.Orgs)
	}
	var nmh *service.EOLOrg
	for i := range r.Orgs {
		if r.Orgs[i].OrgCode == "NMH" {
			nmh = &r.Orgs[i]
		}
	}
	if nmh == nil || !nmh.Stale {
		t.Errorf("NMH = %+v, want its stale inventory flagged", nmh)
	}
	// A responder sees their organisation only; a region filter narrows.
	r, err = f.Svc.EndOfLife(ctx, f.Actor("respS"), 0)
	if err != nil || len(r.Orgs) != 1 || r.Nation.EndOfLife != 0 || r.Nation.Orgs != 1 {
		t.Errorf("respS: %+v %v", r, err)
	}
	r, err = f.Svc.EndOfLife(ctx, f.Actor("analyst"), f.Regions["S"].ID)
	if err != nil || len(r.Regions) != 1 || r.Nation.EndOfLife != 0 {
		t.Errorf("South only: %+v %v", r, err)
	}
}

func TestFollowInventoryAcrossReplicas(t *testing.T) {
	f, a := exposureWorld(t)
	// A second replica over the same database.
	other := service.New(f.Store, f.Clock, rollcall.DefaultPolicy(), nil)
	if n, err := other.FollowInventory(ctx); n != 0 || err != nil {
		t.Fatalf("following before loading: %d %v", n, err)
	}
	if _, err := other.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := other.FollowInventory(ctx); err != nil || n != 0 {
		t.Fatalf("following right after loading applied %d (%v), want nothing new", n, err)
	}
	f.Clock.Advance(time.Minute)
	csv := "host,os_name,os_version,os_build,updates\nGP-1,Microsoft Windows 7 Professional,6.1,7601,KB3212646\n"
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respSU"), f.Orgs["NGP1"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	// The replica that took the upload applied it; the other has not yet.
	exposedAt := func(s *service.Service) int {
		e, err := s.AlertExposure(ctx, f.Actor("analyst"), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return e.Exposed
	}
	if got := exposedAt(f.Svc); got != 4 {
		t.Errorf("receiving replica: %d exposed, want 4", got)
	}
	if got := exposedAt(other); got != 3 {
		t.Errorf("other replica before following: %d exposed, want 3", got)
	}
	if n, err := other.FollowInventory(ctx); err != nil || n != 1 {
		t.Fatalf("following applied %d (%v), want the 1 new host", n, err)
	}
	if got := exposedAt(other); got != 4 {
		t.Errorf("other replica after following: %d exposed, want 4", got)
	}
	if n, _ := other.FollowInventory(ctx); n != 0 {
		t.Errorf("following again applied %d, want 0", n)
	}
	// The receiving replica does not apply its own upload twice.
	if n, _ := f.Svc.FollowInventory(ctx); n != 0 {
		t.Errorf("the receiving replica followed %d of its own hosts", n)
	}
}

// answer records an organisation's answer to an alert.
func answer(t *testing.T, f *rollcalltest.Federation, user string, alertID int64, org string, a rollcall.Answer) {
	t.Helper()
	if _, err := f.Svc.Answer(ctx, f.Actor(user), service.AnswerRequest{AlertID: alertID, OrgIDs: []int64{f.Orgs[org].ID}, Answer: a}); err != nil {
		t.Fatalf("%s answering for %s: %v", user, org, err)
	}
}

func TestEndOfLifeFromThePolicy(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	policy, err := rollcall.ParsePolicy([]byte(`{"end_of_support": [
		{"name": "Ubuntu 20.04", "product": "os:ubuntu", "versions": "vers:generic/>=20.04|<20.05", "ends": "2025-05-31"},
		{"name": "Firefox ESR 115", "product": "cpe:mozilla:mozilla_firefox", "versions": "vers:generic/>=115|<116", "ends": "2099-01-01"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(f.Store, f.Clock, policy, nil)
	csv := `host,os_name,os_version,os_build,software_name,software_vendor,software_version
U-1,Ubuntu,20.04,,Mozilla Firefox,Mozilla,115.0.2
U-2,Ubuntu,22.04,,,,
`
	if _, err := svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := svc.EndOfLife(ctx, f.Actor("auditor"), 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]service.EOLRule{}
	for _, rule := range r.Rules {
		got[rule.Name] = rule
	}
	if u := got["Ubuntu 20.04"]; u.Hosts != 1 || !u.Ended {
		t.Errorf("Ubuntu 20.04: %+v, want 1 host, ended", u)
	}
	if ff := got["Firefox ESR 115"]; ff.Hosts != 1 || ff.Ended {
		t.Errorf("Firefox ESR 115: %+v, want 1 host, not ended yet", ff)
	}
	// Only ended entries count as end of life.
	if r.Nation.EndOfLife != 1 {
		t.Errorf("nation: %d end-of-life hosts, want 1", r.Nation.EndOfLife)
	}
	bad, _ := rollcall.ParsePolicy([]byte(`{"end_of_support": [{"name": "X", "product": "os:x", "versions": "vers:generic/<<1", "ends": "2025-05-31"}]}`))
	if err := service.New(f.Store, f.Clock, bad, nil).CheckEndOfSupport(); rollcall.ErrorField(err) != "end_of_support" {
		t.Errorf("a bad range in the policy: %v", err)
	}
}

// A revision that changes the affected products is matched as revised,
// even when it is made in the same instant as the one before.
func TestRevisionRematchesChangedProducts(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(ntrustCSV), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("analyst"), f.Orgs["NMH"].ID, strings.NewReader(nmhCSV), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	analyst := f.Actor("analyst")
	a := &rollcall.Alert{Title: "OpenSSL", Severity: rollcall.SeverityHigh, Summary: "s", Target: rollcall.Target{Exposed: true},
		Affected: rollcall.Affected{Software: []rollcall.AffectedSoftware{{Product: "pkg:deb/debian/openssl", Vers: "vers:deb/<3.0.11-1~deb12u2"}}}}
	if err := f.Svc.CreateAlert(ctx, analyst, a); err != nil {
		t.Fatal(err)
	}
	if n, err := f.Svc.PublishAlert(ctx, analyst, a.ID); err != nil || n != 1 {
		t.Fatalf("published to %d (%v), want NTRUST", n, err)
	}
	for i, change := range []func(*rollcall.Alert){
		func(a *rollcall.Alert) { a.Title = "OpenSSL, revised" },
		func(a *rollcall.Alert) {
			a.Affected = rollcall.Affected{Windows: []rollcall.AffectedWindows{{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212"}}}}
		},
	} {
		got, _ := f.Svc.GetAlert(ctx, analyst, a.ID)
		change(got)
		n, err := f.Svc.ReviseAlert(ctx, analyst, got, "Change.")
		if want := []int{0, 1}[i]; err != nil || n != want {
			t.Fatalf("revision %d reached %d new (%v), want %d", i+2, n, err, want)
		}
	}
}

// Windows 8 and Server 2012 share build 6.2.9200 and are fixed by
// different updates: a host with either's fix is not exposed.
func TestWindowsEntriesSharingABuild(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	csv := `host,os_name,os_version,os_build,updates
SRV-2012,Microsoft Windows Server 2012 Standard,6.2,9200,KB4012217
WIN-8,Microsoft Windows 8 Pro,6.2,9200,KB4012598
SRV-OLD,Microsoft Windows Server 2012 Standard,6.2,9200,KB3000850
`
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	a := &rollcall.Alert{Title: "SMB", Severity: rollcall.SeverityHigh, Summary: "s", Target: rollcall.Target{All: true},
		Affected: rollcall.Affected{Windows: []rollcall.AffectedWindows{
			{Name: "Windows Server 2012", Build: "6.2.9200", FixedBy: []string{"KB4012214", "KB4012217"}},
			{Name: "Windows 8", Build: "6.2.9200", FixedBy: []string{"KB4012598"}},
		}}}
	if err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, f.Actor("analyst"), a.ID); err != nil {
		t.Fatal(err)
	}
	o, err := f.Svc.OrgAlertExposure(ctx, f.Actor("respN"), a.ID, f.Orgs["NTRUST"].ID, 10)
	if err != nil || o.Exposed != 1 || len(o.Hosts) != 1 || o.Hosts[0].Host.Name != "SRV-OLD" {
		t.Fatalf("%+v %v: want SRV-OLD alone exposed", o, err)
	}
	if r := o.Hosts[0].Reasons[0]; !strings.Contains(r, "Windows Server 2012 / Windows 8") || !strings.Contains(r, "KB4012598") {
		t.Errorf("reason %q should name both releases and every fixing update", r)
	}
}

// Whom an alert reached because their inventories show them exposed is the
// centre's to know: an organisation sees only itself in the target.
func TestExposedTargetIsNotShownToOrganisations(t *testing.T) {
	f, _ := exposureWorld(t)
	a := smbAlert(rollcall.Target{Exposed: true})
	if err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.PublishAlert(ctx, f.Actor("analyst"), a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Svc.GetAlert(ctx, f.Actor("analyst"), a.ID); len(got.Target.Resolved) != 3 {
		t.Fatalf("the centre sees %v, want the 3 organisations reached", got.Target.Resolved)
	}
	got, err := f.Svc.GetAlert(ctx, f.Actor("respS"), a.ID)
	if err != nil || len(got.Target.Resolved) != 1 || got.Target.Resolved[0] != f.Orgs["STRUST"].ID {
		t.Errorf("STRUST's responder sees %v (%v), want STRUST alone", got.Target.Resolved, err)
	}
	if got, _ := f.Svc.GetAlert(ctx, f.Actor("coordN"), a.ID); len(got.Target.Resolved) != 0 {
		t.Errorf("a coordinator sees %v, want none", got.Target.Resolved)
	}
	items, _, _ := f.Svc.ListAlerts(ctx, f.Actor("respS"), rollcall.AlertFilter{})
	for _, it := range items {
		if it.ID == a.ID && len(it.Target.Resolved) != 1 {
			t.Errorf("the alert list shows STRUST %v", it.Target.Resolved)
		}
	}
	revs, _ := f.Svc.AlertRevisions(ctx, f.Actor("respS"), a.ID)
	if len(revs) != 1 || len(revs[0].Alert.Target.Resolved) != 1 {
		t.Errorf("revisions show STRUST %+v", revs)
	}
}

// An older snapshot of a host, as a replica following another's uploads may
// read it late, never replaces a newer one in the matcher.
func TestOlderSnapshotDoesNotReplaceNewer(t *testing.T) {
	f, a := exposureWorld(t)
	fixed := "host,os_name,os_version,os_build,updates\nWS-001,Microsoft Windows 7 Enterprise,6.1,7601,KB4012212\n"
	f.Clock.Advance(time.Minute)
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(fixed), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	hosts, _, _ := f.Svc.InventoryHosts(ctx, f.Actor("analyst"), f.Orgs["NTRUST"].ID, 10, 0)
	var ws1 rollcall.InventoryHost
	for _, h := range hosts {
		if h.Name == "WS-001" {
			ws1 = h
		}
	}
	// WS-001 as it was a minute ago, before the fix: unpatched.
	old := ws1
	old.CollectedAt = ws1.CollectedAt.Add(-time.Minute)
	old.Items = []rollcall.ProductVersion{{Product: "windows", Version: "6.1.7601"}}
	service.ApplyForTest(f.Svc, []*rollcall.InventoryHost{&old})
	o, err := f.Svc.OrgAlertExposure(ctx, f.Actor("analyst"), a.ID, f.Orgs["NTRUST"].ID, 10)
	if err != nil || o.Exposed != 1 {
		t.Errorf("NTRUST: %d exposed (%v), want SRV-1 alone: the late, older WS-001 must not undo its fix", o.Exposed, err)
	}
}

// A Windows host sent without any installed update, on a build fixed only
// by updates, cannot be told: its inventory did not say.
func TestWindowsHostWithoutUpdatesCannotBeTold(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	csv := "host,os_name,os_version,os_build,updates\nNO-KB,Microsoft Windows 7 Enterprise,6.1,7601,\nOLD-KB,Microsoft Windows 7 Enterprise,6.1,7601,KB3212646\nW10,Microsoft Windows 10 Enterprise,10.0,14393.447,\n"
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	a := smbAlert(rollcall.Target{All: true})
	if err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), a); err != nil {
		t.Fatal(err)
	}
	o, err := f.Svc.OrgAlertExposure(ctx, f.Actor("analyst"), a.ID, f.Orgs["NTRUST"].ID, 10)
	if err != nil || o.Exposed != 2 || o.Unknown != 1 {
		t.Fatalf("%+v %v: want OLD-KB and W10 (below the fixed revision, whatever its updates) exposed, NO-KB unknown", o, err)
	}
	for _, h := range o.Hosts {
		if h.Host.Name == "NO-KB" && (h.Verdict != "unknown" || !strings.Contains(h.Reasons[0], "without its installed updates")) {
			t.Errorf("NO-KB: %+v", h)
		}
	}
}
