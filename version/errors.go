package version

import (
	"errors"
	"fmt"

	"rollcall"
)

// Sentinel errors. Every error this package returns wraps one of them and
// an EINVALID *rollcall.Error whose message is the error's own text.
var (
	// ErrUnparseable means a version cannot be parsed under its scheme.
	ErrUnparseable = errors.New("version cannot be parsed")
	// ErrInvalidRange means a vers string or OSV range is malformed.
	ErrInvalidRange = errors.New("invalid version range")
	// ErrNotVersionRange means an OSV range is of type GIT: its events are
	// commit hashes, which no version scheme can order. Callers skip it.
	ErrNotVersionRange = errors.New("not a version range")
	// ErrUnknownScheme means a scheme name is not one this package knows.
	ErrUnknownScheme = errors.New("unknown version scheme")
)

// invalidError is an EINVALID domain error that also wraps a sentinel, so
// callers can use both rollcall.ErrorCode and errors.Is.
type invalidError struct {
	domain *rollcall.Error
	cause  error
}

func (e *invalidError) Error() string   { return e.domain.Message }
func (e *invalidError) Unwrap() []error { return []error{e.domain, e.cause} }

// invalid returns an error about field (e.g. "vers", "version") wrapping cause.
func invalid(cause error, field, format string, args ...any) error {
	return &invalidError{domain: rollcall.FieldError(field, format, args...), cause: cause}
}

// unparseable returns the error for v, which is not a version of s; why,
// when not empty, says what is wrong with it.
func unparseable(s Scheme, v, why string) error {
	if why != "" {
		return invalid(ErrUnparseable, "version", "%q is not a valid %s version (%s)", v, s, why)
	}
	return invalid(ErrUnparseable, "version", "%q is not a valid %s version", v, s)
}

// within prefixes err's message with where, keeping its sentinel, and
// names field as the input at fault.
func within(err error, field, where string, args ...any) error {
	var ie *invalidError
	cause := ErrInvalidRange
	if errors.As(err, &ie) {
		cause = ie.cause
	}
	return invalid(cause, field, "%s: %s", fmt.Sprintf(where, args...), errorText(err))
}

// errorText is err's message without the rollcall error decoration.
func errorText(err error) string {
	var ie *invalidError
	if errors.As(err, &ie) {
		return ie.domain.Message
	}
	return err.Error()
}
