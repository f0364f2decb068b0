package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// pageClient stands in for a person's browser: it keeps cookies, does not
// follow redirects (tests look at them), and marks its form posts as a
// browser marks same-site ones.
type pageClient struct {
	t    *testing.T
	f    *fixture
	http *http.Client
}

// pageResult is one answer, read whole.
type pageResult struct {
	t        *testing.T
	desc     string
	Status   int
	Location string
	Header   http.Header
	Body     string
}

// browse returns a client signed in as the fixture user key, or an
// anonymous one for "".
func (f *fixture) browse(key string) *pageClient {
	f.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	c := &pageClient{t: f.t, f: f, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if key != "" {
		res := c.post("/signin", url.Values{"email": {f.Users[key].Email}, "password": {fixturePassword}})
		res.wantRedirect("/")
	}
	return c
}

func (c *pageClient) do(req *http.Request) *pageResult {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &pageResult{t: c.t, desc: req.Method + " " + req.URL.RequestURI(), Status: resp.StatusCode,
		Location: resp.Header.Get("Location"), Header: resp.Header, Body: string(b)}
}

// get fetches a page.
func (c *pageClient) get(path string) *pageResult {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.f.HTTP.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	return c.do(req)
}

// post sends a form from this site.
func (c *pageClient) post(path string, form url.Values) *pageResult {
	c.t.Helper()
	return c.postFrom("same-origin", path, form)
}

// postFrom sends a form as a browser would from a page of another
// (cross-site) or the same site (same-origin).
func (c *pageClient) postFrom(site, path string, form url.Values) *pageResult {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.f.HTTP.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Sec-Fetch-Site", site)
	return c.do(req)
}

func (r *pageResult) wantStatus(status int) *pageResult {
	r.t.Helper()
	if r.Status != status {
		r.t.Fatalf("%s: got status %d, want %d\n%s", r.desc, r.Status, status, excerpt(r.Body))
	}
	return r
}

// wantRedirect checks a 303 to a path that starts with prefix.
func (r *pageResult) wantRedirect(prefix string) *pageResult {
	r.t.Helper()
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, prefix) {
		r.t.Fatalf("%s: got %d to %q, want 303 to %q…\n%s", r.desc, r.Status, r.Location, prefix, excerpt(r.Body))
	}
	return r
}

func (r *pageResult) wantContains(parts ...string) *pageResult {
	r.t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			r.t.Errorf("%s: page lacks %q", r.desc, p)
		}
	}
	return r
}

func (r *pageResult) wantLacks(parts ...string) *pageResult {
	r.t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			r.t.Errorf("%s: page shows %q, which it must not", r.desc, p)
		}
	}
	return r
}

// wantFieldError checks the NHS error pattern: the message in the error
// summary at the top, linking to the field, and again beside the field.
func (r *pageResult) wantFieldError(id, message string) *pageResult {
	r.t.Helper()
	if !strings.Contains(r.Body, `class="nhsuk-error-summary"`) {
		r.t.Fatalf("%s: no error summary\n%s", r.desc, excerpt(r.Body))
	}
	if !strings.Contains(r.Body, `<a href="#`+id+`">`) {
		r.t.Errorf("%s: error summary does not link to #%s", r.desc, id)
	}
	beside := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `-error"><span class="nhsuk-u-visually-hidden">Error: </span>([^<]*)`)
	m := beside.FindStringSubmatch(r.Body)
	if m == nil {
		r.t.Fatalf("%s: no error message beside field %s", r.desc, id)
	}
	if !strings.Contains(m[1], message) {
		r.t.Errorf("%s: error beside %s is %q, want it to say %q", r.desc, id, m[1], message)
	}
	return r
}

// excerpt is the start of a body, for failure messages.
func excerpt(s string) string {
	if i := strings.Index(s, `id="maincontent"`); i > 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return s
}

func TestPageRoutesByRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	high, draft, south := f.Alerts["high"].ID, f.Alerts["draft"].ID, f.Alerts["southOnly"].ID
	org := func(code string) int64 { return f.Orgs[code].ID }
	const ok, see, forbidden, missing = 200, 303, 403, 404
	roles := []string{"", "analyst", "auditor", "coordN", "coordS", "respN", "respSU", "respS", "leadN", "leadS"}
	// want gives the status per role, in the order of roles; 303 for the
	// anonymous visitor always means "sent to sign in".
	cases := []struct {
		name string
		path string
		want []int
	}{
		{"home", "/", []int{see, see, see, see, see, see, see, see, see, see}},
		{"alerts", "/alerts", []int{see, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"write alert", "/alerts/new", []int{see, ok, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"alert to everyone", fmt.Sprintf("/alerts/%d", high), []int{see, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"draft", fmt.Sprintf("/alerts/%d", draft), []int{see, ok, ok, missing, missing, missing, missing, missing, missing, missing}},
		{"south only", fmt.Sprintf("/alerts/%d", south), []int{see, ok, ok, missing, ok, missing, missing, ok, missing, ok}},
		{"edit", fmt.Sprintf("/alerts/%d/edit", high), []int{see, ok, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"edit draft unseen", fmt.Sprintf("/alerts/%d/edit", draft), []int{see, ok, forbidden, missing, missing, missing, missing, missing, missing, missing}},
		{"withdraw", fmt.Sprintf("/alerts/%d/withdraw", high), []int{see, ok, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"withdraw a draft", fmt.Sprintf("/alerts/%d/withdraw", draft), []int{see, 409, forbidden, missing, missing, missing, missing, missing, missing, missing}},
		{"roll call", fmt.Sprintf("/alerts/%d/rollcall?group=open", high), []int{see, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"revisions", fmt.Sprintf("/alerts/%d/revisions", high), []int{see, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"NTRUST response", fmt.Sprintf("/alerts/%d/orgs/%d", high, org("NTRUST")), []int{see, ok, ok, ok, missing, ok, missing, missing, ok, missing}},
		{"GP response", fmt.Sprintf("/alerts/%d/orgs/%d", high, org("NGP1")), []int{see, ok, ok, ok, missing, missing, ok, missing, missing, missing}},
		{"STRUST response", fmt.Sprintf("/alerts/%d/orgs/%d", high, org("STRUST")), []int{see, ok, ok, missing, ok, missing, missing, ok, missing, ok}},
		{"NTRUST exposure", fmt.Sprintf("/alerts/%d/orgs/%d/exposure", high, org("NTRUST")), []int{see, ok, ok, ok, missing, ok, missing, missing, ok, missing}},
		{"STRUST exposure", fmt.Sprintf("/alerts/%d/orgs/%d/exposure", high, org("STRUST")), []int{see, ok, ok, missing, ok, missing, missing, ok, missing, ok}},
		{"exposure of a draft", fmt.Sprintf("/alerts/%d/orgs/%d/exposure", draft, org("NTRUST")), []int{see, ok, ok, missing, missing, missing, missing, missing, missing, missing}},
		{"challenge an open answer", fmt.Sprintf("/alerts/%d/orgs/%d/challenge", high, org("NTRUST")), []int{see, 409, forbidden, 409, missing, forbidden, missing, missing, forbidden, missing}},
		{"advisories", "/advisories", []int{see, ok, ok, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"no such advisory", "/advisories/csaf/RHSA-2099:0001", []int{see, missing, missing, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"feeds", "/sources", []int{see, ok, ok, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"add a feed", "/sources/new", []int{see, ok, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"no such feed", "/sources/999999/edit", []int{see, missing, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"end of life", "/end-of-life", []int{see, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"bulk", fmt.Sprintf("/alerts/%d/bulk", high), []int{see, forbidden, forbidden, forbidden, forbidden, ok, ok, ok, forbidden, forbidden}},
		{"inbox", "/inbox", []int{see, forbidden, forbidden, forbidden, forbidden, ok, ok, ok, ok, ok}},
		{"lead", "/lead", []int{see, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok, ok}},
		{"escalations", "/escalations", []int{see, ok, ok, ok, ok, forbidden, forbidden, forbidden, see, see}},
		{"orgs", "/orgs", []int{see, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"org NTRUST", fmt.Sprintf("/orgs/%d", org("NTRUST")), []int{see, ok, ok, ok, missing, ok, missing, missing, ok, missing}},
		{"inventory NTRUST", fmt.Sprintf("/orgs/%d/inventory", org("NTRUST")), []int{see, ok, ok, ok, missing, ok, missing, missing, ok, missing}},
		{"org NGP2", fmt.Sprintf("/orgs/%d", org("NGP2")), []int{see, ok, ok, ok, missing, missing, ok, missing, missing, missing}},
		{"import", "/orgs/import", []int{see, ok, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
		{"account", "/account", []int{see, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"no such alert", "/alerts/999999", []int{see, missing, missing, missing, missing, missing, missing, missing, missing, missing}},
		{"malformed id", "/alerts/abc", []int{see, missing, missing, missing, missing, missing, missing, missing, missing, missing}},
		{"no such page", "/nowhere", []int{missing, missing, missing, missing, missing, missing, missing, missing, missing, missing}},
		{"stylesheet", "/static/rollcall.css", []int{ok, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
	}
	clients := map[string]*pageClient{}
	for _, role := range roles {
		clients[role] = f.browse(role)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for i, role := range roles {
				res := clients[role].get(tc.path)
				if res.Status != tc.want[i] {
					t.Errorf("%s as %q: got %d, want %d\n%s", tc.path, role, res.Status, tc.want[i], excerpt(res.Body))
					continue
				}
				if role == "" && res.Status == see && !strings.HasPrefix(res.Location, "/signin?next=") {
					t.Errorf("%s anonymously: redirected to %q, want the sign-in page", tc.path, res.Location)
				}
				if res.Status >= 400 && !strings.Contains(res.Body, `class="nhsuk-header`) {
					t.Errorf("%s as %q: error %d is not an NHS-styled page", tc.path, role, res.Status)
				}
			}
		})
	}
}

func TestPageHomeByRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct{ role, want string }{
		{"", "/signin"}, {"analyst", "/alerts"}, {"auditor", "/alerts"}, {"coordN", "/alerts"},
		{"respN", "/inbox"}, {"respSU", "/inbox"}, {"leadN", "/lead"},
	} {
		t.Run(tc.role, func(t *testing.T) {
			f.browse(tc.role).get("/").wantRedirect(tc.want)
		})
	}
}
