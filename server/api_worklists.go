package server

import (
	"context"
	"net/http"

	"rollcall"
)

// Work lists: what waits for the caller, most urgent first, a page at a
// time (limit, offset); total counts every match and next links the
// following page.

func (s *Server) apiInbox(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	return s.apiWorkList(w, r, actor, s.svc.Inbox)
}

func (s *Server) apiEscalated(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	return s.apiWorkList(w, r, actor, s.svc.Escalated)
}

// apiWorkList serves one page of a work list, up to limit rows.
func (s *Server) apiWorkList(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor,
	list func(context.Context, *rollcall.Actor, int, int) ([]rollcall.ResponseRow, int, error)) error {
	q, err := apiReadQuery(r, "limit", "offset")
	if err != nil {
		return err
	}
	limit, offset, err := q.page(100, 500)
	if err != nil {
		return err
	}
	rows, total, err := list(r.Context(), actor, limit, offset)
	if err != nil {
		return err
	}
	out := newAPIList(s.responseRowsOf(rows), total, limit, offset)
	out.Next = apiNext(r, total, limit, offset)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSignOffs(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	return s.apiWorkList(w, r, actor, s.svc.AwaitingSignOff)
}

func (s *Server) apiOutbox(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	q, err := apiReadQuery(r, "limit", "offset")
	if err != nil {
		return err
	}
	limit, offset, err := q.page(100, 500)
	if err != nil {
		return err
	}
	events, total, err := s.svc.Outbox(r.Context(), actor, limit, offset)
	if err != nil {
		return err
	}
	items := make([]apiOutboxEvent, 0, len(events))
	for _, e := range events {
		items = append(items, apiOutboxEventOf(e))
	}
	out := newAPIList(items, total, limit, offset)
	out.Next = apiNext(r, total, limit, offset)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiOrganisationResponses(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	q, err := apiReadQuery(r, "limit", "offset")
	if err != nil {
		return err
	}
	limit, offset, err := q.page(100, 500)
	if err != nil {
		return err
	}
	rows, total, err := s.svc.OrganisationResponses(r.Context(), actor, id, limit, offset)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newAPIList(s.responseRowsOf(rows), total, limit, offset))
	return nil
}
