package server

import (
	"net/http"
	"slices"
	"time"

	"rollcall"
	"rollcall/service"
)

// End of life: hosts on systems out of (or nearing the end of) support,
// per organisation, region and in all.

// apiEOLRule is one end-of-support entry of the policy with the hosts it
// counts.
type apiEOLRule struct {
	Name     string `json:"name"`
	Product  string `json:"product"`
	Versions string `json:"versions"`
	// Ends is the first day without security updates.
	Ends          string `json:"ends"`
	Ended         bool   `json:"ended"`
	Hosts         int    `json:"hosts"`
	Organisations int    `json:"organisations"`
	UnknownHosts  int    `json:"unknown_hosts"`
}

// apiEOLCounts are the hosts of an organisation, a region or all in
// scope: all it has sent, and per rule (by_rule, in the order of rules).
type apiEOLCounts struct {
	Hosts          int   `json:"hosts"`
	ByRule         []int `json:"by_rule"`
	EndOfLifeHosts int   `json:"end_of_life_hosts"`
	Organisations  int   `json:"organisations"`
	WithInventory  int   `json:"with_inventory"`
	InventoryStale int   `json:"inventory_stale"`
}

// apiEOLRegion is one region's row.
type apiEOLRegion struct {
	Region apiRegion `json:"region"`
	apiEOLCounts
}

// apiEOLOrg is one organisation's row.
type apiEOLOrg struct {
	OrgID          int64           `json:"org_id"`
	OrgCode        string          `json:"org_code"`
	OrgName        string          `json:"org_name"`
	RegionID       int64           `json:"region_id"`
	Inventory      apiInventoryAge `json:"inventory"`
	InventoryStale bool            `json:"inventory_stale"`
	Hosts          int             `json:"hosts"`
	ByRule         []int           `json:"by_rule"`
	EndOfLifeHosts int             `json:"end_of_life_hosts"`
}

// apiEOLReport counts end-of-life hosts within what the caller may see.
type apiEOLReport struct {
	Loaded bool `json:"loaded"`
	// RegionID is the region asked for; null for every region in scope.
	RegionID         *int64             `json:"region_id"`
	Rules            []apiEOLRule       `json:"rules"`
	Total            apiEOLCounts       `json:"total"`
	Regions          []apiEOLRegion     `json:"regions"`
	Organisations    apiList[apiEOLOrg] `json:"organisations"`
	FreshnessSeconds int64              `json:"freshness_seconds"`
}

func apiEOLCountsOf(r service.EOLRegion) apiEOLCounts {
	return apiEOLCounts{Hosts: r.Hosts, ByRule: apiNonNil(r.ByRule), EndOfLifeHosts: r.EndOfLife,
		Organisations: r.Orgs, WithInventory: r.WithInventory, InventoryStale: r.Stale}
}

func apiEOLReportOf(rep *service.EOLReport, regionID int64, limit, offset int) apiEOLReport {
	out := apiEOLReport{Loaded: rep.Loaded, RegionID: apiRef(regionID), Rules: []apiEOLRule{}, Total: apiEOLCountsOf(rep.Nation),
		Regions: []apiEOLRegion{}, FreshnessSeconds: apiSeconds(rep.Freshness)}
	for _, r := range rep.Rules {
		out.Rules = append(out.Rules, apiEOLRule{Name: r.Name, Product: r.Product, Versions: r.Versions, Ends: r.Ends.UTC().Format(time.DateOnly),
			Ended: r.Ended, Hosts: r.Hosts, Organisations: r.Orgs, UnknownHosts: r.Unknown})
	}
	for _, r := range rep.Regions {
		out.Regions = append(out.Regions, apiEOLRegion{Region: apiRegionOf(r.Region), apiEOLCounts: apiEOLCountsOf(r)})
	}
	var items []apiEOLOrg
	for i, o := range rep.Orgs {
		if i < offset || len(items) == limit {
			continue
		}
		items = append(items, apiEOLOrg{OrgID: o.OrgID, OrgCode: o.OrgCode, OrgName: o.OrgName, RegionID: o.RegionID,
			Inventory: apiInventoryAgeOf(o.Inventory), InventoryStale: o.Stale, Hosts: o.Hosts, ByRule: apiNonNil(o.ByRule), EndOfLifeHosts: o.EndOfLife})
	}
	out.Organisations = newAPIList(items, len(rep.Orgs), limit, offset)
	return out
}

// apiEndOfLife answers GET /api/v1/end-of-life.
func (s *Server) apiEndOfLife(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	q, err := apiReadQuery(r, "region_id", "limit", "offset")
	if err != nil {
		return err
	}
	regionID, err := q.id("region_id")
	if err != nil {
		return err
	}
	limit, offset, err := q.page(100, 500)
	if err != nil {
		return err
	}
	if regionID != 0 {
		// Regions are no secret: an unknown one is a mistake worth saying,
		// where an empty report would look like good news.
		regions, err := s.svc.ListRegions(r.Context(), actor)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(regions, func(g rollcall.Region) bool { return g.ID == regionID }) {
			return rollcall.FieldError("region_id", "Region %d does not exist; see /api/v1/regions.", regionID)
		}
	}
	rep, err := s.svc.EndOfLife(r.Context(), actor, regionID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiEOLReportOf(rep, regionID, limit, offset))
	return nil
}
