package server

import (
	"net/http/httptest"
	"testing"

	"rollcall"
	"rollcall/rollcalltest"
)

// fixtureStart is the fixture's "now": a Tuesday morning.
var fixtureStart = rollcalltest.Start

// fixturePassword is every fixture user's password.
const fixturePassword = rollcalltest.Password

// fixture is rollcalltest's federation (read its doc for the
// organisations, users and alerts) served over httptest by the real router
// on a real SQLite database.
type fixture struct {
	*rollcalltest.Federation
	t      *testing.T
	Server *Server
	HTTP   *httptest.Server
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	fed := rollcalltest.NewFederation(t)
	f := &fixture{Federation: fed, t: t}
	f.Server = NewServer(fed.Svc, fed.Log, Options{Version: "test"})
	f.HTTP = httptest.NewServer(f.Server)
	t.Cleanup(f.HTTP.Close)
	return f
}

// actor returns the actor for a fixture user.
func (f *fixture) actor(key string) *rollcall.Actor { return f.Actor(key) }
