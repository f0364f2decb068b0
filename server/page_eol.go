package server

import (
	"net/http"
	"strconv"

	"rollcall"
	"rollcall/service"
)

// eolOrgsPerPage is how many organisations one page of the end-of-life
// page lists, most end-of-life hosts first.
const eolOrgsPerPage = 50

// eolPageData is the end-of-life page: hosts on systems out of support,
// per rule, region and organisation, within what the caller may see.
type eolPageData struct {
	*service.EOLReport
	// Regions are the regions the filter offers; RegionID the one chosen.
	Regions  []rollcall.Region
	RegionID int64
	// Shown are the rules with any host, in the per-region columns.
	Shown []eolRuleColumn
	// RegionRows and OrgRows carry, per shown rule, the count.
	RegionRows    []eolRow
	Nation        eolRow
	OrgRows       []eolRow
	OrgsTotal     int
	Pager         pager
	RegionNames   map[int64]string
	FreshnessText string
	// Oversight is set for the centre and coordinators: the regional
	// figures mean something only to them.
	Oversight bool
}

// eolRuleColumn is one rule shown as a column.
type eolRuleColumn struct {
	Index int
	Name  string
	Ended bool
}

// eolRow is a region's or organisation's figures with the per-rule counts
// of the shown rules.
type eolRow struct {
	service.EOLRegion
	Org    *service.EOLOrg
	Counts []int
}

// handleEndOfLifePage counts hosts on systems whose support has ended (or
// soon ends), for the nation, each region and each organisation the caller
// may see; ?region= narrows to one region, ?page= pages the organisations.
func (s *Server) handleEndOfLifePage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	ctx := r.Context()
	regionID, _ := strconv.ParseInt(r.URL.Query().Get("region"), 10, 64)
	if regionID < 0 {
		regionID = 0
	}
	rep, err := s.svc.EndOfLife(ctx, a, regionID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	regions, err := s.svc.ListRegions(ctx, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := eolPageData{EOLReport: rep, RegionID: regionID, RegionNames: map[int64]string{},
		FreshnessText: rollcall.FormatDuration(rep.Freshness), Oversight: a.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor, rollcall.RoleCoordinator)}
	for _, rg := range regions {
		d.RegionNames[rg.ID] = rg.Name
	}
	// Only the centre and auditors choose among regions; a coordinator
	// sees one, organisations their own.
	if a.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		d.Regions = regions
	}
	for i, rule := range rep.Rules {
		if rule.Hosts > 0 || rule.Unknown > 0 {
			d.Shown = append(d.Shown, eolRuleColumn{Index: i, Name: rule.Name, Ended: rule.Ended})
		}
	}
	counts := func(byRule []int) []int {
		out := make([]int, len(d.Shown))
		for j, c := range d.Shown {
			if c.Index < len(byRule) {
				out[j] = byRule[c.Index]
			}
		}
		return out
	}
	d.Nation = eolRow{EOLRegion: rep.Nation, Counts: counts(rep.Nation.ByRule)}
	for _, reg := range rep.Regions {
		d.RegionRows = append(d.RegionRows, eolRow{EOLRegion: reg, Counts: counts(reg.ByRule)})
	}
	d.OrgsTotal = len(rep.Orgs)
	n := pageNumber(r)
	d.Pager = newPager(r.URL, n, eolOrgsPerPage, d.OrgsTotal)
	for i := (n - 1) * eolOrgsPerPage; i < n*eolOrgsPerPage && i < len(rep.Orgs); i++ {
		o := &rep.Orgs[i]
		d.OrgRows = append(d.OrgRows, eolRow{Org: o, Counts: counts(o.ByRule)})
	}
	s.render(w, r, http.StatusOK, "eol", &page{Title: "End of life", Wide: true, Data: d})
}
