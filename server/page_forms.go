package server

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"rollcall"
)

// fieldError is one fault of a form: the id of the input at fault (the
// error summary links to it) and what to do about it.
type fieldError struct {
	ID      string
	Message string
}

// formErrors are a form's faults, in the order of the form.
type formErrors []fieldError

// For is the message for the input with this id, or "".
func (e formErrors) For(id string) string {
	for _, f := range e {
		if f.ID == id {
			return f.Message
		}
	}
	return ""
}

// indexSuffix strips list positions from a domain field name:
// "target.region_ids[2]" is about the region checkboxes as a whole.
var indexSuffix = regexp.MustCompile(`\[\d+\]`)

// fieldErrors turns a service error into a form's faults when it is about
// the input (EINVALID, or a clash the user can fix by reloading), mapping
// the domain's field names to the form's input ids. Other errors are not
// the form's to show and come back as nil, for s.error to answer.
func fieldErrors(err error, ids map[string]string, fallback string) formErrors {
	code := rollcall.ErrorCode(err)
	if code != rollcall.EINVALID && code != rollcall.ECONFLICT && code != rollcall.ETOOLARGE {
		return nil
	}
	field := indexSuffix.ReplaceAllString(rollcall.ErrorField(err), "")
	id, ok := ids[field]
	if !ok {
		id = fallback
	}
	return formErrors{{ID: id, Message: rollcall.ErrorMessage(err)}}
}

// formStatus is the status a form comes back with: 422 for input to fix,
// or the error's own (409 for a stale answer).
func formStatus(err error) int {
	if rollcall.ErrorCode(err) == rollcall.EINVALID {
		return http.StatusUnprocessableEntity
	}
	status, ok := statusOf[rollcall.ErrorCode(err)]
	if !ok {
		return http.StatusUnprocessableEntity
	}
	return status
}

// signedIn returns the caller, or sends an anonymous visitor to sign in
// (coming back here afterwards) and returns nil.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request) *rollcall.Actor {
	if a := actorFrom(r.Context()); a != nil {
		return a
	}
	to := "/signin"
	if r.Method == http.MethodGet {
		to += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// localPath returns next if it is a path on this site, else "". Only a
// path that starts with one "/" qualifies: "//evil.example" and
// "/\evil.example" are read by browsers as another host, and anything with
// a scheme or host leaves the site (an open redirect).
func localPath(next string) string {
	if next == "" || next[0] != '/' || len(next) > 2000 {
		return ""
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return ""
	}
	if strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return next
}

// pathID reads a numeric id from the URL path; a malformed id is "not
// found", like an id that does not exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, rollcall.Errorf(rollcall.ENOTFOUND, "Page not found.")
	}
	return id, nil
}

// parseForm reads a posted form, bounded so that a huge body cannot tie up
// the server. Forms here are small; uploads use their own limit.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return rollcall.Errorf(rollcall.ETOOLARGE, "The form is too large.")
		}
		return rollcall.Errorf(rollcall.EINVALID, "The form could not be read.")
	}
	return nil
}

// splitList splits a box of items typed one per line or separated by
// commas, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == '\r' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// splitLines splits a box of items typed one per line (web addresses may
// hold commas), dropping blanks.
func splitLines(s string) []string {
	var out []string
	for _, f := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// dateInput is an NHS date input's three boxes, kept as typed so that a
// form with a mistake comes back as the user left it.
type dateInput struct{ Day, Month, Year string }

// Empty reports whether nothing was typed.
func (d dateInput) Empty() bool { return d.Day == "" && d.Month == "" && d.Year == "" }

// Time is the date as midnight UTC (a date, not a moment), or an EINVALID
// error on field.
func (d dateInput) Time(field string) (time.Time, error) {
	if d.Empty() {
		return time.Time{}, nil
	}
	day, err1 := strconv.Atoi(strings.TrimSpace(d.Day))
	month, err2 := strconv.Atoi(strings.TrimSpace(d.Month))
	year, err3 := strconv.Atoi(strings.TrimSpace(d.Year))
	if err1 != nil || err2 != nil || err3 != nil {
		return time.Time{}, rollcall.FieldError(field, "The date must be a real date, in numbers, for example 27 3 2026.")
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if year < 2000 || year > 2100 || t.Day() != day || int(t.Month()) != month {
		return time.Time{}, rollcall.FieldError(field, "The date must be a real date, for example 27 3 2026.")
	}
	return t, nil
}

// dateInputOf is a date ready to show in an NHS date input.
func dateInputOf(t time.Time) dateInput {
	if t.IsZero() {
		return dateInput{}
	}
	t = t.UTC()
	return dateInput{Day: strconv.Itoa(t.Day()), Month: strconv.Itoa(int(t.Month())), Year: strconv.Itoa(t.Year())}
}

// pageNumber reads ?page=, 1-based.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// pager is what the pagination partial needs.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
}

// newPager builds the links for page n of total items, per page, keeping
// the other query parameters (the filters) of u.
func newPager(u *url.URL, n, per, total int) pager {
	p := pager{Page: n, Total: total, Pages: (total + per - 1) / per}
	link := func(k int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(k))
		return u.Path + "?" + q.Encode()
	}
	if n > 1 {
		p.Prev = link(n - 1)
	}
	if n < p.Pages {
		p.Next = link(n + 1)
	}
	return p
}
