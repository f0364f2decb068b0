package server

import (
	"net/http"
	"time"

	"rollcall"
	"rollcall/service"
)

// Exposure: what the estate's inventories show about an alert, beside
// what the organisations say.

// apiClaimNone is the API's code for "nothing said yet": the domain's
// zero Claim, which an enumeration cannot carry as "".
const apiClaimNone = "none"

func apiClaimCode(c rollcall.Claim) string {
	if c == rollcall.ClaimNone {
		return apiClaimNone
	}
	return string(c)
}

// apiInventoryAge is how much of one organisation's estate Rollcall holds
// and how old it is.
type apiInventoryAge struct {
	Hosts  int        `json:"hosts"`
	Oldest *time.Time `json:"oldest"`
	Latest *time.Time `json:"latest"`
}

func apiInventoryAgeOf(a rollcall.InventoryAge) apiInventoryAge {
	return apiInventoryAge{Hosts: a.Hosts, Oldest: apiTime(a.Oldest), Latest: apiTime(a.Latest)}
}

// apiCompliance counts, side by side, what the organisations an alert
// reached say and what their inventories show; see rollcall.Compliance.
type apiCompliance struct {
	Targeted        int `json:"targeted"`
	SaysSafe        int `json:"says_safe"`
	Mitigated       int `json:"mitigated"`
	RiskAccepted    int `json:"risk_accepted"`
	ObservedClear   int `json:"observed_clear"`
	ObservedExposed int `json:"observed_exposed"`
	ObservedUnknown int `json:"observed_unknown"`
	InventoryStale  int `json:"inventory_stale"`
	NoInventory     int `json:"no_inventory"`
	// Evidenced counts organisations with a fresh inventory.
	Evidenced     int `json:"evidenced"`
	Discrepancies int `json:"discrepancies"`
}

func apiComplianceOf(c rollcall.Compliance) apiCompliance {
	return apiCompliance{Targeted: c.Targeted, SaysSafe: c.SaysSafe, Mitigated: c.Mitigated, RiskAccepted: c.RiskAccepted,
		ObservedClear: c.Clear, ObservedExposed: c.Exposed, ObservedUnknown: c.Unknown, InventoryStale: c.Stale,
		NoInventory: c.NoInventory, Evidenced: c.Evidenced(), Discrepancies: c.Discrepancies}
}

// apiRegionCompliance is one region's share of the compliance.
type apiRegionCompliance struct {
	Region     apiRegion     `json:"region"`
	Compliance apiCompliance `json:"compliance"`
}

// apiOrgExposure is one organisation's row of an alert's exposure.
type apiOrgExposure struct {
	OrgID             int64           `json:"org_id"`
	OrgCode           string          `json:"org_code"`
	OrgName           string          `json:"org_name"`
	RegionID          int64           `json:"region_id"`
	ExposedHosts      int             `json:"exposed_hosts"`
	UnknownHosts      int             `json:"unknown_hosts"`
	FreshExposedHosts int             `json:"fresh_exposed_hosts"`
	FreshUnknownHosts int             `json:"fresh_unknown_hosts"`
	Targeted          bool            `json:"targeted"`
	Claim             string          `json:"claim"`
	ClaimLabel        string          `json:"claim_label"`
	Observation       string          `json:"observation"`
	ObservationLabel  string          `json:"observation_label"`
	Discrepancy       bool            `json:"discrepancy"`
	Inventory         apiInventoryAge `json:"inventory"`
}

// apiAlertExposure is what the estate's inventories show about one alert,
// within what the caller may see.
type apiAlertExposure struct {
	AlertID          int64                 `json:"alert_id"`
	Structured       bool                  `json:"structured"`
	Loaded           bool                  `json:"loaded"`
	Products         []string              `json:"products"`
	ExposedHosts     int                   `json:"exposed_hosts"`
	UnknownHosts     int                   `json:"unknown_hosts"`
	Organisations    []apiOrgExposure      `json:"organisations"`
	Compliance       apiCompliance         `json:"compliance"`
	ByRegion         []apiRegionCompliance `json:"by_region"`
	FreshnessSeconds int64                 `json:"freshness_seconds"`
}

func apiSeconds(d time.Duration) int64 { return int64(d / time.Second) }

