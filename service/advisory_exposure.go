package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"rollcall"
	"rollcall/exposure"
	"rollcall/version"
)

// AdvisoryExposure is one library advisory matched against the estate.
type AdvisoryExposure struct {
	Source   string   `json:"source"`
	SourceID string   `json:"source_id"`
	Aliases  []string `json:"aliases"`
	Summary  string   `json:"summary"`
	Exposed  int      `json:"exposed_hosts"`
	Unknown  int      `json:"unknown_hosts"`
	Orgs     int      `json:"organisations"`
	// Problem says why the advisory could not be matched, if it could not
	// (a range Rollcall cannot read); it is then counted as not matched,
	// never as exposing nothing. An advisory that names products without
	// versions (a KEV entry: a vendor and product only) has nothing to
	// match and exposes no host here.
	Problem string `json:"problem,omitempty"`
}

// AdvisoryMatch is the outcome of re-matching the library.
type AdvisoryMatch struct {
	// Advisories were matched; Exposing is how many expose or may expose
	// a host; Unmatched could not be matched (see Problem).
	Advisories int                `json:"advisories"`
	Exposing   int                `json:"exposing"`
	Unmatched  int                `json:"unmatched"`
	Took       time.Duration      `json:"took_ns"`
	Results    []AdvisoryExposure `json:"results"`
}

// advisoryCache keeps library advisories compiled by source, id and
// revision, so a re-match after new inventory reuses the matcher's
// per-version verdicts.
type advisoryCache struct {
	mu  sync.Mutex
	byK map[string]*compiledAdvisory
}

type compiledAdvisory struct {
	revision int
	advs     []*exposure.Advisory
	problem  string
}

// MatchAdvisories matches every advisory of the library the filter selects
// (its Limit and Offset are ignored: all of them) against the whole estate:
// what a new feed or a large upload means for the nation. Results expose a
// host first, most hosts first; advisories exposing nothing are counted,
// not listed, unless all is set. The centre and auditors only.
func (s *Library) MatchAdvisories(ctx context.Context, actor *rollcall.Actor, f rollcall.AdvisoryFilter, all bool) (*AdvisoryMatch, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return nil, forbidden("match the advisory library")
	}
	m := s.exposure.matcher.Load()
	if m == nil {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Exposure is still loading: try again in a minute.")
	}
	library, err := s.allAdvisories(ctx, f)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	out := &AdvisoryMatch{}
	for i := range library {
		adv := &library[i]
		if !adv.Withdrawn.IsZero() {
			continue
		}
		c := s.compiledAdvisory(adv)
		r := AdvisoryExposure{Source: adv.Source, SourceID: adv.SourceID, Aliases: adv.Aliases, Summary: adv.Summary, Problem: c.problem}
		out.Advisories++
		if c.problem != "" {
			out.Unmatched++
			out.Results = append(out.Results, r)
			continue
		}
		e := m.MatchAny(c.advs)
		r.Exposed, r.Unknown, r.Orgs = int(e.Exposed), int(e.Unknown), len(e.ByOrg)
		if r.Exposed+r.Unknown > 0 {
			out.Exposing++
		}
		if all || r.Exposed+r.Unknown > 0 {
			out.Results = append(out.Results, r)
		}
	}
	out.Took = time.Since(start)
	slices.SortStableFunc(out.Results, func(a, b AdvisoryExposure) int {
		switch {
		case a.Exposed != b.Exposed:
			return b.Exposed - a.Exposed
		case a.Unknown != b.Unknown:
			return b.Unknown - a.Unknown
		}
		return strings.Compare(a.Problem, b.Problem)
	})
	return out, nil
}

// compiledAdvisory returns the advisory's matcher form, compiling it when
// its revision is new.
func (s *Library) compiledAdvisory(a *rollcall.Advisory) *compiledAdvisory {
	c := &s.advisories
	key := a.Source + "\x00" + a.SourceID
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, ok := c.byK[key]; ok && got.revision == a.Revision {
		return got
	}
	ca := &compiledAdvisory{revision: a.Revision}
	for _, p := range a.Affected {
		key, err := exposure.ProductKey(p.PURL)
		if err != nil {
			ca.advs, ca.problem = nil, err.Error()
			break
		}
		rng, err := version.ParseVers(p.Vers)
		if err != nil {
			ca.advs, ca.problem = nil, fmt.Sprintf("%s %s: %s", p.PURL, p.Vers, rollcall.ErrorMessage(err))
			break
		}
		ca.advs = append(ca.advs, &exposure.Advisory{Product: key, Affected: rangePredicate(rng)})
	}
	if ca.problem == "" && len(a.Facts.Windows) > 0 {
		parts, err := compileAffected(rollcall.Affected{Windows: a.Facts.Windows}, rollcall.DefaultSupersedence)
		if err != nil {
			ca.advs, ca.problem = nil, rollcall.ErrorMessage(err)
		}
		for _, p := range parts {
			ca.advs = append(ca.advs, p.adv)
		}
	}
	if c.byK == nil {
		c.byK = map[string]*compiledAdvisory{}
	}
	c.byK[key] = ca
	return ca
}
