package service

import (
	"context"
	"time"

	"rollcall"
)

// Library keeps the advisory library, reads its feed sources on schedule
// and runs the triage rules that draft alerts from it.
type Library struct {
	env
	store    LibraryStore
	alerts   *Alerts
	exposure *Exposure
	// advisories keeps library advisories compiled for the matcher.
	advisories advisoryCache
	// feeds read each kind of source; see SetFeedReaders.
	feeds map[rollcall.SourceKind]FeedReader
	// feedRoots are the server folders sources may read; see SetFeedRoots.
	feedRoots []string
}

// LibraryStore is what the advisory library and its feeds need from storage. Errors are as Store says.
type LibraryStore interface {
	// ImportAdvisories adds new advisories, updates those whose content
	// changed and leaves the rest, in one transaction; it returns the counts.
	ImportAdvisories(ctx context.Context, advs []*rollcall.Advisory, now time.Time) (added, changed, unchanged int, err error)
	FindAdvisory(ctx context.Context, source, sourceID string) (*rollcall.Advisory, error)
	// ListAdvisories returns a page of the library, most recently changed
	// first, and the total that match.
	ListAdvisories(ctx context.Context, f rollcall.AdvisoryFilter) ([]rollcall.Advisory, int, error)
	// AlertsFromAdvisories gives the ids of the alerts made from each
	// advisory named ("source:id").
	AlertsFromAdvisories(ctx context.Context, advisories []string) (map[string][]int64, error)
	// AdvisoryFeeds gives, for those of the identifiers of one source a
	// feed brought, the feed's id.
	AdvisoryFeeds(ctx context.Context, source string, ids []string) (map[string]rollcall.AdvisoryFeed, error)
	// AlertsNamingCVE gives the ids of the alerts whose CVEs include cve.
	AlertsNamingCVE(ctx context.Context, cve string) ([]int64, error)
	// TryLock takes a named lease until the time given if nobody holds it
	// at now; Unlock gives it up.
	TryLock(ctx context.Context, name string, now, until time.Time) (bool, error)
	Unlock(ctx context.Context, name string) error
	CreateSource(ctx context.Context, s *rollcall.Source, now time.Time) error
	UpdateSource(ctx context.Context, s *rollcall.Source) error
	FindSource(ctx context.Context, id int64) (*rollcall.Source, error)
	ListSources(ctx context.Context) ([]rollcall.Source, error)
	// ClaimDueSources takes the enabled sources due at now, each for one
	// caller only, and moves their next run a schedule (or the lease, if
	// longer) ahead; ScheduleSource sets it once the run is done.
	ClaimDueSources(ctx context.Context, now time.Time, lease time.Duration) ([]rollcall.Source, error)
	ScheduleSource(ctx context.Context, id int64, claimed, at time.Time) error
	RunSourceNow(ctx context.Context, id int64, now time.Time) error
	SourceValidators(ctx context.Context, id int64) (map[string]rollcall.Validators, error)
	SaveSourceRun(ctx context.Context, r *rollcall.SourceRun, validators map[string]rollcall.Validators) error
}
