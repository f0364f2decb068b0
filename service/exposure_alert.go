package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"rollcall"
	"rollcall/exposure"
)

// AlertExposure is what the estate's inventories show about one alert,
// within what the caller may see: which organisations have exposed hosts,
// and, for the organisations the alert reached, what they say beside what
// their inventories show.
type AlertExposure struct {
	// Structured is false when the alert names no affected software or
	// Windows build: there is nothing to match.
	Structured bool `json:"structured"`
	// Loaded is false while the exposure index is still loading after a
	// start; nothing below is filled then.
	Loaded   bool     `json:"loaded"`
	Products []string `json:"products"`
	// Exposed and Unknown count hosts (any age) in the caller's scope.
	Exposed int `json:"exposed_hosts"`
	Unknown int `json:"unknown_hosts"`
	// Orgs lists the organisations in scope with an exposed or unknown
	// host, reached by the alert or not: discrepancies first, then by
	// exposed hosts. Organisations reached without such a host are
	// counted in Compliance, not listed.
	Orgs []OrgExposure `json:"organisations"`
	// Compliance compares claims and observations over the organisations
	// the alert reached; ByRegion does the same per region.
	Compliance rollcall.Compliance `json:"compliance"`
	ByRegion   []RegionCompliance  `json:"by_region"`
	// Freshness is the policy's window: older snapshots are not evidence.
	Freshness time.Duration `json:"freshness_ns"`
}

// RegionCompliance is one region's share of AlertExposure.Compliance.
type RegionCompliance struct {
	Region     rollcall.Region     `json:"region"`
	Compliance rollcall.Compliance `json:"compliance"`
}

// OrgExposure is one organisation's row of AlertExposure.
type OrgExposure struct {
	OrgID    int64  `json:"org_id"`
	OrgCode  string `json:"org_code"`
	OrgName  string `json:"org_name"`
	RegionID int64  `json:"region_id"`
	// Exposed and Unknown count hosts of any age; Fresh… only those whose
	// snapshot is within the freshness window.
	Exposed      int `json:"exposed_hosts"`
	Unknown      int `json:"unknown_hosts"`
	FreshExposed int `json:"fresh_exposed_hosts"`
	FreshUnknown int `json:"fresh_unknown_hosts"`
	// Targeted: the alert reached the organisation; Claim is then what it
	// says.
	Targeted    bool                 `json:"targeted"`
	Claim       rollcall.Claim       `json:"claim"`
	Observation rollcall.Observation `json:"observation"`
	Discrepancy bool                 `json:"discrepancy"`
	// Inventory is the organisation's inventory size and age.
	Inventory rollcall.InventoryAge `json:"inventory"`
}

