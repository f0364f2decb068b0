package sqlstore_test

import (
	"testing"
	"time"

	"rollcall"
)

func advisory(id, vers string, aliases ...string) *rollcall.Advisory {
	return &rollcall.Advisory{Source: "osv", SourceID: id, Aliases: aliases, Summary: "Denial of service in " + id,
		Affected: []rollcall.AffectedProduct{{PURL: "pkg:golang/example.com/mod", Ecosystem: "Go", Name: "example.com/mod", Vers: vers}}}
}

func TestImportAdvisories(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			first := []*rollcall.Advisory{
				advisory("GO-1", "vers:golang/<1.2.3", "CVE-2024-0001"),
				advisory("GO-2", "vers:golang/>=2.0.0|<2.0.5", "CVE-2024-0002", "GHSA-xxxx"),
			}
			a, c, u, err := db.ImportAdvisories(ctx, first, t0)
			must(t, err)
			if a != 2 || c != 0 || u != 0 {
				t.Fatalf("first import: added %d changed %d unchanged %d, want 2 0 0", a, c, u)
			}
			// The same again, one changed, one new.
			second := []*rollcall.Advisory{
				advisory("GO-1", "vers:golang/<1.2.3", "CVE-2024-0001"),
				advisory("GO-2", "vers:golang/>=2.0.0|<2.0.6", "CVE-2024-0002"),
				advisory("GO-3", "vers:golang/<0.9.0"),
			}
			later := t0.Add(time.Hour)
			a, c, u, err = db.ImportAdvisories(ctx, second, later)
			must(t, err)
			if a != 1 || c != 1 || u != 1 {
				t.Fatalf("second import: added %d changed %d unchanged %d, want 1 1 1", a, c, u)
			}
			got, err := db.FindAdvisory(ctx, "osv", "GO-2")
			must(t, err)
			if got.Revision != 2 || got.Affected[0].Vers != "vers:golang/>=2.0.0|<2.0.6" || !got.UpdatedAt.Equal(later) || !got.ImportedAt.Equal(t0) {
				t.Errorf("changed advisory: %+v", got)
			}
			// Aliases are looked up exactly, and follow the change.
			list, total, err := db.ListAdvisories(ctx, rollcall.AdvisoryFilter{Query: "cve-2024-0002"})
			must(t, err)
			if total != 1 || list[0].SourceID != "GO-2" {
				t.Errorf("by CVE: %d found, want GO-2", total)
			}
			if _, total, _ := db.ListAdvisories(ctx, rollcall.AdvisoryFilter{Query: "GHSA-xxxx"}); total != 0 {
				t.Errorf("an alias the new revision dropped still finds %d", total)
			}
			if _, total, _ := db.ListAdvisories(ctx, rollcall.AdvisoryFilter{Source: "osv", Limit: 2}); total != 3 {
				t.Errorf("library holds %d, want 3", total)
			}
			// A bad record refuses the whole batch: nothing is half-saved.
			bad := []*rollcall.Advisory{advisory("GO-4", "vers:golang/<1.0.0"),
				{Source: "osv", SourceID: "GO-5", Affected: []rollcall.AffectedProduct{{PURL: "pkg:golang/example.com/m"}}}}
			_, _, _, err = db.ImportAdvisories(ctx, bad, later)
			wantCode(t, err, rollcall.EINVALID)
			_, err = db.FindAdvisory(ctx, "osv", "GO-4")
			wantCode(t, err, rollcall.ENOTFOUND)
		})
	}
}

// A KEV entry has a vendor and product but no versions; its facts are kept
// and a change to them is a new revision.
func TestAdvisoryFacts(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			due := time.Date(2017, 5, 15, 0, 0, 0, 0, time.UTC)
			kev := func(ransomware string) *rollcall.Advisory {
				return &rollcall.Advisory{Source: "kev", SourceID: "CVE-2017-0144", Aliases: []string{"CVE-2017-0144"},
					Summary: "Microsoft Windows SMBv1 Remote Code Execution Vulnerability",
					Facts: rollcall.AdvisoryFacts{Vendor: "Microsoft", Product: "Windows",
						KEV:     &rollcall.KEVFacts{DueDate: due, RequiredAction: "Apply updates per vendor instructions.", KnownRansomware: ransomware},
						Windows: []rollcall.AffectedWindows{{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212"}}}}}
			}
			_, _, _, err := db.ImportAdvisories(ctx, []*rollcall.Advisory{kev("Unknown")}, t0)
			must(t, err)
			added, changed, _, err := db.ImportAdvisories(ctx, []*rollcall.Advisory{kev("Known")}, t0.Add(time.Hour))
			must(t, err)
			if added != 0 || changed != 1 {
				t.Errorf("re-import with ransomware known: %d added, %d changed; want a new revision", added, changed)
			}
			got, err := db.FindAdvisory(ctx, "kev", "CVE-2017-0144")
			must(t, err)
			if got.Revision != 2 || !got.Facts.KEV.RansomwareKnown() || !got.Facts.KEV.DueDate.Equal(due) || got.Facts.Vendor != "Microsoft" ||
				len(got.Facts.Windows) != 1 || got.Facts.Windows[0].FixedBy[0] != "KB4012212" {
				t.Errorf("read back %+v", got)
			}
		})
	}
}

// Identifiers and aliases are found whatever their case.
func TestAdvisorySearchIgnoresCase(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			_, _, _, err := db.ImportAdvisories(ctx, []*rollcall.Advisory{advisory("GO-2024-0001", "vers:golang/<1.2.3", "GHSA-jfh8-c2jp-5v3q", "CVE-2024-0001")}, t0)
			must(t, err)
			for _, q := range []string{"GHSA-jfh8-c2jp-5v3q", "ghsa-jfh8-c2jp-5v3q", "cve-2024-0001", "go-2024-0001"} {
				if _, n, err := db.ListAdvisories(ctx, rollcall.AdvisoryFilter{Query: q}); err != nil || n != 1 {
					t.Errorf("search %q: %d (%v)", q, n, err)
				}
			}
		})
	}
}

// The feed that brought an advisory is kept; an import by hand keeps it.
func TestAdvisoryFeedKept(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			src := &rollcall.Source{Name: "OSV", Kind: rollcall.SourceOSV, Location: "https://example.test/all.zip", Enabled: true, Every: time.Hour}
			must(t, db.CreateSource(ctx, src, t0))
			a := advisory("GO-1", "vers:golang/<1.2.3")
			a.FeedID = src.ID
			_, _, _, err := db.ImportAdvisories(ctx, []*rollcall.Advisory{a}, t0)
			must(t, err)
			byHand := advisory("GO-1", "vers:golang/<1.2.4")
			_, changed, _, err := db.ImportAdvisories(ctx, []*rollcall.Advisory{byHand, advisory("GO-2", "vers:golang/<2")}, t0)
			must(t, err)
			feeds, err := db.AdvisoryFeeds(ctx, "osv", []string{"GO-1", "GO-2", "GO-3"})
			must(t, err)
			if changed != 1 || len(feeds) != 1 || feeds["GO-1"].FeedID != src.ID || feeds["GO-1"].ContentHash != byHand.ContentHash() {
				t.Errorf("feeds %+v after an import by hand", feeds)
			}
		})
	}
}
