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

func TestDraftAlertFromAdvisory(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	cvss, err := rollcall.ParseCVSS("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H")
	if err != nil {
		t.Fatal(err)
	}
	kev := &rollcall.Advisory{Source: "kev", SourceID: "CVE-2017-0144", Aliases: []string{"CVE-2017-0144"},
		Summary: "Microsoft Windows SMBv1 Remote Code Execution Vulnerability",
		Details: "The SMBv1 server in Microsoft Windows allows remote attackers to execute arbitrary code via crafted packets.",
		Facts: rollcall.AdvisoryFacts{Vendor: "Microsoft", Product: "Windows", CVSS: &cvss,
			KEV:          &rollcall.KEVFacts{DueDate: time.Date(2022, 5, 3, 0, 0, 0, 0, time.UTC), RequiredAction: "Apply updates per vendor instructions.", KnownRansomware: "Known"},
			Remediations: []rollcall.AdvisoryRemediation{{Category: "required_action", Details: "Apply updates per vendor instructions."}},
			Windows:      []rollcall.AffectedWindows{{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212", "KB4012215"}}}},
		References: []string{"https://learn.microsoft.com/en-us/security-updates/securitybulletins/2017/ms17-010", "not a link"}}
	bare := &rollcall.Advisory{Source: "kev", SourceID: "CVE-2021-44228", Aliases: []string{"CVE-2021-44228"},
		Summary: "Apache Log4j2 Remote Code Execution Vulnerability", Facts: rollcall.AdvisoryFacts{Vendor: "Apache", Product: "Log4j2",
			KEV: &rollcall.KEVFacts{KnownRansomware: "Known"}}}
	if _, err := f.Svc.ImportAdvisories(ctx, service.Operator(), []*rollcall.Advisory{kev, bare}); err != nil {
		t.Fatal(err)
	}
	csv := "host,os_name,os_version,os_build,updates\nWS-1,Microsoft Windows 7 Enterprise,6.1,7601,KB3212646\nWS-2,Microsoft Windows 7 Enterprise,6.1,7601,KB4019264\n"
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.DraftAlertFromAdvisory(ctx, f.Actor("auditor"), "kev", "CVE-2017-0144"); code(err) != rollcall.EFORBIDDEN {
		t.Errorf("an auditor drafting: %v, want forbidden", err)
	}
	if _, err := f.Svc.DraftAlertFromAdvisory(ctx, f.Actor("analyst"), "kev", "CVE-1999-0001"); code(err) != rollcall.ENOTFOUND {
		t.Errorf("an unknown advisory: %v, want not found", err)
	}
	e, err := f.Svc.AdvisoryExposureOf(ctx, f.Actor("auditor"), "kev", "CVE-2017-0144")
	if err != nil || e.Exposed != 1 || e.Orgs != 1 {
		t.Errorf("the advisory's exposure: %+v %v, want WS-1 (WS-2 has May's rollup)", e, err)
	}
	a, err := f.Svc.DraftAlertFromAdvisory(ctx, f.Actor("analyst"), "kev", "CVE-2017-0144")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.Svc.GetAlert(ctx, f.Actor("analyst"), a.ID)
	if got.Status != rollcall.AlertDraft || got.Severity != rollcall.SeverityHigh || got.Advisory != "kev:CVE-2017-0144" ||
		len(got.CVEs) != 1 || got.CVSS == nil || len(got.Affected.Windows) != 1 || !got.Target.Exposed ||
		len(got.References) != 1 || !strings.Contains(got.Remediation, "3 May 2022") || !strings.Contains(got.AffectedProducts, "Microsoft Windows") {
		t.Errorf("draft = %+v", got)
	}
	if n, err := f.Svc.PublishAlert(ctx, f.Actor("analyst"), a.ID); err != nil || n != 1 {
		t.Errorf("publishing the draft reached %d (%v), want NTRUST", n, err)
	}
	// An advisory naming only a vendor and product goes to everyone.
	b, err := f.Svc.DraftAlertFromAdvisory(ctx, f.Actor("analyst"), "kev", "CVE-2021-44228")
	if err != nil || !b.Target.All || b.Severity != rollcall.SeverityHigh || !b.Affected.IsZero() {
		t.Errorf("bare draft = %+v %v", b, err)
	}
}

func TestDraftAlertsForExploited(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	kev := func(cve, ransomware string) *rollcall.Advisory {
		return &rollcall.Advisory{Source: "kev", SourceID: cve, Aliases: []string{cve}, Summary: "Exploited " + cve,
			Facts: rollcall.AdvisoryFacts{Vendor: "Example", Product: "Lib", KEV: &rollcall.KEVFacts{KnownRansomware: ransomware}}}
	}
	osv := func(id, cve, vers string) *rollcall.Advisory {
		return &rollcall.Advisory{Source: "osv", SourceID: id, Aliases: []string{cve}, Summary: "Flaw in lodash",
			Affected: []rollcall.AffectedProduct{{PURL: "pkg:npm/lodash", Ecosystem: "npm", Name: "lodash", Vers: vers}}}
	}
	advs := []*rollcall.Advisory{
		kev("CVE-2026-0001", "Known"), osv("GHSA-0001", "CVE-2026-0001", "vers:npm/<4.17.21"), // exploited, present: drafted
		osv("PYSEC-0001", "CVE-2026-0001", "vers:npm/<4.17.21"),                                 // the same flaw described twice: one draft
		kev("CVE-2026-0002", "Unknown"), osv("GHSA-0002", "CVE-2026-0002", "vers:npm/<4.17.21"), // no known ransomware use
		kev("CVE-2026-0003", "Known"), osv("GHSA-0003", "CVE-2026-0003", "vers:npm/<1.0.0"), // not present in the estate
	}
	if _, err := f.Svc.ImportAdvisories(ctx, service.Operator(), advs); err != nil {
		t.Fatal(err)
	}
	csv := "host,software_name,software_version,purl\nWEB-1,lodash,4.17.20,pkg:npm/lodash@4.17.20\n"
	if _, err := f.Svc.ImportInventory(ctx, f.Actor("respN"), f.Orgs["NTRUST"].ID, strings.NewReader(csv), inventory.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("analyst")); code(err) != rollcall.ECONFLICT {
		t.Errorf("before exposure is loaded: %v, want conflict", err)
	}
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("coordN")); code(err) != rollcall.EFORBIDDEN {
		t.Errorf("a coordinator: %v, want forbidden", err)
	}
	drafts, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("analyst"))
	if err != nil || len(drafts) != 1 || (drafts[0].Advisory != "osv:GHSA-0001" && drafts[0].Advisory != "osv:PYSEC-0001") ||
		drafts[0].KEV != "kev:CVE-2026-0001" || drafts[0].Exposed != 1 {
		t.Fatalf("drafts %+v %v, want one for CVE-2026-0001", drafts, err)
	}
	a, _ := f.Svc.GetAlert(ctx, f.Actor("analyst"), drafts[0].AlertID)
	if a.Status != rollcall.AlertDraft || a.Severity != rollcall.SeverityHigh || !strings.Contains(a.Summary, "ransomware") ||
		len(a.Affected.Software) != 1 || !a.Target.Exposed {
		t.Errorf("draft = %+v", a)
	}
	if again, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("analyst")); err != nil || len(again) != 0 {
		t.Errorf("a second run drafted %+v (%v), want nothing new", again, err)
	}
	// A flaw an alert already names, made by hand, is not drafted again.
	hand := &rollcall.Alert{Title: "Lodash, by hand", Severity: rollcall.SeverityHigh, Summary: "s", CVEs: []string{"CVE-2026-0003"}, Target: rollcall.Target{All: true}}
	if err := f.Svc.CreateAlert(ctx, f.Actor("analyst"), hand); err != nil {
		t.Fatal(err)
	}
	present := osv("GHSA-0033", "CVE-2026-0003", "vers:npm/<4.17.21")
	if _, err := f.Svc.ImportAdvisories(ctx, service.Operator(), []*rollcall.Advisory{present}); err != nil {
		t.Fatal(err)
	}
	if again, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("analyst")); err != nil || len(again) != 0 {
		t.Errorf("a flaw an alert already names was drafted: %+v (%v)", again, err)
	}
}

