package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAPISessionAuth checks that a signed-in browser session works for
// the API from the same site, and that a state-changing call from another
// site is refused even with the session cookie (CSRF).
func TestAPISessionAuth(t *testing.T) {
	f := newFixture(t)
	cookie := sessionCookie(t, f, "respN")

	call := func(method, path, body, fetchSite string) *apiResult {
		t.Helper()
		req, err := http.NewRequest(method, f.HTTP.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(cookie)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if fetchSite != "" {
			req.Header.Set("Sec-Fetch-Site", fetchSite)
		}
		return send(t, req, method+" "+path+" with a session, Sec-Fetch-Site "+fetchSite)
	}

	var me apiMe
	call("GET", "/api/v1/me", "", "same-origin").want(200).into(&me)
	if me.User.ID != f.Users["respN"].ID {
		t.Errorf("me with respN's session: got user %d, want %d", me.User.ID, f.Users["respN"].ID)
	}
	call("POST", "/api/v1/tokens", `{"name": "from the browser"}`, "same-origin").want(201)
	e := call("POST", "/api/v1/tokens", `{"name": "from another site"}`, "cross-site").want(403).apiError()
	if e.Code != "forbidden" {
		t.Errorf("cross-site write: got code %q, want forbidden", e.Code)
	}
}

// sessionCookie signs a fixture user in through the server's own session
// manager, as the sign-in page does, and returns the session cookie.
func sessionCookie(t *testing.T, f *fixture, key string) *http.Cookie {
	t.Helper()
	sm := f.Server.sessions
	h := sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sm.Put(r.Context(), sessionUserKey, f.Users[key].ID)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/signin", nil))
	for _, c := range rec.Result().Cookies() {
		if c.Name == sm.Cookie.Name {
			return c
		}
	}
	t.Fatalf("no session cookie was set")
	return nil
}
