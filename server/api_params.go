package server

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"rollcall"
)

// apiList is the shape of every list the API returns. Items is never
// null; Total counts every match, not just this page.
type apiList[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	// Next is the path and query of the following page, when there is
	// one, so a client can walk a list to its end.
	Next string `json:"next,omitempty"`
}

// apiNext is the link to the page after [offset, offset+limit) of total,
// keeping the request's other parameters, or "" on the last page.
func apiNext(r *http.Request, total, limit, offset int) string {
	if limit <= 0 || offset+limit >= total {
		return ""
	}
	q := r.URL.Query()
	q.Set("limit", strconv.Itoa(limit))
	q.Set("offset", strconv.Itoa(offset+limit))
	return r.URL.Path + "?" + q.Encode()
}

func newAPIList[T any](items []T, total, limit, offset int) apiList[T] {
	if items == nil {
		items = []T{}
	}
	return apiList[T]{Items: items, Total: total, Limit: limit, Offset: offset}
}

// apiPathID reads a numeric path segment. A segment that is not an ID names
// nothing, so it is "not found" rather than bad input.
func apiPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, rollcall.Errorf(rollcall.ENOTFOUND, "%q is not an ID.", r.PathValue(name))
	}
	return id, nil
}

// apiMaxQueryValue bounds every query parameter: a search term or a
// host name is short, and an unbounded one reached the database as a
// pattern SQLite refused ("LIKE or GLOB pattern too complex").
const apiMaxQueryValue = 256

// apiQuery is a request's query string, checked against the parameters the
// route takes: a misspelt filter is refused rather than silently ignored,
// which would return everything.
type apiQuery struct{ v url.Values }

func apiReadQuery(r *http.Request, allowed ...string) (apiQuery, error) {
	v := r.URL.Query()
	for _, name := range slices.Sorted(maps.Keys(v)) {
		if !slices.Contains(allowed, name) {
			if len(allowed) == 0 {
				return apiQuery{}, rollcall.FieldError(name, "Unknown query parameter %q: this request takes none.", name)
			}
			return apiQuery{}, rollcall.FieldError(name, "Unknown query parameter %q: this request takes %s.", name, strings.Join(allowed, ", "))
		}
		if len(v[name]) > 1 {
			return apiQuery{}, rollcall.FieldError(name, "Give %s once (it was given %d times).", name, len(v[name]))
		}
		if n := utf8.RuneCountInString(v[name][0]); n > apiMaxQueryValue {
			return apiQuery{}, rollcall.FieldError(name, "%s may be at most %d characters (it was %d).", name, apiMaxQueryValue, n)
		}
	}
	return apiQuery{v: v}, nil
}

func (q apiQuery) str(name string) string { return strings.TrimSpace(q.v.Get(name)) }

// id reads an optional positive ID; zero when absent.
func (q apiQuery) id(name string) (int64, error) {
	s := q.str(name)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, rollcall.FieldError(name, "%s must be a positive integer ID.", name)
	}
	return id, nil
}

// page reads limit and offset: limit from 1 to max (def when absent),
// offset from 0.
func (q apiQuery) page(def, max int) (limit, offset int, err error) {
	limit, offset = def, 0
	if s := q.str("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > max {
			return 0, 0, rollcall.FieldError("limit", "limit must be an integer from 1 to %d.", max)
		}
	}
	if s := q.str("offset"); s != "" {
		if offset, err = strconv.Atoi(s); err != nil || offset < 0 {
			return 0, 0, rollcall.FieldError("offset", "offset must be an integer from 0.")
		}
	}
	return limit, offset, nil
}

// orgType reads an optional organisation type code.
func (q apiQuery) orgType(name string) (rollcall.OrgType, error) {
	s := q.str(name)
	if s == "" {
		return "", nil
	}
	if t := rollcall.OrgType(s); t.Valid() {
		return t, nil
	}
	return "", rollcall.FieldError(name, "Unknown organisation type %q.", s)
}

// oneOf reads an optional parameter that must be one of the values given.
func (q apiQuery) oneOf(name string, values ...string) (string, error) {
	s := q.str(name)
	if s == "" || slices.Contains(values, s) {
		return s, nil
	}
	return "", rollcall.FieldError(name, "%s must be one of %s.", name, strings.Join(values, ", "))
}

// apiCreated answers 201 with the new resource's address, when it has one
// in the API.
func apiCreated(w http.ResponseWriter, apiLocation string, v any) {
	if apiLocation != "" {
		w.Header().Set("Location", apiLocation)
	}
	writeJSON(w, http.StatusCreated, v)
}

func apiLocation(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// apiParseDate reads a calendar date ("2026-03-20") or an RFC 3339 time (its
// UTC date is taken) for the member named field; "" is the zero time.
func apiParseDate(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, rollcall.FieldError(field, "%s must be a date such as 2026-03-20.", field)
}
