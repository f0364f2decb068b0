package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"rollcall"
	"rollcall/service"
)

// maxImportBytes bounds an organisation CSV upload: England's 20,000
// bodies fit in a few megabytes.
const maxImportBytes = 10 << 20

// importData is the import page: what the file must hold.
type importData struct {
	Columns string
}

// handleImportOrgsPage shows the upload form; analysts only.
func (s *Server) handleImportOrgsPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if !a.CanManageDirectory() {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can import organisations."))
		return
	}
	s.renderImport(w, r, http.StatusOK, nil)
}

// handleImportOrgs creates and updates organisations from an uploaded CSV
// file. The service checks the whole file first; a fault refuses it all
// and comes back with its line and column.
func (s *Server) handleImportOrgs(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	if !a.CanManageDirectory() {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can import organisations."))
		return
	}
	// The body holds the file and a little multipart framing.
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.renderImport(w, r, http.StatusRequestEntityTooLarge, formErrors{{ID: "file", Message: "The file is larger than 10 MB: split it into smaller files."}})
			return
		}
		s.renderImport(w, r, http.StatusUnprocessableEntity, formErrors{{ID: "file", Message: "Choose a CSV file to upload."}})
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("file")
	if err != nil {
		s.renderImport(w, r, http.StatusUnprocessableEntity, formErrors{{ID: "file", Message: "Choose a CSV file to upload."}})
		return
	}
	defer file.Close()
	if header.Size > maxImportBytes {
		s.renderImport(w, r, http.StatusRequestEntityTooLarge, formErrors{{ID: "file", Message: "The file is larger than 10 MB: split it into smaller files."}})
		return
	}
	created, updated, err := s.svc.ImportOrganisationsCSV(r.Context(), a, file)
	if code := rollcall.ErrorCode(err); code == rollcall.EINVALID || code == rollcall.ETOOLARGE {
		msg := rollcall.ErrorMessage(err)
		// The service names the place in the file ("line 3, column type");
		// say it first, where people look.
		if where := rollcall.ErrorField(err); strings.HasPrefix(where, "line ") {
			msg = strings.ToUpper(where[:1]) + where[1:] + ": " + msg
		}
		s.renderImport(w, r, formStatus(err), formErrors{{ID: "file", Message: msg}})
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, "/orgs", fmt.Sprintf("Created %d, updated %d %s.", created, updated, plural(created+updated, "organisation", "organisations")))
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, errs formErrors) {
	d := importData{Columns: strings.Join(service.OrganisationCSVColumns, ",")}
	s.render(w, r, status, "org_import", &page{Title: "Import organisations", Errors: errs, Data: d})
}
