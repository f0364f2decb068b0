package service

import (
	"context"
	"time"

	"rollcall"
)

// Store is what the service needs from storage. The sqlstore package
// implements it on SQLite and PostgreSQL alike; one test suite runs against
// both. Errors are *rollcall.Error where the caller can act on them:
// ENOTFOUND for a missing row, ECONFLICT for a duplicate or stale write,
// EINVALID with Field for a reference to something that does not exist.
// Every method that writes does so in one transaction: all or nothing.
type Store interface {
	// Directory.
	CreateRegion(ctx context.Context, r *rollcall.Region) error
	ListRegions(ctx context.Context) ([]rollcall.Region, error)
	// CreateOrganisation assigns o.ID and o.CreatedAt.
	CreateOrganisation(ctx context.Context, o *rollcall.Organisation) error
	UpdateOrganisation(ctx context.Context, o *rollcall.Organisation) error
	// ImportOrganisations creates or updates (by code) every organisation
	// given, or none; it returns how many were created and updated.
	ImportOrganisations(ctx context.Context, orgs []*rollcall.Organisation, now time.Time) (created, updated int, err error)
	FindOrganisationByID(ctx context.Context, id int64) (*rollcall.Organisation, error)
	FindOrganisationByCode(ctx context.Context, code string) (*rollcall.Organisation, error)
	// ListOrganisations returns a page of organisations ordered by name,
	// and the total that match.
	ListOrganisations(ctx context.Context, f rollcall.OrgFilter) ([]rollcall.Organisation, int, error)
	CreateDelegation(ctx context.Context, d *rollcall.Delegation) error
	DeleteDelegation(ctx context.Context, agentOrgID, orgID int64) error
	// ListDelegations lists delegations where the agent is agentOrgID, or
	// the organisation answered for is orgID (zero matches any).
	ListDelegations(ctx context.Context, agentOrgID, orgID int64) ([]rollcall.Delegation, error)

	// Users and credentials.
	CreateUser(ctx context.Context, u *rollcall.User) error
	UpdateUser(ctx context.Context, u *rollcall.User) error
	FindUserByID(ctx context.Context, id int64) (*rollcall.User, error)
	FindUserByEmail(ctx context.Context, email string) (*rollcall.User, error)
	// ListUsers lists users of an organisation (orgID), of a region's
	// coordinators (regionID), or with a role; zero values match any.
	ListUsers(ctx context.Context, orgID, regionID int64, role rollcall.Role) ([]rollcall.User, error)
	CreateAPIToken(ctx context.Context, t *rollcall.APIToken) error
	FindAPITokenByHash(ctx context.Context, hash string) (*rollcall.APIToken, error)
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error
	ListAPITokens(ctx context.Context, userID int64) ([]rollcall.APIToken, error)
	DeleteAPIToken(ctx context.Context, userID, id int64) error

	// Sessions, in the shape of an scs.Store (expiry in the data's hands).
	SessionFind(ctx context.Context, token string, now time.Time) (data []byte, found bool, err error)
	SessionCommit(ctx context.Context, token string, data []byte, expiry time.Time) error
	SessionDelete(ctx context.Context, token string) error
	SessionDeleteExpired(ctx context.Context, now time.Time) error

	// Alerts.
	// CreateAlert saves a draft and assigns a.ID and a.Reference
	// ("RC-YYYY-NNNN", numbered within the year of a.CreatedAt).
	CreateAlert(ctx context.Context, a *rollcall.Alert) error
	// UpdateDraft saves a draft's fields; ECONFLICT if it is not a draft.
	UpdateDraft(ctx context.Context, a *rollcall.Alert) error
	FindAlertByID(ctx context.Context, id int64) (*rollcall.Alert, error)
	// FindAlertByReference returns the alert with that reference; ENOTFOUND
	// if there is none.
	FindAlertByReference(ctx context.Context, ref string) (*rollcall.Alert, error)
	// ListAlerts returns a page of alerts, newest first, with headline
	// counts within f.Scope at now, and the total that match.
	ListAlerts(ctx context.Context, f rollcall.AlertFilter, now time.Time) ([]rollcall.AlertItem, int, error)
	// PublishAlert publishes a (its fields as given, Status published,
	// Revision rev.Revision), saves rev, and targets every organisation
	// a.Target matches that has no response yet, with clocks from now. When
	// resetClocks is true, existing responses' due times are recomputed from
	// their TargetedAt with clocks. It returns how many organisations were
	// newly targeted. All in one transaction.
	PublishAlert(ctx context.Context, a *rollcall.Alert, rev *rollcall.AlertRevision, clocks rollcall.Clocks, resetClocks bool, now time.Time) (int, error)
	ListAlertRevisions(ctx context.Context, alertID int64) ([]rollcall.AlertRevision, error)
	// WithdrawAlert marks a published alert withdrawn, saves rev (the alert
	// as withdrawn, with the reason) and an outbox event, in one
	// transaction. ECONFLICT if the alert is not published.
	WithdrawAlert(ctx context.Context, alertID int64, rev *rollcall.AlertRevision, now time.Time) error

	// Responses.
	FindResponse(ctx context.Context, alertID, orgID int64) (*rollcall.Response, error)
	// UpdateResponses changes the responses of one alert for several
	// organisations in one transaction: for each, it locks the row, calls
	// fn, and saves the row (Version+1, UpdatedAt now) and the event fn
	// returns (nil: nothing changed, nothing saved). ENOTFOUND if any
	// organisation was not targeted; any error from fn aborts the whole.
	UpdateResponses(ctx context.Context, alertID int64, orgIDs []int64, now time.Time, fn func(r *rollcall.Response) (*rollcall.ResponseEvent, error)) error
	// ListResponseEvents lists an organisation's history for one alert,
	// oldest first.
	ListResponseEvents(ctx context.Context, alertID, orgID int64) ([]rollcall.ResponseEvent, error)
	ListResponses(ctx context.Context, f rollcall.ResponseFilter) ([]rollcall.ResponseRow, int, error)
	// AlertsFromAdvisories gives the ids of the alerts made from each
	// advisory named ("source:id").
	AlertsFromAdvisories(ctx context.Context, advisories []string) (map[string][]int64, error)
	// AdvisoryFeeds gives, for those of the identifiers of one source a
	// feed brought, the feed's id.
	AdvisoryFeeds(ctx context.Context, source string, ids []string) (map[string]rollcall.AdvisoryFeed, error)
	// AlertsNamingCVE gives the ids of the alerts whose CVEs include cve.
	AlertsNamingCVE(ctx context.Context, cve string) ([]int64, error)
	// ResponseClaims returns what every organisation in scope that the
	// alert reached says, by organisation id.
	ResponseClaims(ctx context.Context, alertID int64, scope rollcall.Scope) ([]rollcall.ClaimRow, error)
	// RollCallGroups counts one alert's responses within scope at now,
	// grouped as rollcall.RollCallGroup, escalation rungs by thresholds.
	RollCallGroups(ctx context.Context, alertID int64, scope rollcall.Scope, now time.Time, thresholds [3]time.Time) ([]rollcall.RollCallGroup, error)
	// RollCallDurations gives the median and 90th percentile time from
	// targeting to acknowledgement, and to closing, within scope.
	RollCallDurations(ctx context.Context, alertID int64, scope rollcall.Scope) (ack, remediate rollcall.Durations, err error)

	// The advisory library.
	// ImportAdvisories adds new advisories, updates those whose content
	// changed and leaves the rest, in one transaction; it returns the counts.
	ImportAdvisories(ctx context.Context, advs []*rollcall.Advisory, now time.Time) (added, changed, unchanged int, err error)
	FindAdvisory(ctx context.Context, source, sourceID string) (*rollcall.Advisory, error)
	// ListAdvisories returns a page of the library, most recently changed
	// first, and the total that match.
	ListAdvisories(ctx context.Context, f rollcall.AdvisoryFilter) ([]rollcall.Advisory, int, error)

	// TryLock takes a named lease until the time given if nobody holds it
	// at now; Unlock gives it up.
	TryLock(ctx context.Context, name string, now, until time.Time) (bool, error)
	Unlock(ctx context.Context, name string) error

	// Feed sources.
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

	// Inventory.
	// ReplaceInventory saves an organisation's hosts from one source, each
	// replacing that source's host of the same name, in one transaction;
	// it returns the hosts and rows saved.
	ReplaceInventory(ctx context.Context, orgID int64, source string, hosts []*rollcall.InventoryHost, now time.Time) (int, int, error)
	ListInventoryHosts(ctx context.Context, orgID int64, limit, offset int) ([]rollcall.InventoryHost, int, error)
	InventorySummary(ctx context.Context, orgID int64) (rollcall.InventorySummary, error)
	// InventoryHostsByID returns those hosts with their rows.
	InventoryHostsByID(ctx context.Context, ids []int64) ([]rollcall.InventoryHost, error)
	// InventoryAges gives every organisation's host count and snapshot ages.
	InventoryAges(ctx context.Context) ([]rollcall.InventoryAge, error)
	// InventorySince returns up to limit hosts saved after (since,
	// afterID) in (collected_at, id) order.
	InventorySince(ctx context.Context, since time.Time, afterID int64, limit int) ([]rollcall.InventoryHost, error)
	// ScanInventory reads every saved host in id order with its rows as
	// product-version ids, naming each id (name) before its first use.
	ScanInventory(ctx context.Context, name func(id int64, pv rollcall.ProductVersion) error,
		fn func(h *rollcall.InventoryHost, ids []int64) error) error

	// Escalation: SetEscalation records each response's new rung and the
	// event for it, and adds an outbox event for delivery, in one
	// transaction.
	SetEscalation(ctx context.Context, changes []EscalationChange, now time.Time) error
	// ListOutbox lists undelivered outbox events, oldest first.
	ListOutbox(ctx context.Context, limit int) ([]rollcall.OutboxEvent, error)
}

// EscalationChange moves one response to a new rung.
type EscalationChange struct {
	AlertID int64
	OrgID   int64
	From    rollcall.EscalationLevel
	To      rollcall.EscalationLevel
}
