package server

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"rollcall"
)

// The pages' templates are compiled into the binary, so a fresh machine
// needs nothing beside it.
//
//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates holds one template set per page: the layout and the shared
// partials, plus the page's own file, which defines "content". Parsing at
// start-up means a broken template stops the server (and its tests) at
// once rather than on the first visit.
var pageTemplates = mustParsePages()

func mustParsePages() map[string]*template.Template {
	base := template.Must(template.New("layout").Funcs(pageFuncs).Funcs(advisoryFuncs).
		ParseFS(templateFS, "templates/layout.html", "templates/partials*.html"))
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "partials") {
			continue
		}
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, f))
	}
	return out
}

// page is what every template receives: the frame (who is signed in, the
// navigation, the one-time message, the demo banner) and the page's own
// data in Data.
type page struct {
	Title string
	Actor *rollcall.Actor
	// Path is the page's own address, which the navigation marks.
	Path    string
	Nav     []navItem
	Flash   string
	Banner  string
	Version string
	// Errors are the form's faults, shown in the error summary at the top
	// and beside each field.
	Errors formErrors
	// Wide lets a page of wide tables (the roll call, end of life) use
	// the width of a laptop's screen rather than the frontend's 960px.
	Wide bool
	Data any
}

// navItem is one link of the header navigation.
type navItem struct {
	Label   string
	Href    string
	Current bool
}

// navFor is the header navigation for a role: the places each role works
// from, first the one it lands on.
func navFor(a *rollcall.Actor, current string) []navItem {
	if a == nil {
		return nil
	}
	var items []navItem
	switch a.User.Role {
	case rollcall.RoleAnalyst, rollcall.RoleAuditor, rollcall.RoleCoordinator:
		items = []navItem{{Label: "Alerts", Href: "/alerts"}, {Label: "Escalated", Href: "/escalations"}, {Label: "Organisations", Href: "/orgs"}}
		if a.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
			items = append(items, navItem{Label: "Advisories", Href: "/advisories"}, navItem{Label: "Feeds", Href: "/sources"})
		}
	case rollcall.RoleResponder:
		items = []navItem{{Label: "Inbox", Href: "/inbox"}, {Label: "Alerts", Href: "/alerts"}, {Label: "Organisations", Href: "/orgs"}}
	case rollcall.RoleSecurityLead:
		items = []navItem{{Label: "Sign-off and escalations", Href: "/lead"}, {Label: "Inbox", Href: "/inbox"}, {Label: "Alerts", Href: "/alerts"}, {Label: "Organisations", Href: "/orgs"}}
	}
	if !a.Scope().Empty() {
		items = append(items, navItem{Label: "End of life", Href: "/end-of-life"})
	}
	items = append(items, navItem{Label: "Your account", Href: "/account"})
	for i := range items {
		h := items[i].Href
		items[i].Current = current == h || strings.HasPrefix(current, h+"/")
	}
	return items
}

// flashKey holds the one-time message shown after a redirect.
const flashKey = "flash"

// flash leaves a message for the next page the user sees.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), flashKey, msg)
}

// redirect answers a successful form with 303 See Other, so that reloading
// the next page does not post the form again.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.flash(r, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// render writes a page. The page is executed into a buffer first, so that a
// template fault becomes a clean error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	s.renderPage(w, r, status, name, p, true)
}

func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, p *page, withSession bool) {
	t, ok := pageTemplates[name]
	if !ok {
		s.internalError(w, r, rollcall.Errorf(rollcall.EINTERNAL, "no template %q", name))
		return
	}
	p.Actor = actorFrom(r.Context())
	// A form sent back from where it posted keeps its page's place in
	// the navigation (the handler sets Path).
	if p.Path == "" {
		p.Path = r.URL.Path
	}
	p.Nav = navFor(p.Actor, p.Path)
	p.Banner = s.opts.Banner
	p.Version = s.opts.Version
	// An error page may be drawn before the session is loaded (a refused
	// cross-site request); it has no message to show, and reading the
	// session there would panic.
	if withSession {
		p.Flash = s.sessions.PopString(r.Context(), flashKey)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		if withSession {
			s.internalError(w, r, err)
		} else {
			s.log.Error("rendering error page", "err", err)
			http.Error(w, "Internal error.", http.StatusInternalServerError)
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show who has not patched what: never keep them in a cache.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
