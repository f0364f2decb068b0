package service

import (
	"context"
	"sync"

	"rollcall"
)

// followBatch is how many changes FollowInventory reads at a time.
const followBatch = 2000

// FollowStore is what following other replicas' uploads needs: the
// changes to inventories in commit order, and the hosts they name.
type FollowStore interface {
	// LatestInventoryChange returns the newest committed change's id, 0
	// when there is none.
	LatestInventoryChange(ctx context.Context) (int64, error)
	// InventoryChanges returns up to limit changes after afterID, in
	// commit order.
	InventoryChanges(ctx context.Context, afterID int64, limit int) ([]rollcall.InventoryChange, error)
	// InventoryHostsByID returns those hosts with their rows; ids that no
	// longer exist are left out.
	InventoryHostsByID(ctx context.Context, ids []int64) ([]rollcall.InventoryHost, error)
}

// followState is the last change FollowInventory has applied.
type followState struct {
	store FollowStore
	mu    sync.Mutex
	after int64
}

// mark records the change LoadExposure started after, so that following
// starts there. A change committed while the load reads is applied again
// by following, which replaces a host with what it already holds.
func (s *Exposure) markFollow(ctx context.Context) error {
	id, err := s.follow.store.LatestInventoryChange(ctx)
	if err != nil {
		return err
	}
	s.follow.mu.Lock()
	defer s.follow.mu.Unlock()
	s.follow.after = id
	return nil
}

// FollowInventory applies to this replica's matcher the inventory changes
// any replica committed since it last looked, in commit order, so an
// upload received by one server is matched by all of them within the
// polling interval, however late its transaction committed or however far
// its server's clock is off. A host that no longer exists (retired) leaves
// the matcher. It returns how many hosts it applied or removed, those
// this replica applied already not counted; it does nothing until
// LoadExposure has run.
func (s *Exposure) FollowInventory(ctx context.Context) (int, error) {
	if s.matcher.Load() == nil {
		return 0, nil
	}
	f := &s.follow
	f.mu.Lock()
	defer f.mu.Unlock()
	applied := 0
	for {
		changes, err := f.store.InventoryChanges(ctx, f.after, followBatch)
		if err != nil {
			return applied, err
		}
		if len(changes) == 0 {
			return applied, nil
		}
		ids := make([]int64, 0, len(changes))
		for _, ch := range changes {
			ids = append(ids, ch.HostID)
		}
		hosts, err := f.store.InventoryHostsByID(ctx, ids)
		if err != nil {
			return applied, err
		}
		found := make(map[int64]bool, len(hosts))
		fresh := make([]*rollcall.InventoryHost, 0, len(hosts))
		for i := range hosts {
			found[hosts[i].ID] = true
			fresh = append(fresh, &hosts[i])
		}
		var gone []int64
		for _, id := range ids {
			if !found[id] {
				gone = append(gone, id)
				found[id] = true // once
			}
		}
		applied += s.applyToMatcherCount(fresh)
		applied += s.removeFromMatcher(gone)
		f.after = changes[len(changes)-1].ID
		if len(changes) < followBatch {
			return applied, nil
		}
	}
}
