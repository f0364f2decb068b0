package service

import (
	"context"
	"sync"
	"time"

	"rollcall"
)

// followOverlap is how far back FollowInventory reads before the newest
// snapshot it has seen: an upload's transaction may commit a little after
// the time it stamped on its hosts, and such hosts must not be missed.
const followOverlap = 2 * time.Minute

// followBatch is how many hosts FollowInventory applies at a time.
const followBatch = 2000

// followState is where FollowInventory has read to.
type followState struct {
	mu    sync.Mutex
	since time.Time
	seen  map[int64]time.Time // hosts applied at or after since-overlap
}

// mark records where LoadExposure started reading, so that following
// starts there, and returns that time.
func (f *followState) mark(t time.Time) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.since, f.seen = t.Add(-followOverlap), map[int64]time.Time{}
	return f.since
}

// noteLoaded records the recent hosts LoadExposure loaded.
func (f *followState) noteLoaded(hosts map[int64]time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, t := range hosts {
		if old, ok := f.seen[id]; !ok || t.After(old) {
			f.seen[id] = t
		}
	}
}

// FollowInventory applies to this replica's matcher the inventories that
// any replica saved since it last looked, so an upload received by one
// server is matched by all of them within the polling interval. It returns
// how many hosts it applied; it does nothing until LoadExposure has run.
func (s *Exposure) FollowInventory(ctx context.Context) (int, error) {
	if s.matcher.Load() == nil {
		return 0, nil
	}
	f := &s.follow
	f.mu.Lock()
	defer f.mu.Unlock()
	applied := 0
	at, afterID := f.since, int64(-1)
	newest := f.since
	for {
		hosts, err := s.store.InventorySince(ctx, at, afterID, followBatch)
		if err != nil {
			return applied, err
		}
		var fresh []*rollcall.InventoryHost
		for i := range hosts {
			h := &hosts[i]
			at, afterID = h.CollectedAt, h.ID
			if h.CollectedAt.After(newest) {
				newest = h.CollectedAt
			}
			if t, ok := f.seen[h.ID]; ok && t.Equal(h.CollectedAt) {
				continue // applied already, by this replica's upload or an earlier poll
			}
			f.seen[h.ID] = h.CollectedAt
			fresh = append(fresh, h)
		}
		if len(fresh) > 0 {
			s.applyToMatcher(fresh)
			applied += len(fresh)
		}
		if len(hosts) < followBatch {
			break
		}
	}
	// Read from a little before the newest next time, forgetting what is
	// older than that.
	if since := newest.Add(-followOverlap); since.After(f.since) {
		f.since = since
		for id, t := range f.seen {
			if t.Before(since) {
				delete(f.seen, id)
			}
		}
	}
	return applied, nil
}

// noteApplied records hosts this replica applied itself, so following does
// not apply them again.
func (f *followState) noteApplied(hosts []*rollcall.InventoryHost) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen == nil {
		return
	}
	for _, h := range hosts {
		f.seen[h.ID] = h.CollectedAt
	}
}
