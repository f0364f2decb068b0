package service

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"rollcall"
)

// FeedReader reads one kind of source: it fetches what changed since the
// validators given and parses it into advisories.
type FeedReader interface {
	Read(ctx context.Context, src rollcall.Source, validators map[string]rollcall.Validators) (*FeedResult, error)
}

// FeedResult is what a FeedReader found.
type FeedResult struct {
	// Documents counts the documents read (not those the server said were
	// unchanged).
	Documents  int
	Advisories []*rollcall.Advisory
	// Refused names each document or entry refused, with why.
	Refused []string
	// Unchanged: every document was unchanged since the validators given.
	Unchanged bool
	// Validators are what to send next time, by document address.
	Validators map[string]rollcall.Validators
}

// SetFeedReaders gives the service its readers, one per kind of source;
// a source of a kind without one cannot be read.
func (s *Library) SetFeedReaders(readers map[rollcall.SourceKind]FeedReader) { s.feeds = readers }

// SetFeedRoots names the folders of the server that sources may read
// (absolute paths). Without any, a source must be a web address: an
// analyst cannot point Rollcall at the server's own files unless the
// operator has said where feeds are kept.
func (s *Library) SetFeedRoots(roots []string) {
	s.feedRoots = nil
	for _, r := range roots {
		if r = strings.TrimSpace(r); r != "" {
			s.feedRoots = append(s.feedRoots, filepath.Clean(r))
		}
	}
}

// checkLocation refuses a path outside the operator's feed folders.
func (s *Library) checkLocation(src *rollcall.Source) error {
	if strings.Contains(src.Location, "://") {
		return nil
	}
	p := filepath.Clean(src.Location)
	for _, root := range s.feedRoots {
		if p == root || strings.HasPrefix(p, root+string(filepath.Separator)) {
			src.Location = p
			return nil
		}
	}
	if len(s.feedRoots) == 0 {
		return rollcall.FieldError("location", "This server reads feeds from web addresses only: the operator has not named a folder for feeds (serve --feed-dir).")
	}
	return rollcall.FieldError("location", "%s is outside the folders this server reads feeds from: %s.", src.Location, strings.Join(s.feedRoots, ", "))
}

// CreateSource adds a feed source, due to be read at once. Analysts only.
func (s *Library) CreateSource(ctx context.Context, actor *rollcall.Actor, src *rollcall.Source) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanAuthorAlerts() {
		return forbidden("add feed sources")
	}
	if src.Every == 0 {
		src.Every = sourceEveryDefault
	}
	if err := src.Validate(); err != nil {
		return err
	}
	if err := s.checkLocation(src); err != nil {
		return err
	}
	return s.store.CreateSource(ctx, src, s.clock.Now())
}

// UpdateSource changes a source. Analysts only.
func (s *Library) UpdateSource(ctx context.Context, actor *rollcall.Actor, src *rollcall.Source) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanAuthorAlerts() {
		return forbidden("change feed sources")
	}
	if err := src.Validate(); err != nil {
		return err
	}
	if err := s.checkLocation(src); err != nil {
		return err
	}
	return s.store.UpdateSource(ctx, src)
}

// ListSources lists the feed sources with their last runs, for the centre
// and auditors.
func (s *Library) ListSources(ctx context.Context, actor *rollcall.Actor) ([]rollcall.Source, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return nil, forbidden("see the feed sources")
	}
	return s.store.ListSources(ctx)
}

// GetSource returns one source, for the centre and auditors.
func (s *Library) GetSource(ctx context.Context, actor *rollcall.Actor, id int64) (*rollcall.Source, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return nil, forbidden("see the feed sources")
	}
	return s.store.FindSource(ctx, id)
}

// RunSourceNow makes a source due at once; the next sync reads it.
// Analysts only.
func (s *Library) RunSourceNow(ctx context.Context, actor *rollcall.Actor, id int64) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanAuthorAlerts() {
		return forbidden("run feed sources")
	}
	return s.store.RunSourceNow(ctx, id, s.clock.Now())
}

// SyncDue reads every enabled source that is due, each by one replica
// only, and records each run. It returns the runs made. A source that
// fails is recorded as failed and tried again on its schedule; one
// source's failure does not stop the others. When the runs added or
// changed advisories, the triage rule (DraftAlertsForExploited) runs.
func (s *Library) SyncDue(ctx context.Context) ([]rollcall.SourceRun, error) {
	due, err := s.store.ClaimDueSources(ctx, s.clock.Now(), sourceRunLease)
	if err != nil {
		return nil, err
	}
	var runs []rollcall.SourceRun
	changed := false
	for _, src := range due {
		run := s.syncSource(ctx, src)
		runs = append(runs, run)
		changed = changed || run.Added+run.Changed > 0
	}
	// New or changed advisories may make the triage rule draft alerts;
	// it needs exposure, so before it is loaded the next change does it.
	if changed && s.exposure.matcher.Load() != nil {
		drafts, err := s.DraftAlertsForExploited(ctx, Operator())
		if err != nil {
			s.log.Error("drafting alerts for exploited vulnerabilities failed", "err", err)
		}
		for _, d := range drafts {
			s.log.Info("drafted an alert for an exploited vulnerability", "alert", d.AlertID, "advisory", d.Advisory, "kev", d.KEV)
		}
	}
	return runs, nil
}

