package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"rollcall/service"
)

// How often the background loops run. Escalation is checked every minute
// so that an answer overdue reaches the next rung within a minute of its
// time; each run is cheap when nothing has moved.
const (
	escalateEvery       = time.Minute
	expireSessionsEvery = time.Hour
	// followInventoryEvery is how soon an upload received by another
	// replica is matched by this one.
	followInventoryEvery = 15 * time.Second
	// syncFeedsEvery is how often due feed sources are looked for; each
	// source has its own schedule, and "run now" waits at most this long.
	syncFeedsEvery = time.Minute
)

// startLoops starts the server's background work, each loop running once
// at once and then on its timer, until ctx is done. wg counts them.
func startLoops(ctx context.Context, wg *sync.WaitGroup, log *slog.Logger, svc *service.Service) {
	// The exposure matcher is built from the saved inventories once, in the
	// background, so the server answers at once; until it is loaded,
	// exposure says so. Tried again on failure.
	wg.Go(func() {
		for {
			_, err := svc.LoadExposure(ctx)
			if err == nil || ctx.Err() != nil {
				return
			}
			log.Error("loading exposure failed", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Minute):
			}
		}
	})
	every(ctx, wg, log, "escalate", escalateEvery, func(ctx context.Context) error {
		moved, err := svc.Escalate(ctx)
		if moved > 0 {
			log.Info("escalated overdue answers", "moved", moved)
		}
		return err
	})
	every(ctx, wg, log, "follow other replicas' inventory uploads", followInventoryEvery, func(ctx context.Context) error {
		n, err := svc.FollowInventory(ctx)
		if n > 0 {
			log.Info("applied inventory saved by other replicas", "hosts", n)
		}
		return err
	})
	every(ctx, wg, log, "read due feed sources", syncFeedsEvery, func(ctx context.Context) error {
		_, err := svc.SyncDue(ctx)
		return err
	})
	every(ctx, wg, log, "delete expired sessions", expireSessionsEvery, func(ctx context.Context) error {
		return svc.Sessions().DeleteExpired(ctx)
	})
}

// every runs fn now and then every d until ctx is done. A failure is
// logged and tried again on the next tick: the loops must outlive a
// database that is briefly unreachable.
func every(ctx context.Context, wg *sync.WaitGroup, log *slog.Logger, name string, d time.Duration, fn func(context.Context) error) {
	wg.Go(func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			if err := fn(ctx); err != nil && ctx.Err() == nil {
				log.Error(name+" failed", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}
