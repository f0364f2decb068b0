package service

import (
	"context"
	"time"
)

// SessionStore keeps sign-in sessions in Rollcall's own database, so any
// replica behind a load balancer can serve any request. It has the shape
// of an scs.CtxStore; the server hands it to its session manager.
//
// Sessions live on the wall clock, not the service's clock: the session
// manager stamps their expiry with the real time, so they must be judged
// by it too (a test's fixed clock must not expire every session at once).
type SessionStore struct {
	s   *Accounts
	now func() time.Time
}

// Sessions returns the session store.
func (s *Accounts) Sessions() *SessionStore { return &SessionStore{s: s, now: time.Now} }

// FindCtx returns a live session's data.
func (st *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return st.s.store.SessionFind(ctx, token, st.now())
}

// CommitCtx saves a session's data until expiry.
func (st *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return st.s.store.SessionCommit(ctx, token, b, expiry)
}

// DeleteCtx ends a session.
func (st *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	return st.s.store.SessionDelete(ctx, token)
}

// Find is FindCtx without a context, as scs.Store requires.
func (st *SessionStore) Find(token string) ([]byte, bool, error) {
	return st.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a context.
func (st *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return st.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a context.
func (st *SessionStore) Delete(token string) error {
	return st.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes sessions past their expiry; the server runs it on
// a timer.
func (st *SessionStore) DeleteExpired(ctx context.Context) error {
	return st.s.store.SessionDeleteExpired(ctx, st.now())
}