// syncSource reads one source and records the run.
func (s *Library) syncSource(ctx context.Context, src rollcall.Source) rollcall.SourceRun {
	run := rollcall.SourceRun{SourceID: src.ID, StartedAt: s.clock.Now()}
	validators, res, err := s.readSource(ctx, src)
	switch {
	case err != nil:
		run.Status, run.Errors = rollcall.RunFailed, []string{rollcall.ErrorMessageOr(err)}
	case res.Unchanged:
		run.Status = rollcall.RunUnchanged
		if len(res.Validators) > 0 {
			validators = res.Validators
		}
	default:
		var foreign []string
		res.Advisories, foreign, err = s.ownAdvisories(ctx, src, res.Advisories)
		if err != nil {
			run.Status, run.Errors = rollcall.RunFailed, []string{rollcall.ErrorMessageOr(err)}
			break
		}
		res.Refused = append(res.Refused, foreign...)
		run.Documents, run.Refused, run.Errors = res.Documents, len(res.Refused), capErrors(res.Refused)
		var imp ImportResult
		if len(res.Advisories) > 0 {
			imp, err = s.ImportAdvisories(ctx, Operator(), res.Advisories)
		}
		switch {
		case err != nil:
			run.Status, run.Errors = rollcall.RunFailed, append(run.Errors, rollcall.ErrorMessageOr(err))
			res.Validators = nil // not imported: read it all again next time
		case run.Refused > 0 && len(res.Advisories) == 0:
			run.Status = rollcall.RunFailed
		case run.Refused > 0:
			run.Status = rollcall.RunPartial
		default:
			run.Status = rollcall.RunOK
		}
		run.Added, run.Changed, run.Unchanged = imp.Added, imp.Changed, imp.Unchanged
		validators = res.Validators
	}
	run.FinishedAt = s.clock.Now()
	if err := s.store.SaveSourceRun(ctx, &run, validators); err != nil {
		s.log.Error("recording a feed run failed", "source", src.Name, "err", err)
	}
	// Done: next due a schedule after this run, unless someone asked for a
	// run meanwhile.
	if err := s.store.ScheduleSource(ctx, src.ID, src.NextRunAt, run.FinishedAt.Add(src.Every)); err != nil {
		s.log.Error("scheduling a feed's next run failed", "source", src.Name, "err", err)
	}
	s.log.Info("feed read", "source", src.Name, "status", run.Status, "added", run.Added, "changed", run.Changed, "refused", run.Refused)
	return run
}

// ownAdvisories keeps the advisories this source may write: those no
// other feed brought. Identifiers are unique only within a publisher (two
// CSAF providers may both have an RHSA-…), so a feed changes only what it
// brought itself, or what was imported by hand; the rest is refused and
// named. Those kept are marked as this feed's.
func (s *Library) ownAdvisories(ctx context.Context, src rollcall.Source, advs []*rollcall.Advisory) (kept []*rollcall.Advisory, refused []string, err error) {
	bySource := map[string][]string{}
	for _, a := range advs {
		bySource[a.Source] = append(bySource[a.Source], a.SourceID)
	}
	owner := map[string]rollcall.AdvisoryFeed{}
	for source, ids := range bySource {
		feeds, err := s.store.AdvisoryFeeds(ctx, source, ids)
		if err != nil {
			return nil, nil, err
		}
		for id, f := range feeds {
			owner[source+"\x00"+id] = f
		}
	}
	for _, a := range advs {
		f := owner[a.Source+"\x00"+a.SourceID]
		switch {
		case f.FeedID == 0 || f.FeedID == src.ID:
			a.FeedID = src.ID
		case f.ContentHash == a.ContentHash():
			// The same content from another feed (a mirror): unchanged,
			// and still the first feed's.
			a.FeedID = f.FeedID
		default:
			refused = append(refused, fmt.Sprintf("%s: another feed (source %d) brought this advisory; a feed changes only what it brought", a.SourceID, f.FeedID))
			continue
		}
		kept = append(kept, a)
	}
	return kept, refused, nil
}

func (s *Library) readSource(ctx context.Context, src rollcall.Source) (map[string]rollcall.Validators, *FeedResult, error) {
	reader, ok := s.feeds[src.Kind]
	if !ok {
		return nil, nil, rollcall.Errorf(rollcall.EINVALID, "Rollcall cannot read %s sources here.", src.Kind)
	}
	// Checked again at each run: the operator may have narrowed the feed
	// folders since the source was saved.
	if err := src.Validate(); err != nil {
		return nil, nil, err
	}
	if err := s.checkLocation(&src); err != nil {
		return nil, nil, err
	}
	validators, err := s.store.SourceValidators(ctx, src.ID)
	if err != nil {
		return nil, nil, err
	}
	res, err := reader.Read(ctx, src, validators)
	if err != nil {
		return nil, nil, err
	}
	return validators, res, nil
}

// capErrors keeps the first refusals of a run; the count says how many.
func capErrors(errs []string) []string {
	const keep = 50
	if len(errs) <= keep {
		return errs
	}
	return append(errs[:keep:keep], fmt.Sprintf("… and %d more", len(errs)-keep))
}

// sourceRunLease is how long a claimed source is kept from other replicas
// while it is read: longer than any run (a CSAF provider's 2,000
// documents), shorter than a feed can wait if the replica reading it dies.
const sourceRunLease = time.Hour

// sourceEveryDefault is a new source's schedule when none is given.
const sourceEveryDefault = 6 * time.Hour