// AlertExposure matches an alert against the estate for the caller: the
// centre and auditors see every organisation, coordinators their region,
// organisations themselves. Visibility of the alert is checked first.
func (s *Exposure) AlertExposure(ctx context.Context, actor *rollcall.Actor, alertID int64) (*AlertExposure, error) {
	a, err := s.alerts.GetAlert(ctx, actor, alertID)
	if err != nil {
		return nil, err
	}
	out := &AlertExposure{Freshness: s.policy.InventoryFreshness}
	ca, err := s.compiled(a)
	if err != nil {
		return nil, err
	}
	if len(ca.parts) == 0 {
		return out, nil
	}
	out.Structured = true
	for _, p := range ca.parts {
		out.Products = append(out.Products, p.label)
	}
	m := s.matcher.Load()
	if m == nil {
		return out, nil
	}
	out.Loaded = true
	now := s.clock.Now()
	scope := actor.Scope()

	claims, err := s.store.ResponseClaims(ctx, alertID, scope)
	if err != nil {
		return nil, err
	}
	exposedBy, unknownBy := m.HostsByOrg(ca.advs, func(uint32) bool { return true })
	ages, err := s.inventoryAges(ctx)
	if err != nil {
		return nil, err
	}
	times := s.times.Load()
	cutoff := now.Add(-s.policy.InventoryFreshness)

	// Every organisation reached counts in the comparison; only those
	// with an exposed or unknown host are listed, named below.
	rows := map[int64]*OrgExposure{}
	byRegion := map[int64]*rollcall.Compliance{}
	var named []int64
	observe := func(r *OrgExposure) {
		exp, unk := exposedBy[uint32(r.OrgID)], unknownBy[uint32(r.OrgID)]
		r.Exposed, r.Unknown = len(exp), len(unk)
		if r.Exposed+r.Unknown > 0 {
			r.FreshExposed, r.FreshUnknown = times.countFresh(exp, cutoff), times.countFresh(unk, cutoff)
		}
		r.Inventory = ages[r.OrgID]
		r.Observation = rollcall.Observe(r.Exposed, r.Unknown, r.FreshExposed, r.FreshUnknown, r.Inventory, now, s.policy.InventoryFreshness)
		r.Discrepancy = r.Targeted && rollcall.Discrepancy(r.Claim, r.Observation)
	}
	for _, c := range claims {
		r := &OrgExposure{OrgID: c.OrgID, RegionID: c.RegionID, Targeted: true, Claim: c.Claim()}
		observe(r)
		out.Compliance.Add(r.Claim, r.Observation)
		rc := byRegion[r.RegionID]
		if rc == nil {
			rc = &rollcall.Compliance{}
			byRegion[r.RegionID] = rc
		}
		rc.Add(r.Claim, r.Observation)
		if r.Exposed+r.Unknown > 0 {
			rows[r.OrgID] = r
			named = append(named, r.OrgID)
		}
	}
	// Organisations exposed but not reached, and the names of all listed.
	for _, byOrg := range []map[uint32][]uint32{exposedBy, unknownBy} {
		for org := range byOrg {
			if _, ok := rows[int64(org)]; !ok {
				rows[int64(org)] = &OrgExposure{OrgID: int64(org)}
				named = append(named, int64(org))
			}
		}
	}
	if len(named) > 0 {
		orgs, _, err := s.store.ListOrganisations(ctx, rollcall.OrgFilter{Scope: scope, IDs: named})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			r := rows[o.ID]
			r.OrgCode, r.OrgName, r.RegionID = o.Code, o.Name, o.RegionID
			if !r.Targeted {
				observe(r)
			}
			out.Exposed += r.Exposed
			out.Unknown += r.Unknown
			out.Orgs = append(out.Orgs, *r)
		}
	}

	regions, err := s.store.ListRegions(ctx)
	if err != nil {
		return nil, err
	}
	for _, reg := range regions {
		if c, ok := byRegion[reg.ID]; ok {
			out.ByRegion = append(out.ByRegion, RegionCompliance{Region: reg, Compliance: *c})
		}
	}
	slices.SortFunc(out.Orgs, func(x, y OrgExposure) int {
		switch {
		case x.Discrepancy != y.Discrepancy:
			if x.Discrepancy {
				return -1
			}
			return 1
		case x.Exposed != y.Exposed:
			return y.Exposed - x.Exposed
		case x.Unknown != y.Unknown:
			return y.Unknown - x.Unknown
		}
		return strings.Compare(x.OrgName, y.OrgName)
	})
	return out, nil
}

// inventoryAges returns every organisation's inventory age by id: from
// memory once exposure is loaded, else from the database.
func (s *Exposure) inventoryAges(ctx context.Context) (map[int64]rollcall.InventoryAge, error) {
	if t := s.times.Load(); t != nil {
		return t.ages(), nil
	}
	list, err := s.store.InventoryAges(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]rollcall.InventoryAge, len(list))
	for _, a := range list {
		out[a.OrgID] = a
	}
	return out, nil
}

// OrgAlertExposure is one organisation's exposure to one alert, host by
// host, with the evidence for any discrepancy.
type OrgAlertExposure struct {
	Org        *rollcall.Organisation `json:"organisation"`
	Structured bool                   `json:"structured"`
	Loaded     bool                   `json:"loaded"`
	// Hosts lists exposed hosts first, then those that cannot be told, at
	// most the limit asked for; Exposed and Unknown count them all.
	Hosts        []HostExposure        `json:"hosts"`
	Exposed      int                   `json:"exposed_hosts"`
	Unknown      int                   `json:"unknown_hosts"`
	FreshExposed int                   `json:"fresh_exposed_hosts"`
	Inventory    rollcall.InventoryAge `json:"inventory"`
	Stale        bool                  `json:"inventory_stale"`
	Targeted     bool                  `json:"targeted"`
	Claim        rollcall.Claim        `json:"claim"`
	Observation  rollcall.Observation  `json:"observation"`
	Discrepancy  bool                  `json:"discrepancy"`
	Freshness    time.Duration         `json:"freshness_ns"`
}

