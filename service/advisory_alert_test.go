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
	csv := "host,os_name,os_version,os_build,updates\nWS-1,Microsoft Windows 7 Enterprise,6.1,7601,\nWS-2,Microsoft Windows 7 Enterprise,6.1,7601,KB4019264\n"
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
