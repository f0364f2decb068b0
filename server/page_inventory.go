package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"rollcall"
	"rollcall/inventory"
)

// hostsPerPage is how many saved hosts the inventory page lists at once.
const hostsPerPage = 50

// inventoryData is one organisation's inventory page.
type inventoryData struct {
	Org     *rollcall.Organisation
	Summary rollcall.InventorySummary
	// Stale: the newest snapshot is older than the window, so the
	// inventory is not evidence (as exposure pages say); PartStale: only
	// some hosts are.
	Stale     bool
	PartStale bool
	// Freshness is the policy's window, in words: an inventory older
	// than it is stale.
	Freshness string
	Hosts     []rollcall.InventoryHost
	Pager     pager
	CanSend   bool
	Host      string // the host name typed, kept on an error
}

// handleInventoryPage shows what Rollcall holds of an organisation's
// estate, how fresh it is, and — for those who send it — the upload form.
func (s *Server) handleInventoryPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	s.renderInventory(w, r, a, http.StatusOK, "", nil)
}

// handleInventoryUpload saves an uploaded inventory file: any form
// Rollcall reads; a broken file comes back with its line or JSON path.
func (s *Server) handleInventoryUpload(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The body holds the file and a little multipart framing; the file
	// itself goes to a temporary file past 32 MiB, not to memory.
	r.Body = http.MaxBytesReader(w, r.Body, apiMaxInventoryBody+64<<10)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		msg := "Choose an inventory file to upload."
		if errors.As(err, &tooBig) {
			msg = "The file is larger than 256 MB: split it into smaller files."
		}
		s.renderInventory(w, r, a, http.StatusUnprocessableEntity, "", formErrors{{ID: "file", Message: msg}})
		return
	}
	defer r.MultipartForm.RemoveAll()
	host := strings.TrimSpace(r.PostFormValue("host"))
	file, _, err := r.FormFile("file")
	if err != nil {
		s.renderInventory(w, r, a, http.StatusUnprocessableEntity, host, formErrors{{ID: "file", Message: "Choose an inventory file to upload."}})
		return
	}
	defer file.Close()
	res, err := s.svc.ImportInventory(r.Context(), a, id, file, inventory.Options{Host: host})
	if code := rollcall.ErrorCode(err); code == rollcall.EINVALID || code == rollcall.ETOOLARGE {
		msg := rollcall.ErrorMessage(err)
		if where := rollcall.ErrorField(err); where != "" {
			msg = strings.ToUpper(where[:1]) + where[1:] + ": " + msg
		}
		s.renderInventory(w, r, a, formStatus(err), host, formErrors{{ID: "file", Message: msg}})
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/orgs/%d/inventory", id),
		fmt.Sprintf("Saved %d %s and %d software rows (%s).", res.Hosts, plural(res.Hosts, "host", "hosts"), res.Rows, res.Source))
}

func (s *Server) renderInventory(w http.ResponseWriter, r *http.Request, a *rollcall.Actor, status int, host string, errs formErrors) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	org, err := s.svc.GetOrganisation(ctx, a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := inventoryData{Org: org, CanSend: a.CanAnswerFor(id) || a.CanManageDirectory(), Host: host}
	if d.Summary, err = s.svc.InventorySummary(ctx, a, id); err != nil {
		s.error(w, r, err)
		return
	}
	fresh := s.svc.Policy().InventoryFreshness
	d.Freshness = rollcall.FormatDuration(fresh)
	age := rollcall.InventoryAge{Hosts: d.Summary.Hosts, Oldest: d.Summary.Oldest, Latest: d.Summary.Latest}
	now := s.svc.Clock().Now()
	d.Stale = d.Summary.Hosts > 0 && age.Stale(now, fresh)
	d.PartStale = !d.Stale && d.Summary.Hosts > 0 && now.Sub(d.Summary.Oldest) > fresh
	n := pageNumber(r)
	var total int
	if d.Hosts, total, err = s.svc.InventoryHosts(ctx, a, id, hostsPerPage, (n-1)*hostsPerPage); err != nil {
		s.error(w, r, err)
		return
	}
	d.Pager = newPager(r.URL, n, hostsPerPage, total)
	s.render(w, r, status, "inventory", &page{Title: org.Name + ": inventory", Errors: errs, Data: d, Path: "/orgs"})
}
