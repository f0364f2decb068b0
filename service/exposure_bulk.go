package service

import (
	"context"
	"slices"
	"strings"

	"rollcall"
)

// exposedAmong returns those of the organisations whose fresh inventories
// show hosts exposed to the alert, as the discrepancy comparison judges
// them (rollcall.Observe), most exposed hosts first. It answers nothing
// while the alert names no structured product or exposure is still
// loading: there is no evidence then.
func (s *Exposure) exposedAmong(ctx context.Context, a *rollcall.Alert, orgIDs []int64) ([]ExposedOrg, error) {
	ca, err := s.compiled(a)
	if err != nil {
		return nil, err
	}
	m := s.matcher.Load()
	if len(ca.parts) == 0 || m == nil || len(orgIDs) == 0 {
		return nil, nil
	}
	chosen := make(map[uint32]bool, len(orgIDs))
	for _, id := range orgIDs {
		chosen[uint32(id)] = true
	}
	exposedBy, unknownBy := m.HostsByOrg(ca.advs, func(org uint32) bool { return chosen[org] })
	if len(exposedBy) == 0 {
		return nil, nil
	}
	ages, err := s.inventoryAges(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	cutoff := now.Add(-s.policy.InventoryFreshness)
	times := s.times.Load()
	fresh := map[int64]int{}
	var ids []int64
	for org, exp := range exposedBy {
		if !chosen[org] {
			continue
		}
		unk := unknownBy[org]
		fe := times.countFresh(exp, cutoff)
		obs := rollcall.Observe(len(exp), len(unk), fe, times.countFresh(unk, cutoff), ages[int64(org)], now, s.policy.InventoryFreshness)
		if obs == rollcall.ObservedExposed {
			fresh[int64(org)] = fe
			ids = append(ids, int64(org))
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	orgs, _, err := s.store.ListOrganisations(ctx, rollcall.OrgFilter{Scope: rollcall.Scope{OrgIDs: ids}, IDs: ids})
	if err != nil {
		return nil, err
	}
	out := make([]ExposedOrg, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, ExposedOrg{OrgID: o.ID, OrgCode: o.Code, OrgName: o.Name, ExposedHosts: fresh[o.ID]})
	}
	slices.SortFunc(out, func(x, y ExposedOrg) int {
		if x.ExposedHosts != y.ExposedHosts {
			return y.ExposedHosts - x.ExposedHosts
		}
		return strings.Compare(x.OrgName, y.OrgName)
	})
	return out, nil
}
