// Package service is Rollcall's application layer: every operation a person
// or machine can perform, each deciding first — from the caller's Actor —
// whether it is allowed, then validating, then asking the Store. It holds
// the clock and the policy, so deadlines are computed in one place.
package service

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	"rollcall"
	"rollcall/exposure"
)

// Service carries out Rollcall's operations.
type Service struct {
	store  Store
	clock  rollcall.Clock
	policy rollcall.Policy
	log    *slog.Logger
	// matcher is the whole estate's inventory in memory, for exposure;
	// nil until LoadExposure has run.
	matcher atomic.Pointer[exposure.Matcher]
	// times is each host's snapshot time, kept with the matcher.
	times atomic.Pointer[hostTimes]
	// applyMu serialises applying snapshots to the matcher.
	applyMu sync.Mutex
	// compiledAlerts keeps alerts' affected products compiled for it.
	compiledAlerts compiledCache
	// advisories keeps library advisories compiled for the matcher.
	advisories advisoryCache
	// eol is the policy's end-of-support list, compiled once.
	eol eolCache
	// feeds read each kind of source; see SetFeedReaders.
	feeds map[rollcall.SourceKind]FeedReader
	// feedRoots are the server folders sources may read; see SetFeedRoots.
	feedRoots []string
	// follow is where FollowInventory has read other replicas' uploads to.
	follow followState
}

// New returns a Service over store, reading the time from clock.
func New(store Store, clock rollcall.Clock, policy rollcall.Policy, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, clock: clock, policy: policy, log: log}
}

// Policy returns the policy in force.
func (s *Service) Policy() rollcall.Policy { return s.policy }

// Clock returns the service's clock.
func (s *Service) Clock() rollcall.Clock { return s.clock }

// Operator is the actor for commands run by whoever operates the server
// with direct access to its database (creating the first analyst, issuing
// tokens from the command line). It may do what an analyst may do.
func Operator() *rollcall.Actor {
	return &rollcall.Actor{User: rollcall.User{Name: "Operator", Role: rollcall.RoleAnalyst}}
}

// forbidden is the error for an actor who may not do something. Reads of
// things outside the actor's scope answer ENOTFOUND instead, so that
// another organisation's data does not even show it exists.
func forbidden(what string) error {
	return rollcall.Errorf(rollcall.EFORBIDDEN, "You are not allowed to %s.", what)
}

func requireActor(a *rollcall.Actor) error {
	if a == nil || a.User.Disabled {
		return rollcall.Errorf(rollcall.EUNAUTHORIZED, "Sign in first.")
	}
	return nil
}

// ping is satisfied by stores that can report readiness.
type pinger interface{ Ping(context.Context) error }

// Ready reports whether the service can answer: the store is reachable.
func (s *Service) Ready(ctx context.Context) error {
	if p, ok := s.store.(pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}
