package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode"

	"rollcall"
)

// Request body limits: JSON bodies are small documents; an organisation
// import of England's 20,000 bodies is well under 10 MiB.
const (
	apiMaxJSONBody = 1 << 20
	apiMaxCSVBody  = 10 << 20
)

// apiReadBody reads a request body of the given media type whole, refusing
// another Content-Type (EINVALID, field "Content-Type") and a body over
// limit (ETOOLARGE). Reading it whole first lets a JSON error say the byte
// at which the body went wrong, and keeps a half-read body from reaching
// the service.
func apiReadBody(w http.ResponseWriter, r *http.Request, mediaType string, limit int64) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || !strings.EqualFold(mt, mediaType) {
		return nil, rollcall.FieldError("Content-Type", "Send the body as %s (the Content-Type was %q).", mediaType, ct)
	}
	if r.ContentLength > limit {
		return nil, apiTooLarge(limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, apiTooLarge(limit)
	} else if err != nil {
		return nil, rollcall.Errorf(rollcall.EINVALID, "The request body could not be read: %v.", err)
	}
	return body, nil
}

func apiTooLarge(limit int64) error {
	return rollcall.Errorf(rollcall.ETOOLARGE, "The request body is larger than the %d MiB allowed.", limit>>20)
}

// apiDecodeJSON reads a JSON request body into dst strictly: the Content-Type
// must be application/json, members dst does not have are refused, and
// nothing may follow the one JSON value. Errors are EINVALID with Field
// naming the member at fault, so a script can point at it.
func apiDecodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := apiReadBody(w, r, "application/json", apiMaxJSONBody)
	if err != nil {
		return err
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return rollcall.Malformed("", "The request body is empty; send a JSON object.")
	}
	// null decodes into a struct as "nothing given" and an array or a
	// scalar is no request of this API: only an object is read.
	if !json.Valid(trimmed) {
		var v any
		if err := json.Unmarshal(trimmed, &v); err != nil {
			if _, ok := errors.AsType[*json.SyntaxError](err); !ok || !strings.Contains(err.Error(), "after top-level value") {
				return apiJSONError(err, len(body))
			}
		}
		return rollcall.Malformed("", "The request body has more after its JSON value.")
	}
	if trimmed[0] != '{' {
		return rollcall.Malformed("", "The request body must be a JSON object, not %s.", apiJSONValueKind(trimmed[0]))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return apiJSONError(err, len(body))
	}
	if _, err := dec.Token(); err != io.EOF {
		return rollcall.Malformed("", "The request body has more after its JSON value, at byte offset %d.", dec.InputOffset())
	}
	return nil
}

// apiJSONValueKind names the JSON value that starts with b, for messages.
func apiJSONValueKind(b byte) string {
	switch b {
	case 'n':
		return "null"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	}
	return "a number"
}

// apiRefuseBody refuses a request body on a route that takes none, so a
// body meant for another route is not silently ignored while the write
// goes ahead.
func apiRefuseBody(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength == 0 {
		return nil
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r.Body, 1))
	if err != nil {
		return rollcall.Errorf(rollcall.EINVALID, "The request body could not be read: %v.", err)
	}
	if n > 0 {
		return rollcall.Malformed("", "This request takes no body; send none.")
	}
	return nil
}

// apiJSONError turns an encoding/json error into one a caller can act on.
func apiJSONError(err error, size int) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return rollcall.Malformed("", "The request body is not valid JSON: %s at byte offset %d.", syn.Error(), syn.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return rollcall.Malformed("", "The request body is not valid JSON: it ends early, at byte offset %d.", size)
	case errors.As(err, &typ):
		field := apiJSONPath(typ.Field)
		if field == "" {
			return rollcall.Errorf(rollcall.EINVALID, "The request body must be a JSON object, not %s.", typ.Value)
		}
		return rollcall.FieldError(field, "%s must be %s, not %s.", field, apiJSONKind(typ.Type), typ.Value)
	}
	// encoding/json reports an unknown member only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return rollcall.FieldError(name, "Unknown member %q: see /api/openapi.json for what this request takes.", name)
	}
	return rollcall.Errorf(rollcall.EINVALID, "The request body could not be read as JSON: %v.", err)
}

// apiJSONPath turns encoding/json's path of a member ("target.region_ids")
// into the JSON path. encoding/json puts the Go names of embedded structs
// in it; every member of this API is snake_case, so a segment with a
// capital letter is one of those and is dropped.
func apiJSONPath(goPath string) string {
	var out []string
	for _, seg := range strings.Split(goPath, ".") {
		if seg != "" && !strings.ContainsFunc(seg, unicode.IsUpper) {
			out = append(out, seg)
		}
	}
	return strings.Join(out, ".")
}

// apiJSONKind names the JSON type a Go type is read from, for messages.
func apiJSONKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a " + t.Kind().String()
}

// apiRenameField maps the field names the domain uses (a web form's, such as
// "region") to the API's member names ("region_id"), so that the field of
// an error names what the caller sent. Other errors pass unchanged.
func apiRenameField(err error, names map[string]string) error {
	var e *rollcall.Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	if to, ok := names[e.Field]; ok {
		return &rollcall.Error{Code: e.Code, Message: e.Message, Field: to}
	}
	return err
}

// apiPrefixField puts a member's parent in front of an error's field, for
// errors about a nested object ("planned_date" → "answer.planned_date").
func apiPrefixField(err error, parent string) error {
	var e *rollcall.Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	return &rollcall.Error{Code: e.Code, Message: e.Message, Field: parent + "." + e.Field}
}
