package server

import (
	"net/http"
	"time"

	"rollcall"
)

// Feed sources: what the advisory library is read from on a schedule, and
// how each was last read. The centre and auditors read them; analysts
// change and run them.

// apiSourceRun is one reading of a source.
type apiSourceRun struct {
	Status      string     `json:"status"`
	StatusLabel string     `json:"status_label"`
	StartedAt   *time.Time `json:"started_at"`
	FinishedAt  *time.Time `json:"finished_at"`
	Documents   int        `json:"documents"`
	Added       int        `json:"added"`
	Changed     int        `json:"changed"`
	Unchanged   int        `json:"unchanged"`
	Refused     int        `json:"refused"`
	Errors      []string   `json:"errors"`
}

// apiSource is a feed source.
type apiSource struct {
	ID           int64         `json:"id"`
	Name         string        `json:"name"`
	Kind         string        `json:"kind"`
	KindLabel    string        `json:"kind_label"`
	Location     string        `json:"location"`
	Enabled      bool          `json:"enabled"`
	EverySeconds int64         `json:"every_seconds"`
	NextRunAt    *time.Time    `json:"next_run_at"`
	LastRun      *apiSourceRun `json:"last_run"`
	CreatedAt    *time.Time    `json:"created_at"`
}

func apiSourceOf(s *rollcall.Source) apiSource {
	out := apiSource{ID: s.ID, Name: s.Name, Kind: string(s.Kind), KindLabel: sourceKindLabel(s.Kind), Location: s.Location,
		Enabled: s.Enabled, EverySeconds: int64(s.Every / time.Second), NextRunAt: apiTime(s.NextRunAt), CreatedAt: apiTime(s.CreatedAt)}
	if r := s.LastRun; r != nil {
		out.LastRun = &apiSourceRun{Status: r.Status, StatusLabel: sourceRunLabel(r.Status), StartedAt: apiTime(r.StartedAt),
			FinishedAt: apiTime(r.FinishedAt), Documents: r.Documents, Added: r.Added, Changed: r.Changed, Unchanged: r.Unchanged,
			Refused: r.Refused, Errors: apiNonNil(r.Errors)}
	}
	return out
}

// apiSourceInput is a source to create, or what to replace one with.
type apiSourceInput struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Location string `json:"location"`
	// Enabled is true when omitted.
	Enabled *bool `json:"enabled"`
	// EverySeconds is 21600 (6 hours) when omitted.
	EverySeconds *int64 `json:"every_seconds"`
}

// apiSourceEveryDefault is a source's schedule when the input gives none.
const apiSourceEveryDefault = 6 * time.Hour

// apiSourceFields name the domain's fields as the API's members.
var apiSourceFields = map[string]string{"every": "every_seconds"}

// source checks the schedule and makes the source to save; the rest is
// the domain's to check.
func (in apiSourceInput) source(id int64) (*rollcall.Source, error) {
	src := &rollcall.Source{ID: id, Name: in.Name, Kind: rollcall.SourceKind(in.Kind), Location: in.Location, Enabled: true, Every: apiSourceEveryDefault}
	if in.Enabled != nil {
		src.Enabled = *in.Enabled
	}
	if in.EverySeconds != nil {
		sec := *in.EverySeconds
		switch {
		case sec < int64(rollcall.MinSourceEvery/time.Second):
			return nil, rollcall.FieldError("every_seconds", "A source is read at most every %s: every_seconds must be at least %d.",
				sourceMinWords, int64(rollcall.MinSourceEvery/time.Second))
		case sec > int64(sourceEveryMax/time.Second):
			return nil, rollcall.FieldError("every_seconds", "A source must be read at least once a year (%d seconds).", int64(sourceEveryMax/time.Second))
		}
		src.Every = time.Duration(sec) * time.Second
	}
	return src, nil
}

// apiListSources answers GET /api/v1/sources.
func (s *Server) apiListSources(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	list, err := s.svc.ListSources(r.Context(), actor)
	if err != nil {
		return err
	}
	items := make([]apiSource, 0, len(list))
	for i := range list {
		items = append(items, apiSourceOf(&list[i]))
	}
	writeJSON(w, http.StatusOK, newAPIList(items, len(items), len(items), 0))
	return nil
}

// apiCreateSource answers POST /api/v1/sources: the source is due at once.
func (s *Server) apiCreateSource(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if !actor.CanAuthorAlerts() {
		return rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can add feed sources.")
	}
	var in apiSourceInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	src, err := in.source(0)
	if err != nil {
		return err
	}
	if err := s.svc.CreateSource(r.Context(), actor, src); err != nil {
		return apiRenameField(err, apiSourceFields)
	}
	if src, err = s.svc.GetSource(r.Context(), actor, src.ID); err != nil {
		return err
	}
	apiCreated(w, apiLocation("/api/v1/sources/%d", src.ID), apiSourceOf(src))
	return nil
}

// apiGetSource answers GET /api/v1/sources/{id}.
func (s *Server) apiGetSource(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	src, err := s.svc.GetSource(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiSourceOf(src))
	return nil
}

// apiUpdateSource answers PUT /api/v1/sources/{id}: the source is
// replaced by the input, its schedule and runs kept.
func (s *Server) apiUpdateSource(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	if !actor.CanAuthorAlerts() {
		return rollcall.Errorf(rollcall.EFORBIDDEN, "Only the centre's analysts can change feed sources.")
	}
	var in apiSourceInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	src, err := in.source(id)
	if err != nil {
		return err
	}
	if err := s.svc.UpdateSource(r.Context(), actor, src); err != nil {
		return apiRenameField(err, apiSourceFields)
	}
	if src, err = s.svc.GetSource(r.Context(), actor, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiSourceOf(src))
	return nil
}

// apiRunSource answers POST /api/v1/sources/{id}/run: the source is due
// at once, and a server's next sync (within a minute) reads it. 409 for a
// disabled source, which is never read.
func (s *Server) apiRunSource(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.runSourceNow(r, actor, id); err != nil {
		return err
	}
	src, err := s.svc.GetSource(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, apiSourceOf(src))
	return nil
}
