package service

import (
	"context"
	"time"

	"rollcall"
)

// Alerts drafts, publishes, revises and withdraws alerts and decides who may see one.
type Alerts struct {
	env
	store    AlertStore
	dir      *Directory
	exposure *Exposure // resolves "organisations shown exposed" targets
}

// AlertStore is what alerts need from storage. Errors are as Store says.
type AlertStore interface {
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
	// ListOrganisations returns a page of organisations ordered by name,
	// and the total that match.
	ListOrganisations(ctx context.Context, f rollcall.OrgFilter) ([]rollcall.Organisation, int, error)
	ListRegions(ctx context.Context) ([]rollcall.Region, error)
	ListResponses(ctx context.Context, f rollcall.ResponseFilter) ([]rollcall.ResponseRow, int, error)
}
