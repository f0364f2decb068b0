// Package service is Rollcall's application layer: every operation a person
// or machine can perform, each deciding first — from the caller's Actor —
// whether it is allowed, then validating, then asking the Store. It holds
// the clock and the policy, so deadlines are computed in one place.
package service

import (
	"context"
	"log/slog"

	"rollcall"
)

// Service carries out Rollcall's operations. It is made of one room per
// aggregate, each with the small store interface it needs (defined beside
// it) and its own methods, promoted here so callers hold one value:
//
//   - Directory: regions, organisations, delegations (directory.go)
//   - Accounts: users, passwords, API tokens, sessions (accounts.go)
//   - Alerts: drafting, publishing, revising, withdrawing (alerts.go)
//   - Responses: answers, sign-off, work lists, roll call, escalation (responses.go)
//   - Exposure: inventories, the matcher, end of life (exposure.go)
//   - Library: advisories, feed sources, triage rules (library.go)
//   - Challenges: the centre or a region reopening a disputed answer (challenge.go)
//   - BulkAnswers: one answer for many organisations (responses_bulk.go)
type Service struct {
	*Directory
	*Accounts
	*Alerts
	*Responses
	*Exposure
	*Library
	*Challenges
	*BulkAnswers
	env   env
	store Store
}

// env is what every room shares: the clock, the policy and the log.
type env struct {
	clock  rollcall.Clock
	policy rollcall.Policy
	log    *slog.Logger
}

// New returns a Service over store, reading the time from clock.
func New(store Store, clock rollcall.Clock, policy rollcall.Policy, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := env{clock: clock, policy: policy, log: log}
	dir := &Directory{env: e, store: store}
	alerts := &Alerts{env: e, store: store, dir: dir}
	exp := &Exposure{env: e, store: store, dir: dir, alerts: alerts}
	exp.follow.store = store
	alerts.exposure = exp
	responses := &Responses{env: e, store: store, dir: dir, alerts: alerts}
	return &Service{
		Directory:   dir,
		Accounts:    &Accounts{env: e, store: store},
		Alerts:      alerts,
		Responses:   responses,
		Exposure:    exp,
		Library:     &Library{env: e, store: store, alerts: alerts, exposure: exp},
		BulkAnswers: &BulkAnswers{env: e, store: store, responses: responses, exposure: exp},
		Challenges:  &Challenges{env: e, store: store, dir: dir, alerts: alerts},
		env:         e,
		store:       store,
	}
}

// Policy returns the policy in force.
func (s *Service) Policy() rollcall.Policy { return s.env.policy }

// Clock returns the service's clock.
func (s *Service) Clock() rollcall.Clock { return s.env.clock }

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
