package service

import (
	"context"
	"fmt"
	"math"
	"time"

	"rollcall"
	"rollcall/exposure"
)

// ExposureLoad says what LoadExposure read and how long it took.
type ExposureLoad struct {
	Hosts int           `json:"hosts"`
	Rows  int           `json:"rows"`
	Took  time.Duration `json:"took"`
}

// LoadExposure builds the exposure matcher from every saved inventory and
// puts it in service; until it has run, exposure is not available. It is
// what a restart costs before exposure answers again. Uploads saved while
// it runs are picked up by FollowInventory, which reads the changes
// committed after the last one before the load began.
func (s *Exposure) LoadExposure(ctx context.Context) (ExposureLoad, error) {
	start := time.Now()
	if err := s.markFollow(ctx); err != nil {
		return ExposureLoad{}, err
	}
	l := exposure.NewLoader()
	times := &hostTimes{}
	var res ExposureLoad
	err := s.store.ScanInventory(ctx, func(id int64, pv rollcall.ProductVersion) error {
		return l.Name(id, exposure.Item{Product: pv.Product, Version: pv.Version})
	}, func(h *rollcall.InventoryHost, ids []int64) error {
		if err := matcherIDs(h); err != nil {
			return err
		}
		if err := l.Add(uint32(h.ID), uint32(h.OrgID), ids); err != nil {
			return err
		}
		times.setLocked(h.ID, h.OrgID, h.CollectedAt) // not shared yet
		res.Hosts++
		res.Rows += len(ids)
		return nil
	})
	if err != nil {
		return ExposureLoad{}, err
	}
	m := l.Matcher()
	s.times.Store(times) // before the matcher: whoever sees the matcher sees the times
	s.matcher.Store(m)
	res.Took = time.Since(start)
	s.log.Info("exposure loaded", "hosts", res.Hosts, "rows", res.Rows, "took", res.Took)
	return res, nil
}

// updateExposure applies hosts this replica saved to the matcher, if one
// is loaded. FollowInventory reads them again from the database and
// replaces them with the same.
func (s *Exposure) updateExposure(hosts []*rollcall.InventoryHost) {
	s.applyToMatcher(hosts)
}

// applyToMatcher replaces the hosts' snapshots in the matcher and reports
// whether there was one: while exposure is loading there is not, and
// FollowInventory applies such uploads once it has loaded. A snapshot older
// than the one the matcher holds for a host is skipped, and applying is
// serialised, so an upload and a following read of the same host, or two
// uploads, cannot leave the older snapshot in place.
func (s *Exposure) applyToMatcher(hosts []*rollcall.InventoryHost) bool {
	_, ok := s.applyHosts(hosts)
	return ok
}

// applyToMatcherCount is applyToMatcher returning how many of the hosts
// the matcher did not hold already at their snapshot time.
func (s *Exposure) applyToMatcherCount(hosts []*rollcall.InventoryHost) int {
	n, _ := s.applyHosts(hosts)
	return n
}

// removeFromMatcher takes retired hosts out of the matcher and returns how
// many it held.
func (s *Exposure) removeFromMatcher(ids []int64) int {
	m := s.matcher.Load()
	if m == nil || len(ids) == 0 {
		return 0
	}
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	gone := s.times.Load().removeAll(ids)
	if len(gone) > 0 {
		m.RemoveHosts(gone)
	}
	return len(gone)
}

func (s *Exposure) applyHosts(hosts []*rollcall.InventoryHost) (int, bool) {
	m := s.matcher.Load()
	if m == nil {
		return 0, false
	}
	fresh := 0
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	times := s.times.Load()
	batch := make([]exposure.Host, 0, len(hosts))
	newer := make([]*rollcall.InventoryHost, 0, len(hosts))
	for _, h := range hosts {
		if err := matcherIDs(h); err != nil {
			s.log.Error("host left out of exposure", "err", err)
			continue
		}
		if times.olderThanHeld(h) {
			continue
		}
		if !times.heldAt(h) {
			fresh++
		}
		newer = append(newer, h)
		items := make([]exposure.Item, len(h.Items))
		for j, pv := range h.Items {
			items[j] = exposure.Item{Product: pv.Product, Version: pv.Version}
		}
		batch = append(batch, exposure.Host{ID: uint32(h.ID), Org: uint32(h.OrgID), Items: items})
	}
	times.setAll(newer)
	m.ReplaceHosts(batch)
	return fresh, true
}

// ExposureStats describes the loaded matcher, for the centre and
// auditors; ENOTFOUND when exposure is not loaded.
func (s *Exposure) ExposureStats(ctx context.Context, actor *rollcall.Actor) (exposure.Stats, error) {
	if err := requireActor(actor); err != nil {
		return exposure.Stats{}, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return exposure.Stats{}, forbidden("read the exposure index")
	}
	m := s.matcher.Load()
	if m == nil {
		return exposure.Stats{}, rollcall.Errorf(rollcall.ENOTFOUND, "Exposure is not loaded yet.")
	}
	return m.Stats(), nil
}

// matcherIDs checks that a host's and its organisation's database ids fit
// the matcher's 32-bit ids (four thousand million hosts: the estate is two
// million), so that one never silently stands for another.
func matcherIDs(h *rollcall.InventoryHost) error {
	if h.ID < 0 || h.ID > math.MaxUint32 || h.OrgID < 0 || h.OrgID > math.MaxUint32 {
		return fmt.Errorf("inventory host %d of organisation %d: ids past 2^32 do not fit the exposure index", h.ID, h.OrgID)
	}
	return nil
}
