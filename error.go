package rollcall

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the server package.
const (
	ECONFLICT     = "conflict"     // the change clashes with the stored state (e.g. a stale version)
	EINTERNAL     = "internal"     // a fault of ours; details are logged, never shown
	EINVALID      = "invalid"      // the input is wrong; Field names where
	EMALFORMED    = "malformed"    // the input cannot be parsed at all (broken JSON or CSV)
	ENOTFOUND     = "not_found"    // no such thing, or not one the caller may see
	EUNAUTHORIZED = "unauthorized" // not signed in, or the credentials are wrong
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed to do this
	ETOOLARGE     = "too_large"    // the input is bigger than we accept
)

// Error is the one error type of Rollcall's domain. Message is written for
// the person who will read it; Field, when set, names the input at fault
// (a form field or JSON member, e.g. "cvss_vector" or "targets.region_ids[2]").
type Error struct {
	Code    string
	Message string
	Field   string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("rollcall error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("rollcall error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID *Error about one input field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Malformed returns an EMALFORMED *Error; field, when not "", says where
// the input broke (a line and column).
func Malformed(field, format string, args ...any) *Error {
	return &Error{Code: EMALFORMED, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or
// "Internal error." for any other error: raw faults are never shown.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the field of the first *Error in err's chain, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessageOr returns the message of the first *Error in err's chain,
// or else err's own text: for the operator's records (a feed's failed
// fetch), never for a page or an API answer.
func ErrorMessageOr(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	if err == nil {
		return ""
	}
	return err.Error()
}
