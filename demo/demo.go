// Package demo builds Rollcall's demonstration federation: England's NHS in
// the days after the WannaCry ransomware attack of May 2017, with invented
// trusts, commissioning bodies, support units and GP practices, their
// people, and the centre's alerts — among them the MS17-010 alert that most
// organisations had not acted on.
//
// Everything is made through the service, as people would have made it:
// the clock is moved from weeks before "now" to "now", alerts are published
// at their times, and each organisation acknowledges and answers at its own
// times, so every answer has its history and every escalation its rung.
// About two in five organisations have sent a software inventory, some of
// it weeks old; most agree with what the organisation answered about
// MS17-010, and a few do not. The same seed always gives the same
// federation and the same figures.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"rollcall"
	"rollcall/service"
)

// Password is the demo accounts' password, printed by `rollcall demo`.
const Password = "rollcall-demo-2017"

// DefaultSeed is the seed `rollcall demo` uses unless told otherwise.
const DefaultSeed = 2017

// Practice counts: a quick default, and about England's number.
const (
	DefaultPractices = 600
	AllPractices     = 7100
)

// Options shape the federation.
type Options struct {
	// Seed makes the federation; the same seed gives the same one.
	Seed uint64
	// Practices is how many GP practices to make; zero means
	// DefaultPractices, or AllPractices when AllPractices is set.
	Practices    int
	AllPractices bool
	// Password is given to the printed demo accounts; empty means Password.
	Password string
	// Progress, when set, is told of each step as it starts, and of the
	// share of the timeline done as it runs, so that a long build
	// (AllPractices takes tens of seconds) is not silent.
	Progress func(step string)
}

// Account is a demo account to sign in as.
type Account struct {
	Email       string        `json:"email"`
	Password    string        `json:"password"`
	Role        rollcall.Role `json:"role"`
	Description string        `json:"description"`
}

// Result is what Generate made.
type Result struct {
	Seed uint64 `json:"seed"`
	// Practices is how many GP practices were made (zero in demos made
	// before it was recorded).
	Practices     int       `json:"practices,omitempty"`
	GeneratedAt   time.Time `json:"generated_at"`
	Accounts      []Account `json:"accounts"`
	Regions       int       `json:"regions"`
	Organisations int       `json:"organisations"`
	Users         int       `json:"users"`
	// Alerts maps each demo alert's key ("ms17-010", "office-rtf",
	// "firefox-svg", "phishing", "sambacry") to its ID.
	Alerts map[string]int64 `json:"alerts"`
	// InventoryOrgs counts the organisations that sent a software
	// inventory, StaleInventories those whose inventory is older than the
	// policy's freshness window, and Hosts the hosts uploaded.
	InventoryOrgs int `json:"inventory_organisations"`
	// Advisories counts the library's advisories (the KEV catalogue and
	// five CSAF advisories).
	Advisories       int `json:"advisories"`
	StaleInventories int `json:"stale_inventories"`
	Hosts            int `json:"hosts"`
}

// PracticesMade is how many GP practices the federation has: as recorded,
// or for a demo made before that was recorded, told from its size.
func (r *Result) PracticesMade() int {
	switch {
	case r.Practices > 0:
		return r.Practices
	case r.Organisations > DefaultPractices*3:
		return AllPractices
	}
	return DefaultPractices
}

// MS17010 is the key of the WannaCry alert in Result.Alerts.
const MS17010 = "ms17-010"

// Generate builds the federation through svc, whose clock must be clock.
// It reads "now" from clock, moves the clock back to before the first
// event, and forward through every event to "now" again, where it leaves
// it. The database must be empty and migrated.
func Generate(ctx context.Context, svc *service.Service, clock *rollcall.FixedClock, opts Options) (*Result, error) {
	if opts.Password == "" {
		opts.Password = Password
	}
	if opts.Practices <= 0 {
		opts.Practices = DefaultPractices
		if opts.AllPractices {
			opts.Practices = AllPractices
		}
	}
	now := clock.Now()
	// Three streams from one seed: the directory's names, the answers'
	// timings and the estate's inventories, so that a change in one does
	// not reshuffle the others.
	g := &generator{
		svc: svc, clock: clock, opts: opts, now: now,
		rng:    rand.New(rand.NewPCG(opts.Seed, 0x526f6c6c63616c6c)),     // "Rollcall"
		names:  newNamer(rand.New(rand.NewPCG(opts.Seed, 0x4e616d6573))), // "Names"
		erng:   rand.New(rand.NewPCG(opts.Seed, 0x457374617465)),         // "Estate"
		byCode: map[string]*org{},
		result: &Result{Seed: opts.Seed, Practices: opts.Practices, GeneratedAt: now, Alerts: map[string]int64{}},
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	g.timeline.progress = progress
	clock.Set(now.Add(-directoryAge))
	progress(fmt.Sprintf("the directory: regions, organisations (%d GP practices) and people", opts.Practices))
	if err := g.buildDirectory(ctx); err != nil {
		return nil, fmt.Errorf("demo directory: %w", err)
	}
	if err := g.planAlerts(ctx); err != nil {
		return nil, fmt.Errorf("demo alerts: %w", err)
	}
	g.planEstate()
	progress("four months of alerts, answers and inventories")
	if err := g.timeline.run(ctx, clock, now); err != nil {
		return nil, fmt.Errorf("demo timeline: %w", err)
	}
	clock.Set(now.Add(-2 * time.Hour))
	progress("the advisory library: the KEV catalogue and CSAF advisories")
	if err := g.importLibrary(ctx); err != nil {
		return nil, fmt.Errorf("demo library: %w", err)
	}
	clock.Set(now)
	if _, err := svc.Escalate(ctx); err != nil {
		return nil, fmt.Errorf("demo escalation: %w", err)
	}
	for key, a := range g.alerts {
		g.result.Alerts[key] = a.ID
	}
	return g.result, nil
}

// directoryAge is how long before "now" the directory is made: before the
// oldest alert, which is about a hundred days old.
const directoryAge = 120 * rollcall.Day

// generator carries the state of one Generate call.
type generator struct {
	svc      *service.Service
	clock    *rollcall.FixedClock
	opts     Options
	now      time.Time
	rng      *rand.Rand
	erng     *rand.Rand // the estate's stream
	names    *namer
	operator *rollcall.Actor
	analyst  *rollcall.Actor
	regions  []*region
	orgs     []*org // in the order made
	byCode   map[string]*org
	// The organisations the printed accounts belong to.
	namedTrust, namedSupportUnit *org
	alerts                       map[string]*rollcall.Alert
	timeline                     timeline
	result                       *Result
	// claims holds each organisation's last MS17-010 answer planned
	// before "now", which the estate agrees with, or not.
	claims map[*org]plannedClaim
}