func apiAlertExposureOf(alertID int64, e *service.AlertExposure) apiAlertExposure {
	out := apiAlertExposure{AlertID: alertID, Structured: e.Structured, Loaded: e.Loaded, Products: apiNonNil(e.Products),
		ExposedHosts: e.Exposed, UnknownHosts: e.Unknown, Organisations: []apiOrgExposure{},
		Compliance: apiComplianceOf(e.Compliance), ByRegion: []apiRegionCompliance{}, FreshnessSeconds: apiSeconds(e.Freshness)}
	for _, o := range e.Orgs {
		out.Organisations = append(out.Organisations, apiOrgExposure{
			OrgID: o.OrgID, OrgCode: o.OrgCode, OrgName: o.OrgName, RegionID: o.RegionID,
			ExposedHosts: o.Exposed, UnknownHosts: o.Unknown, FreshExposedHosts: o.FreshExposed, FreshUnknownHosts: o.FreshUnknown,
			Targeted: o.Targeted, Claim: apiClaimCode(o.Claim), ClaimLabel: o.Claim.Label(),
			Observation: string(o.Observation), ObservationLabel: o.Observation.Label(), Discrepancy: o.Discrepancy,
			Inventory: apiInventoryAgeOf(o.Inventory),
		})
	}
	for _, r := range e.ByRegion {
		out.ByRegion = append(out.ByRegion, apiRegionCompliance{Region: apiRegionOf(r.Region), Compliance: apiComplianceOf(r.Compliance)})
	}
	return out
}

// apiHostExposure is one host exposed to an alert, or whose exposure
// cannot be told, with the reasons.
type apiHostExposure struct {
	ID          int64      `json:"id"`
	Source      string     `json:"source"`
	Name        string     `json:"name"`
	OSName      string     `json:"os_name"`
	OSVersion   string     `json:"os_version"`
	OSBuild     string     `json:"os_build"`
	CollectedAt *time.Time `json:"collected_at"`
	Verdict     string     `json:"verdict"`
	Reasons     []string   `json:"reasons"`
	Fresh       bool       `json:"fresh"`
}

// apiOrgAlertExposure is one organisation's exposure to one alert, host
// by host.
type apiOrgAlertExposure struct {
	AlertID           int64             `json:"alert_id"`
	Organisation      apiOrgRef         `json:"organisation"`
	Structured        bool              `json:"structured"`
	Loaded            bool              `json:"loaded"`
	Hosts             []apiHostExposure `json:"hosts"`
	Limit             int               `json:"limit"`
	ExposedHosts      int               `json:"exposed_hosts"`
	UnknownHosts      int               `json:"unknown_hosts"`
	FreshExposedHosts int               `json:"fresh_exposed_hosts"`
	Inventory         apiInventoryAge   `json:"inventory"`
	InventoryStale    bool              `json:"inventory_stale"`
	Targeted          bool              `json:"targeted"`
	Claim             string            `json:"claim"`
	ClaimLabel        string            `json:"claim_label"`
	// Observation is null when nothing could be matched: the alert is not
	// structured, or exposure is still loading.
	Observation      *string `json:"observation"`
	ObservationLabel *string `json:"observation_label"`
	Discrepancy      bool    `json:"discrepancy"`
	FreshnessSeconds int64   `json:"freshness_seconds"`
}

func apiOrgAlertExposureOf(alertID int64, limit int, e *service.OrgAlertExposure) apiOrgAlertExposure {
	out := apiOrgAlertExposure{AlertID: alertID, Organisation: apiOrgRefOf(e.Org), Structured: e.Structured, Loaded: e.Loaded,
		Hosts: []apiHostExposure{}, Limit: limit, ExposedHosts: e.Exposed, UnknownHosts: e.Unknown, FreshExposedHosts: e.FreshExposed,
		Inventory: apiInventoryAgeOf(e.Inventory), InventoryStale: e.Stale, Targeted: e.Targeted,
		Claim: apiClaimCode(e.Claim), ClaimLabel: e.Claim.Label(), Discrepancy: e.Discrepancy, FreshnessSeconds: apiSeconds(e.Freshness)}
	if e.Observation != "" {
		o, l := string(e.Observation), e.Observation.Label()
		out.Observation, out.ObservationLabel = &o, &l
	}
	for _, h := range e.Hosts {
		out.Hosts = append(out.Hosts, apiHostExposure{ID: h.Host.ID, Source: h.Host.Source, Name: h.Host.Name,
			OSName: h.Host.OSName, OSVersion: h.Host.OSVersion, OSBuild: h.Host.OSBuild, CollectedAt: apiTime(h.Host.CollectedAt),
			Verdict: h.Verdict, Reasons: apiNonNil(h.Reasons), Fresh: h.Fresh})
	}
	return out
}

// apiAlertExposure answers GET /api/v1/alerts/{id}/exposure.
func (s *Server) apiAlertExposure(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	e, err := s.svc.AlertExposure(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiAlertExposureOf(id, e))
	return nil
}

// apiOrgAlertExposure answers GET
// /api/v1/alerts/{id}/organisations/{orgID}/exposure.
func (s *Server) apiOrgAlertExposure(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	orgID, err := apiPathID(r, "orgID")
	if err != nil {
		return err
	}
	q, err := apiReadQuery(r, "limit")
	if err != nil {
		return err
	}
	limit, _, err := q.page(100, 500)
	if err != nil {
		return err
	}
	e, err := s.svc.OrgAlertExposure(r.Context(), actor, id, orgID, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiOrgAlertExposureOf(id, limit, e))
	return nil
}