// OrgAlertExposure lists an organisation's hosts exposed to an alert,
// each with the reason: the installed version and the range it falls in,
// or the update it lacks. For those who may see both the organisation and
// the alert.
func (s *Exposure) OrgAlertExposure(ctx context.Context, actor *rollcall.Actor, alertID, orgID int64, limit int) (*OrgAlertExposure, error) {
	org, err := s.dir.GetOrganisation(ctx, actor, orgID)
	if err != nil {
		return nil, err
	}
	a, err := s.alerts.GetAlert(ctx, actor, alertID)
	if err != nil {
		return nil, err
	}
	out := &OrgAlertExposure{Org: org, Freshness: s.policy.InventoryFreshness}
	ca, err := s.compiled(a)
	if err != nil {
		return nil, err
	}
	out.Structured = len(ca.parts) > 0
	now := s.clock.Now()
	if sum, err := s.store.InventorySummary(ctx, orgID); err != nil {
		return nil, err
	} else {
		out.Inventory = rollcall.InventoryAge{OrgID: orgID, Hosts: sum.Hosts, Oldest: sum.Oldest, Latest: sum.Latest}
		out.Stale = out.Inventory.Stale(now, s.policy.InventoryFreshness)
	}
	rows, _, err := s.store.ListResponses(ctx, rollcall.ResponseFilter{AlertID: alertID, Scope: rollcall.Scope{OrgIDs: []int64{orgID}}, Limit: 1, Now: a.ClockTime(now)})
	if err != nil {
		return nil, err
	}
	if len(rows) == 1 {
		out.Targeted, out.Claim = true, rollcall.ClaimOf(&rows[0].Response)
	}
	m := s.matcher.Load()
	if !out.Structured || m == nil {
		return out, nil
	}
	out.Loaded = true
	exposedIDs, unknownIDs := m.OrgHosts(ca.advs, uint32(orgID))
	limit = clampLimit(limit)
	var ids []int64
	for _, list := range [][]uint32{exposedIDs, unknownIDs} {
		for _, h := range list {
			if len(ids) < limit {
				ids = append(ids, int64(h))
			}
		}
	}
	hosts, err := s.store.InventoryHostsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	cutoff := now.Add(-s.policy.InventoryFreshness)
	freshUnknown := 0
	for _, h := range hosts {
		v, reasons := explainHost(ca.parts, h)
		if v == exposure.NotAffected {
			continue // changed since the index saw it
		}
		he := HostExposure{Host: h, Verdict: "exposed", Reasons: reasons, Fresh: !h.CollectedAt.Before(cutoff)}
		he.Host.Items = nil
		if v == exposure.Unknown {
			he.Verdict = "unknown"
		}
		out.Hosts = append(out.Hosts, he)
	}
	sortHostExposures(out.Hosts)
	out.Exposed, out.Unknown = len(exposedIDs), len(unknownIDs)
	// Freshness of every exposed host, not only those listed.
	times := s.times.Load()
	out.FreshExposed, freshUnknown = times.countFresh(exposedIDs, cutoff), times.countFresh(unknownIDs, cutoff)
	out.Observation = rollcall.Observe(out.Exposed, out.Unknown, out.FreshExposed, freshUnknown, out.Inventory, now, s.policy.InventoryFreshness)
	out.Discrepancy = out.Targeted && rollcall.Discrepancy(out.Claim, out.Observation)
	return out, nil
}

// resolveExposedTarget fills an Exposed target's Resolved organisations
// from the estate: those with an exposed or unknown host that pass the
// target's region and type filters, the organisations it lists, and, on a
// revision, those it reached before (they keep the alert).
func (s *Exposure) resolveExposedTarget(ctx context.Context, a *rollcall.Alert, before []int64) error {
	t := &a.Target
	if !t.Exposed {
		return nil
	}
	m := s.matcher.Load()
	if m == nil {
		return rollcall.Errorf(rollcall.ECONFLICT, "Exposure is still loading after a restart, so the exposed organisations are not known yet: try again in a minute.")
	}
	ca, err := s.compiled(a)
	if err != nil {
		return err
	}
	e := m.MatchAny(ca.advs)
	ids := make([]int64, 0, len(e.ByOrg))
	for _, o := range e.ByOrg {
		ids = append(ids, int64(o.Org))
	}
	resolved := slices.Clone(before)
	if len(ids) > 0 {
		orgs, _, err := s.store.ListOrganisations(ctx, rollcall.OrgFilter{Scope: rollcall.Scope{All: true}, IDs: ids})
		if err != nil {
			return err
		}
		filter := rollcall.Target{RegionIDs: t.RegionIDs, Types: t.Types}
		for i := range orgs {
			if len(filter.RegionIDs)+len(filter.Types) == 0 || filter.Matches(&orgs[i]) {
				resolved = append(resolved, orgs[i].ID)
			}
		}
	}
	resolved = append(resolved, t.OrgIDs...)
	slices.Sort(resolved)
	t.Resolved = slices.Compact(resolved)
	return nil
}