// An alert made from an advisory shows when a feed changes the advisory
// afterwards, until the alert is revised.
func TestAlertShowsItsAdvisoryChanged(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	adv := func(summary string) *rollcall.Advisory {
		return &rollcall.Advisory{Source: "osv", SourceID: "GHSA-0001", Aliases: []string{"CVE-2026-0001"}, Summary: summary,
			Affected: []rollcall.AffectedProduct{{PURL: "pkg:npm/lodash", Ecosystem: "npm", Name: "lodash", Vers: "vers:npm/<4.17.21"}}}
	}
	if _, err := f.Svc.ImportAdvisories(ctx, service.Operator(), []*rollcall.Advisory{adv("Flaw in lodash")}); err != nil {
		t.Fatal(err)
	}
	analyst := f.Actor("analyst")
	a, err := f.Svc.DraftAlertFromAdvisory(ctx, analyst, "osv", "GHSA-0001")
	if err != nil {
		t.Fatal(err)
	}
	src, err := f.Svc.AlertSourceAdvisory(ctx, analyst, a)
	if err != nil || src == nil || src.ChangedSince || src.Advisory.SourceID != "GHSA-0001" {
		t.Fatalf("fresh draft: %+v %v", src, err)
	}
	if made, err := f.Svc.AlertsFromAdvisory(ctx, f.Actor("auditor"), "osv", "GHSA-0001"); err != nil || len(made) != 1 || made[0].ID != a.ID {
		t.Errorf("alerts made from GHSA-0001: %+v %v", made, err)
	}
	f.Clock.Advance(time.Hour)
	if _, err := f.Svc.ImportAdvisories(ctx, service.Operator(), []*rollcall.Advisory{adv("Flaw in lodash, more versions affected")}); err != nil {
		t.Fatal(err)
	}
	a, _ = f.Svc.GetAlert(ctx, analyst, a.ID)
	if src, _ := f.Svc.AlertSourceAdvisory(ctx, analyst, a); src == nil || !src.ChangedSince || src.Advisory.Revision != 2 {
		t.Errorf("after the feed changed it: %+v", src)
	}
	f.Clock.Advance(time.Hour)
	a.Summary += " Revised."
	if err := f.Svc.UpdateDraft(ctx, analyst, a); err != nil {
		t.Fatal(err)
	}
	a, _ = f.Svc.GetAlert(ctx, analyst, a.ID)
	if src, _ := f.Svc.AlertSourceAdvisory(ctx, analyst, a); src == nil || src.ChangedSince {
		t.Errorf("after the alert was edited: %+v", src)
	}
	if _, err := f.Svc.AlertSourceAdvisory(ctx, f.Actor("respN"), a); code(err) != rollcall.EFORBIDDEN {
		t.Errorf("a responder: %v", err)
	}
}

// One replica applies the rule at a time.
func TestDraftAlertsForExploitedTakesALease(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	if _, err := f.Svc.LoadExposure(ctx); err != nil {
		t.Fatal(err)
	}
	now := f.Clock.Now()
	if ok, err := f.Store.TryLock(ctx, "draft-alerts-for-exploited", now, now.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("taking the lease as another replica: %v %v", ok, err)
	}
	if _, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("analyst")); code(err) != rollcall.ECONFLICT {
		t.Errorf("while another replica holds it: %v, want conflict", err)
	}
	f.Clock.Advance(2 * time.Minute)
	if _, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("analyst")); err != nil {
		t.Errorf("after the other's lease ran out: %v", err)
	}
	if _, err := f.Svc.DraftAlertsForExploited(ctx, f.Actor("analyst")); err != nil {
		t.Errorf("again, after this replica gave it up: %v", err)
	}
}
