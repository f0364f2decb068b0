package service

import (
	"context"
	"slices"
	"sync"
	"time"

	"rollcall"
	"rollcall/exposure"
	"rollcall/version"
)

// eolCache holds the policy's end-of-support list compiled for the
// matcher, built on first use.
type eolCache struct {
	once  sync.Once
	advs  []*exposure.Advisory
	err   error
	rules []rollcall.EndOfSupport
}

func (s *Exposure) eolAdvisories() ([]*exposure.Advisory, []rollcall.EndOfSupport, error) {
	c := &s.eol
	c.once.Do(func() {
		c.rules = s.policy.EndOfSupport
		for i, e := range c.rules {
			a := &exposure.Advisory{Product: e.Product}
			if e.Versions != "" {
				rng, err := version.ParseVers(e.Versions)
				if err != nil {
					c.err = rollcall.FieldError("end_of_support", "End of support %d (%s): %s", i+1, e.Name, rollcall.ErrorMessage(err))
					return
				}
				a.Affected = rangePredicate(rng)
			}
			c.advs = append(c.advs, a)
		}
	})
	return c.advs, c.rules, c.err
}

// CheckEndOfSupport reads the policy's end-of-support list, so a server
// refuses a bad policy at start rather than on the first report.
func (s *Exposure) CheckEndOfSupport() error {
	_, _, err := s.eolAdvisories()
	return err
}

// EOLRule is one end-of-support entry with the hosts it counts.
type EOLRule struct {
	rollcall.EndOfSupport
	Ended bool `json:"ended"`
	Hosts int  `json:"hosts"`
	Orgs  int  `json:"organisations"`
	// Unknown counts hosts whose version could not be compared.
	Unknown int `json:"unknown_hosts"`
}

// EOLCounts is one organisation's, region's or the nation's count of
// hosts per end-of-support entry, beside the hosts it has sent at all.
type EOLCounts struct {
	Hosts  int   `json:"hosts"`
	ByRule []int `json:"by_rule"`
	// EndOfLife counts hosts on any entry whose support has ended.
	EndOfLife int `json:"end_of_life_hosts"`
}

// EOLOrg is one organisation's row.
type EOLOrg struct {
	OrgID     int64                 `json:"org_id"`
	OrgCode   string                `json:"org_code"`
	OrgName   string                `json:"org_name"`
	RegionID  int64                 `json:"region_id"`
	Inventory rollcall.InventoryAge `json:"inventory"`
	Stale     bool                  `json:"inventory_stale"`
	EOLCounts
}

// EOLRegion is one region's row.
type EOLRegion struct {
	Region rollcall.Region `json:"region"`
	Orgs   int             `json:"organisations"`
	// WithInventory counts organisations that have sent one; Stale those
	// whose newest snapshot is older than the freshness window.
	WithInventory int `json:"with_inventory"`
	Stale         int `json:"inventory_stale"`
	EOLCounts
}

// EOLReport counts end-of-life hosts per organisation, region and nation.
type EOLReport struct {
	Loaded  bool        `json:"loaded"`
	Rules   []EOLRule   `json:"rules"`
	Nation  EOLRegion   `json:"nation"`
	Regions []EOLRegion `json:"regions"`
	// Orgs lists organisations in scope that have an inventory, most
	// end-of-life hosts first.
	Orgs      []EOLOrg      `json:"organisations"`
	Freshness time.Duration `json:"freshness_ns"`
}

