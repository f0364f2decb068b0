package server

import (
	"net/http"

	"rollcall"
)

// accountData is who the signed-in user is and their API tokens.
type accountData struct {
	User       rollcall.User
	RegionName string
	Orgs       []rollcall.Organisation
	Tokens     []rollcall.APIToken
	TokenName  string
	// NewSecret is a token just made, shown this once.
	NewSecret string
	NewName   string
}

// handleAccountPage shows the signed-in user, their organisations and
// their API tokens.
func (s *Server) handleAccountPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	s.renderAccount(w, r, a, http.StatusOK, accountData{}, nil)
}

// handleCreateToken makes an API token and shows its secret once. Unlike
// other forms this answers with the page itself rather than a redirect:
// carrying the secret to the next page would mean keeping it in the
// session store, and only its hash is ever to be kept.
func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	name := r.PostFormValue("name")
	secret, t, err := s.svc.CreateAPIToken(r.Context(), a, a.User.ID, name)
	if errs := fieldErrors(err, map[string]string{"name": "token-name"}, "token-name"); errs != nil {
		s.renderAccount(w, r, a, formStatus(err), accountData{TokenName: name}, errs)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderAccount(w, r, a, http.StatusOK, accountData{NewSecret: secret, NewName: t.Name}, nil)
}

// handleRevokeToken deletes one of the user's tokens.
func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.svc.RevokeAPIToken(r.Context(), a, id); err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "Token revoked. Anything using it can no longer reach Rollcall.")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, a *rollcall.Actor, status int, d accountData, errs formErrors) {
	ctx := r.Context()
	d.User = a.User
	var err error
	if d.Tokens, err = s.svc.ListAPITokens(ctx, a); err != nil {
		s.error(w, r, err)
		return
	}
	if a.User.RegionID != 0 {
		regions, err := s.regionNames(ctx, a)
		if err != nil {
			s.error(w, r, err)
			return
		}
		d.RegionName = regions[a.User.RegionID]
	}
	if len(a.OrgIDs) > 0 {
		if d.Orgs, _, err = s.svc.ListOrganisations(ctx, a, rollcall.OrgFilter{IDs: a.OrgIDs}); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, status, "account", &page{Title: "Your account", Path: "/account", Errors: errs, Data: d})
}
