package service

import (
	"context"

	"rollcall"
)

// Bulk answers: one answer for many organisations, chosen one by one or as
// "every one whose answer is still open", resolved here in batches rather
// than from whatever list a page happened to show. An answer that says
// "safe" (patched, not applicable) for organisations whose fresh
// inventories show exposed hosts is held back until the caller confirms it
// having seen them.

// BulkAnswers answers for many organisations at once.
type BulkAnswers struct {
	env
	store     BulkAnswerStore
	responses *Responses
	exposure  *Exposure
}

// BulkAnswerStore is what bulk answers read from storage: the responses
// still open, page by page.
type BulkAnswerStore interface {
	ListResponses(ctx context.Context, f rollcall.ResponseFilter) ([]rollcall.ResponseRow, int, error)
}

// bulkBatch is how many open responses one read resolves.
const bulkBatch = 500

// BulkAnswerRequest is an AnswerRequest that may also choose every
// organisation whose answer is still open.
type BulkAnswerRequest struct {
	AnswerRequest
	// AllOpen adds every organisation the actor answers for (its own and
	// by delegation) whose response to the alert is still open.
	AllOpen bool
	// ConfirmDiscrepancies saves a "safe" answer even for organisations
	// whose fresh inventories show exposed hosts.
	ConfirmDiscrepancies bool
}

// ExposedOrg is a chosen organisation whose fresh inventory shows hosts
// exposed to the alert.
type ExposedOrg struct {
	OrgID        int64  `json:"org_id"`
	OrgCode      string `json:"org_code"`
	OrgName      string `json:"org_name"`
	ExposedHosts int    `json:"exposed_hosts"`
}

// BulkAnswerResult is what a bulk answer did: how many responses changed,
// or, when it was held back for confirmation, which organisations show
// exposed hosts.
type BulkAnswerResult struct {
	Changed int          `json:"changed"`
	Exposed []ExposedOrg `json:"exposed,omitempty"`
}

// BulkAnswer answers for the organisations in req, all or none, as Answer
// does. With AllOpen it adds every open response the actor answers for,
// however many; those are answered only if still open when saved. A
// patched or not-applicable answer covering organisations whose fresh
// inventories show exposed hosts returns ECONFLICT (field
// confirm_discrepancies) with them in the result, saving nothing, unless
// ConfirmDiscrepancies is set.
func (s *BulkAnswers) BulkAnswer(ctx context.Context, actor *rollcall.Actor, req BulkAnswerRequest) (*BulkAnswerResult, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleResponder) {
		return nil, forbidden("answer alerts")
	}
	a, err := s.responses.alerts.GetAlert(ctx, actor, req.AlertID)
	if err != nil {
		return nil, err
	}
	if req.AllOpen {
		open, err := s.openOrgs(ctx, actor, a)
		if err != nil {
			return nil, err
		}
		if len(open) == 0 && len(req.OrgIDs) == 0 {
			return nil, rollcall.FieldError("all_open", "No organisation you answer for has an open answer to alert %s.", a.Reference)
		}
		req.OpenOnly = make(map[int64]bool, len(open))
		for _, id := range open {
			req.OpenOnly[id] = true
		}
		req.OrgIDs = append(req.OrgIDs, open...)
	}
	if !req.AcknowledgeOnly && !req.ConfirmDiscrepancies && saysSafe(req.Answer) {
		for _, id := range req.OrgIDs {
			if !actor.CanAnswerFor(id) {
				// Answer refuses it with the reason before anything else.
				return s.answer(ctx, actor, req.AnswerRequest)
			}
		}
		exposed, err := s.exposure.exposedAmong(ctx, a, dedupe(req.OrgIDs))
		if err != nil {
			return nil, err
		}
		if len(exposed) > 0 {
			err := rollcall.Errorf(rollcall.ECONFLICT, "%d chosen %s %s exposed hosts in a fresh inventory: check them, then confirm the answer to save it.",
				len(exposed), plural(len(exposed), "organisation", "organisations"), plural(len(exposed), "shows", "show"))
			err.Field = "confirm_discrepancies"
			return &BulkAnswerResult{Exposed: exposed}, err
		}
	}
	return s.answer(ctx, actor, req.AnswerRequest)
}

func (s *BulkAnswers) answer(ctx context.Context, actor *rollcall.Actor, req AnswerRequest) (*BulkAnswerResult, error) {
	n, err := s.responses.Answer(ctx, actor, req)
	if err != nil {
		return nil, err
	}
	return &BulkAnswerResult{Changed: n}, nil
}

// openOrgs lists, in batches, the organisations the actor answers for
// whose response to the alert is still open.
func (s *BulkAnswers) openOrgs(ctx context.Context, actor *rollcall.Actor, a *rollcall.Alert) ([]int64, error) {
	var answerable []int64
	for _, id := range actor.OrgIDs {
		if actor.CanAnswerFor(id) {
			answerable = append(answerable, id)
		}
	}
	if len(answerable) == 0 {
		return nil, nil
	}
	now := a.ClockTime(s.clock.Now())
	var out []int64
	for offset := 0; ; offset += bulkBatch {
		rows, total, err := s.store.ListResponses(ctx, rollcall.ResponseFilter{
			AlertID: a.ID, Scope: rollcall.Scope{OrgIDs: answerable}, Open: true, Now: now,
			Order: "name", Limit: bulkBatch, Offset: offset,
		})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, r.OrgID)
		}
		if len(rows) < bulkBatch || offset+len(rows) >= total {
			return out, nil
		}
	}
}

// saysSafe reports whether an answer claims the organisation is not
// exposed: the claims an inventory can contradict.
func saysSafe(ans rollcall.Answer) bool {
	r := rollcall.Response{Applicability: ans.Applicability, Action: ans.Action}
	return rollcall.ClaimOf(&r).SaysSafe()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