// EndOfLife counts hosts on systems out of (or nearing the end of)
// support, within the caller's scope: the whole country for the centre
// and auditors, a region for its coordinator, an organisation for its
// own people. regionID, when not zero, narrows to one region.
func (s *Exposure) EndOfLife(ctx context.Context, actor *rollcall.Actor, regionID int64) (*EOLReport, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	scope := actor.Scope()
	if scope.Empty() {
		return nil, forbidden("see end-of-life counts")
	}
	if regionID != 0 && !scope.All && len(scope.RegionIDs) > 0 && !slices.Contains(scope.RegionIDs, regionID) {
		return nil, rollcall.Errorf(rollcall.ENOTFOUND, "Region %d not found.", regionID)
	}
	advs, rules, err := s.eolAdvisories()
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := &EOLReport{Freshness: s.policy.InventoryFreshness}
	for _, r := range rules {
		out.Rules = append(out.Rules, EOLRule{EndOfSupport: r, Ended: r.Ended(now)})
	}
	orgs, _, err := s.store.ListOrganisations(ctx, rollcall.OrgFilter{Scope: scope, RegionID: regionID})
	if err != nil {
		return nil, err
	}
	regions, err := s.store.ListRegions(ctx)
	if err != nil {
		return nil, err
	}
	ages, err := s.inventoryAges(ctx)
	if err != nil {
		return nil, err
	}
	m := s.matcher.Load()
	out.Loaded = m != nil
	// Per rule, per organisation: the matcher counts every organisation
	// at once; the scope is applied below, through orgs.
	counts := make([]map[uint32]exposure.OrgExposure, len(advs))
	// A host is end of life once, whichever ended entries it matches.
	ended := map[uint32]uint32{}
	if m != nil {
		var endedAdvs []*exposure.Advisory
		for i, a := range advs {
			e := m.Match(a)
			counts[i] = make(map[uint32]exposure.OrgExposure, len(e.ByOrg))
			for _, o := range e.ByOrg {
				counts[i][o.Org] = o
			}
			if out.Rules[i].Ended {
				endedAdvs = append(endedAdvs, a)
			}
		}
		if len(endedAdvs) > 0 {
			for _, o := range m.MatchAny(endedAdvs).ByOrg {
				ended[o.Org] = o.Exposed
			}
		}
	}
	byRegion := map[int64]*EOLRegion{}
	for _, reg := range regions {
		byRegion[reg.ID] = &EOLRegion{Region: reg, EOLCounts: EOLCounts{ByRule: make([]int, len(rules))}}
	}
	out.Nation = EOLRegion{Region: rollcall.Region{Name: "All regions"}, EOLCounts: EOLCounts{ByRule: make([]int, len(rules))}}
	for _, o := range orgs {
		reg := byRegion[o.RegionID]
		if reg == nil {
			continue
		}
		age, has := ages[o.ID]
		stale := has && age.Stale(now, s.policy.InventoryFreshness)
		for _, agg := range []*EOLRegion{reg, &out.Nation} {
			agg.Orgs++
			if has {
				agg.WithInventory++
				agg.Hosts += age.Hosts
			}
			if stale {
				agg.Stale++
			}
		}
		if !has {
			continue
		}
		row := EOLOrg{OrgID: o.ID, OrgCode: o.Code, OrgName: o.Name, RegionID: o.RegionID, Inventory: age, Stale: stale,
			EOLCounts: EOLCounts{Hosts: age.Hosts, ByRule: make([]int, len(rules))}}
		for i := range rules {
			c := counts[i][uint32(o.ID)]
			if c.Exposed == 0 && c.Unknown == 0 {
				continue
			}
			n := int(c.Exposed)
			row.ByRule[i] = n
			reg.ByRule[i] += n
			out.Nation.ByRule[i] += n
			out.Rules[i].Hosts += n
			out.Rules[i].Unknown += int(c.Unknown)
			if n > 0 {
				out.Rules[i].Orgs++
			}
		}
		n := int(ended[uint32(o.ID)])
		row.EndOfLife = n
		reg.EndOfLife += n
		out.Nation.EndOfLife += n
		out.Orgs = append(out.Orgs, row)
	}
	for _, reg := range regions {
		if r := byRegion[reg.ID]; r.Orgs > 0 {
			out.Regions = append(out.Regions, *r)
		}
	}
	slices.SortStableFunc(out.Orgs, func(a, b EOLOrg) int { return b.EndOfLife - a.EndOfLife })
	return out, nil
}
