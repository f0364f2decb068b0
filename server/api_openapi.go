package server

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"sync"

	"rollcall"
)

// openAPIDocument is the API's contract, written by hand so it reads as
// documentation; tests check it against the route table and validate real
// responses against its schemas.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPIMembers is the document's top level, parsed once, so that each
// request only rewrites "info" with this server's version.
var openAPIMembers = sync.OnceValues(func() (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	err := json.Unmarshal(openAPIDocument, &m)
	return m, err
})

// apiOpenAPI serves the OpenAPI document, with info.version set to the
// server's version when it has one. It is public: it describes the API,
// not anything in it.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, _ *rollcall.Actor) error {
	members, err := openAPIMembers()
	if err != nil {
		return err
	}
	body := openAPIDocument
	if s.opts.Version != "" {
		var info map[string]any
		if err := json.Unmarshal(members["info"], &info); err != nil {
			return err
		}
		info["version"] = s.opts.Version
		out := make(map[string]json.RawMessage, len(members))
		for k, v := range members {
			out[k] = v
		}
		if out["info"], err = json.Marshal(info); err != nil {
			return err
		}
		if body, err = json.MarshalIndent(out, "", "  "); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	// Any site may read the document (e.g. an API explorer elsewhere); it
	// holds no data.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, err = w.Write(body)
	return err
}
