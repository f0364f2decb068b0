package service_test

import (
	"testing"

	"rollcall"
	"rollcall/rollcalltest"
)

func TestAdvisoryLibraryIsTheCentres(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	adv := func() []*rollcall.Advisory {
		return []*rollcall.Advisory{{Source: "osv", SourceID: "GO-1", Aliases: []string{"CVE-2024-0001"},
			Affected: []rollcall.AffectedProduct{{PURL: "pkg:golang/example.com/m", Ecosystem: "Go", Vers: "vers:golang/<1.2.3"}}}}
	}
	for _, who := range []string{"auditor", "coordN", "respN", "leadN"} {
		if _, err := f.Svc.ImportAdvisories(ctx, f.Actor(who), adv()); code(err) != rollcall.EFORBIDDEN {
			t.Errorf("%s importing: code %q, want forbidden", who, code(err))
		}
	}
	res, err := f.Svc.ImportAdvisories(ctx, f.Actor("analyst"), adv())
	if err != nil || res.Added != 1 {
		t.Fatalf("analyst importing: %+v %v", res, err)
	}
	for who, want := range map[string]string{"analyst": "", "auditor": "", "coordN": rollcall.EFORBIDDEN, "respN": rollcall.EFORBIDDEN} {
		if _, _, err := f.Svc.ListAdvisories(ctx, f.Actor(who), rollcall.AdvisoryFilter{}); code(err) != want {
			t.Errorf("%s listing: code %q, want %q", who, code(err), want)
		}
	}
	a, err := f.Svc.GetAdvisory(ctx, f.Actor("auditor"), "osv", "GO-1")
	if err != nil || a.Aliases[0] != "CVE-2024-0001" {
		t.Errorf("auditor reading GO-1: %+v %v", a, err)
	}
}
