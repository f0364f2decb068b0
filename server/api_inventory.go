package server

import (
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"rollcall"
	"rollcall/inventory"
)

// apiMaxInventoryBody is the inventory file limit of the inventory package.
const apiMaxInventoryBody = 256 << 20

// apiInventorySummary is how much of an organisation's estate Rollcall
// holds and how fresh it is.
type apiInventorySummary struct {
	Hosts   int        `json:"hosts"`
	Rows    int        `json:"rows"`
	Sources []string   `json:"sources"`
	Oldest  *time.Time `json:"oldest"`
	Latest  *time.Time `json:"latest"`
}

// apiInventoryHost is one saved host and its rows.
type apiInventoryHost struct {
	ID          int64                     `json:"id"`
	Source      string                    `json:"source"`
	Name        string                    `json:"name"`
	OSName      string                    `json:"os_name"`
	OSVersion   string                    `json:"os_version"`
	OSBuild     string                    `json:"os_build"`
	Items       []rollcall.ProductVersion `json:"items"`
	CollectedAt *time.Time                `json:"collected_at"`
}

type apiInventory struct {
	Summary apiInventorySummary       `json:"summary"`
	Hosts   apiList[apiInventoryHost] `json:"hosts"`
}

// apiImportInventory saves an organisation's inventory from the body: any
// form the inventory package reads, detected from the content. The body
// streams to the parser; a broken file is refused whole.
func (s *Server) apiImportInventory(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	q, err := apiReadQuery(r, "host")
	if err != nil {
		return err
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || (!strings.EqualFold(mt, "text/csv") && !strings.EqualFold(mt, "application/json")) {
		return rollcall.FieldError("Content-Type", "Send the inventory as text/csv or application/json (the Content-Type was %q).", ct)
	}
	if r.ContentLength > apiMaxInventoryBody {
		return apiTooLarge(apiMaxInventoryBody)
	}
	body := http.MaxBytesReader(w, r.Body, apiMaxInventoryBody)
	res, err := s.svc.ImportInventory(r.Context(), actor, id, body, inventory.Options{Host: q.str("host")})
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return apiTooLarge(apiMaxInventoryBody)
	} else if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// apiInventory lists an organisation's saved hosts with their rows.
func (s *Server) apiInventory(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	q, err := apiReadQuery(r, "limit", "offset")
	if err != nil {
		return err
	}
	limit, offset, err := q.page(100, 500)
	if err != nil {
		return err
	}
	sum, err := s.svc.InventorySummary(r.Context(), actor, id)
	if err != nil {
		return err
	}
	hosts, total, err := s.svc.InventoryHosts(r.Context(), actor, id, limit, offset)
	if err != nil {
		return err
	}
	out := apiInventory{Summary: apiInventorySummary{Hosts: sum.Hosts, Rows: sum.Rows, Sources: sum.Sources,
		Oldest: apiTime(sum.Oldest), Latest: apiTime(sum.Latest)}}
	if out.Summary.Sources == nil {
		out.Summary.Sources = []string{}
	}
	items := make([]apiInventoryHost, 0, len(hosts))
	for _, h := range hosts {
		if h.Items == nil {
			h.Items = []rollcall.ProductVersion{}
		}
		items = append(items, apiInventoryHost{ID: h.ID, Source: h.Source, Name: h.Name, OSName: h.OSName, OSVersion: h.OSVersion,
			OSBuild: h.OSBuild, Items: h.Items, CollectedAt: apiTime(h.CollectedAt)})
	}
	out.Hosts = newAPIList(items, total, limit, offset)
	writeJSON(w, http.StatusOK, out)
	return nil
}
