package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// millis is a time as stored: Unix milliseconds, or NULL for the zero time.
func millis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// millisCeil is t in milliseconds rounded up. A stored time (whole
// milliseconds) is before t exactly when it is less than millisCeil(t), so
// "now.After(due)" is "due < millisCeil(now)" in SQL.
func millisCeil(t time.Time) int64 {
	ms := t.UnixMilli()
	if time.UnixMilli(ms).Before(t) {
		ms++
	}
	return ms
}

// millisFloor is t in milliseconds rounded down: a stored time is at or
// before t exactly when it is at most millisFloor(t). NULL for the zero
// time, which no stored time is before.
func millisFloor(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	if time.UnixMilli(ms).After(t) {
		ms--
	}
	return ms
}

// timeAt reads a stored time into t: UTC, or the zero time for NULL.
func timeAt(t *time.Time) sql.Scanner { return timeScanner{t} }

type timeScanner struct{ t *time.Time }

func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case int64:
		*s.t = time.UnixMilli(v).UTC()
	default:
		return fmt.Errorf("sqlstore: cannot read a time from %T", src)
	}
	return nil
}

// jsonText is v as stored in a JSON text column.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode json: %w", err)
	}
	return string(b), nil
}

// jsonInto reads a JSON text column into v; NULL leaves v as it is.
func jsonInto(v any) sql.Scanner { return jsonScanner{v} }

type jsonScanner struct{ v any }

func (s jsonScanner) Scan(src any) error {
	var b []byte
	switch x := src.(type) {
	case nil:
		return nil
	case string:
		b = []byte(x)
	case []byte:
		b = x
	default:
		return fmt.Errorf("sqlstore: cannot read JSON from %T", src)
	}
	if err := json.Unmarshal(b, s.v); err != nil {
		return fmt.Errorf("decode json: %w", err)
	}
	return nil
}

// nullID stores an optional reference: zero is NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idAt reads an optional reference into id: NULL is zero.
func idAt(id *int64) sql.Scanner { return idScanner{id} }

type idScanner struct{ id *int64 }

func (s idScanner) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*s.id = n.Int64
	return nil
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface {
	Scan(dest ...any) error
}

// stored is t as the database keeps it: whole milliseconds, UTC. Methods
// that assign a time set it through stored, so the caller's copy equals
// what a later read returns.
func stored(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return time.UnixMilli(t.UnixMilli()).UTC()
}

// nowIfZero is t, or the current time when t is zero: for callers that
// leave a creation time to the store.
func nowIfZero(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return stored(t)
}
