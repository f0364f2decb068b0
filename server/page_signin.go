package server

import (
	"net/http"
	"strings"

	"rollcall"
)

// signInForm is the sign-in form as typed. The password is never sent back.
type signInForm struct {
	Email     string
	Next      string
	SignedOut bool
}

// handleSignInPage shows the sign-in form; a signed-in visitor goes on.
func (s *Server) handleSignInPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if a := actorFrom(r.Context()); a != nil {
		if next == "" {
			next = homeFor(a)
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	form := signInForm{Next: next, SignedOut: r.URL.Query().Has("signedout")}
	s.render(w, r, http.StatusOK, "signin", &page{Title: "Sign in to Rollcall", Data: form})
}

// handleSignIn checks the email and password. Whatever is wrong, the
// message is the same, so the form does not tell which emails exist. On
// success the session gets a new token (so a token planted before sign-in
// is worthless) and the user goes where they were heading, if that is a
// page of this site.
func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	form := signInForm{Email: strings.TrimSpace(r.PostFormValue("email")), Next: localPath(r.PostFormValue("next"))}
	password := r.PostFormValue("password")
	var errs formErrors
	if form.Email == "" {
		errs = append(errs, fieldError{ID: "email", Message: "Enter your email address."})
	}
	if password == "" {
		errs = append(errs, fieldError{ID: "password", Message: "Enter your password."})
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "signin", &page{Title: "Sign in to Rollcall", Errors: errs, Data: form})
		return
	}
	u, err := s.svc.Authenticate(r.Context(), form.Email, password)
	if rollcall.ErrorCode(err) == rollcall.EUNAUTHORIZED {
		errs = formErrors{{ID: "email", Message: rollcall.ErrorMessage(err)}}
		s.render(w, r, http.StatusUnauthorized, "signin", &page{Title: "Sign in to Rollcall", Errors: errs, Data: form})
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessionUserKey, u.ID)
	next := form.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// handleSignOut ends the session.
func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/signin?signedout", http.StatusSeeOther)
}
