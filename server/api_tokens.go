package server

import (
	"net/http"

	"rollcall"
)

// API tokens: the caller's own machine credentials. The service lets a
// user manage only their own; an auditor, who may change nothing else,
// may still make a token to script their reading.

// apiTokenInput is the body of POST /api/v1/tokens.
type apiTokenInput struct {
	Name string `json:"name"`
}

func (s *Server) apiListTokens(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	tokens, err := s.svc.ListAPITokens(r.Context(), actor)
	if err != nil {
		return err
	}
	items := make([]apiToken, 0, len(tokens))
	for i := range tokens {
		items = append(items, apiTokenOf(&tokens[i]))
	}
	writeJSON(w, http.StatusOK, newAPIList(items, len(items), len(items), 0))
	return nil
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	var in apiTokenInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	secret, t, err := s.svc.CreateAPIToken(r.Context(), actor, actor.User.ID, in.Name)
	if err != nil {
		return err
	}
	apiCreated(w, "", apiNewToken{Token: apiTokenOf(t), Secret: secret})
	return nil
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeAPIToken(r.Context(), actor, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
