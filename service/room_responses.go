package service

import (
	"context"
	"time"

	"rollcall"
)

// Responses takes organisations' answers and sign-offs, gives the work lists and
// the roll call, and moves overdue answers up the escalation ladder.
type Responses struct {
	env
	store  ResponseStore
	dir    *Directory
	alerts *Alerts
}

// ResponseStore is what responses, the roll call and escalation need from storage. Errors are as Store says.
type ResponseStore interface {
	FindAlertByID(ctx context.Context, id int64) (*rollcall.Alert, error)
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
	ListRegions(ctx context.Context) ([]rollcall.Region, error)
	// RollCallFigures counts one alert's responses within scope at now,
	// grouped as rollcall.RollCallGroup, escalation rungs by thresholds,
	// and gives the median and 90th percentile time from targeting to
	// acknowledgement and to closing, all from one snapshot.
	RollCallFigures(ctx context.Context, alertID int64, scope rollcall.Scope, now time.Time, thresholds [3]time.Time) (rollcall.RollCallFigures, error)
	// Escalation: SetEscalation records each response's new rung and the
	// event for it, and adds an outbox event for delivery, in one
	// transaction.
	SetEscalation(ctx context.Context, changes []rollcall.EscalationChange, now time.Time) error
	// ListOutbox lists a page of undelivered outbox events, oldest first,
	// and how many are undelivered in all.
	ListOutbox(ctx context.Context, limit, offset int) ([]rollcall.OutboxEvent, int, error)
}
