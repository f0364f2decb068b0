package server

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"

	"rollcall"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	rollcall.ECONFLICT:     http.StatusConflict,
	rollcall.EINTERNAL:     http.StatusInternalServerError,
	rollcall.EINVALID:      http.StatusUnprocessableEntity,
	rollcall.EMALFORMED:    http.StatusBadRequest,
	rollcall.ENOTFOUND:     http.StatusNotFound,
	rollcall.EUNAUTHORIZED: http.StatusUnauthorized,
	rollcall.EFORBIDDEN:    http.StatusForbidden,
	rollcall.ETOOLARGE:     http.StatusRequestEntityTooLarge,
}

// errCrossOrigin refuses a state-changing request sent from another site.
var errCrossOrigin = rollcall.Errorf(rollcall.EFORBIDDEN, "This request came from another site and was refused (cross-site request forgery protection).")

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: a code from a fixed list, a message for
// people, the field at fault when there is one, and for internal errors a
// reference to quote to the operator.
type ErrorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	Reference string `json:"reference,omitempty"`
}

// wantsJSON reports whether the request is the API's (or asks for JSON).
func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "text/html")
}

// detail turns err into what may be shown. Internal errors are logged with
// a reference; the caller sees only "Internal error." and the reference.
func (s *Server) detail(r *http.Request, err error) (int, ErrorDetail) {
	code := rollcall.ErrorCode(err)
	d := ErrorDetail{Code: code, Message: rollcall.ErrorMessage(err), Field: rollcall.ErrorField(err)}
	if code == rollcall.EINTERNAL {
		ref := make([]byte, 6)
		_, _ = rand.Read(ref)
		d.Reference = hex.EncodeToString(ref)
		d.Message = "Internal error. Quote reference " + d.Reference + " to the operator."
		s.log.Error("internal error", "ref", d.Reference, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	return status, d
}

// error answers a failed request: JSON for the API, a page for people.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	status, d := s.detail(r, err)
	if wantsJSON(r) {
		writeJSON(w, status, ErrorBody{Error: d})
		return
	}
	s.errorPage(w, r, status, d)
}

// internalError answers a fault of ours.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.error(w, r, err)
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
