package server

import (
	"net/http"
	"strings"
	"time"

	"rollcall"
)

// Alerts: authoring, publishing and revising, and reading them back.

// apiAlertInput is the body that writes an alert: POST /api/v1/alerts,
// PUT /api/v1/alerts/{id}, and (with change_note) a revision. Every
// member is the whole new value, not a patch.
type apiAlertInput struct {
	Title            string          `json:"title"`
	Severity         string          `json:"severity"`
	Summary          string          `json:"summary"`
	CVEs             []string        `json:"cves"`
	CVSSVector       string          `json:"cvss_vector"`
	AffectedProducts string          `json:"affected_products"`
	Affected         *apiAffectedIn  `json:"affected"`
	Remediation      string          `json:"remediation"`
	References       []string        `json:"references"`
	Target           apiTargetInput  `json:"target"`
	ClockOverride    *apiClocksInput `json:"clock_override"`
}

// apiTargetInput says whom an alert is for.
type apiTargetInput struct {
	All       bool     `json:"all"`
	Exposed   bool     `json:"exposed"`
	RegionIDs []int64  `json:"region_ids"`
	Types     []string `json:"types"`
	OrgIDs    []int64  `json:"org_ids"`
	// ResolvedOrgIDs is read-only: taken, so that an alert read back can be
	// sent again as it is, and ignored (Rollcall resolves an exposed target
	// itself when it publishes).
	ResolvedOrgIDs []int64 `json:"resolved_org_ids"`
}

// apiAffectedIn is what an alert affects, structured; omitted or null is
// nothing structured. Every list is the whole new value.
type apiAffectedIn struct {
	Software []apiAffectedSoftware  `json:"software"`
	Windows  []apiAffectedWindowsIn `json:"windows"`
}

// apiAffectedWindowsIn is one Windows build an alert affects. name may be
// omitted ("Windows <build>"); fixed_revision and fixed_by say what fixes
// it, at least one of them.
type apiAffectedWindowsIn struct {
	Name          string   `json:"name"`
	Build         string   `json:"build"`
	FixedRevision int      `json:"fixed_revision"`
	FixedBy       []string `json:"fixed_by"`
}

func (in *apiAffectedIn) affected() rollcall.Affected {
	var a rollcall.Affected
	if in == nil {
		return a
	}
	for _, s := range in.Software {
		a.Software = append(a.Software, rollcall.AffectedSoftware(s))
	}
	for _, w := range in.Windows {
		a.Windows = append(a.Windows, rollcall.AffectedWindows{Name: w.Name, Build: w.Build, FixedRevision: w.FixedRevision, FixedBy: w.FixedBy})
	}
	return a
}

// apiClocksInput replaces the policy's clocks for one alert; 0 is no clock.
type apiClocksInput struct {
	AcknowledgeSeconds int64 `json:"acknowledge_seconds"`
	RemediateSeconds   int64 `json:"remediate_seconds"`
}

// apiAlertFields maps the domain's names for alert fields to the API's.
var apiAlertFields = map[string]string{
	"acknowledge_within": "clock_override.acknowledge_seconds",
	"remediate_within":   "clock_override.remediate_seconds",
}

func (in *apiAlertInput) alert(id int64) *rollcall.Alert {
	a := &rollcall.Alert{
		ID: id, Title: in.Title, Severity: rollcall.Severity(in.Severity), Summary: in.Summary, CVEs: in.CVEs,
		AffectedProducts: in.AffectedProducts, Affected: in.Affected.affected(), Remediation: in.Remediation, References: in.References,
		// Target.Resolved is never the author's: resolved_org_ids is ignored.
		Target: rollcall.Target{All: in.Target.All, Exposed: in.Target.Exposed, RegionIDs: in.Target.RegionIDs, OrgIDs: in.Target.OrgIDs},
	}
	for _, t := range in.Target.Types {
		a.Target.Types = append(a.Target.Types, rollcall.OrgType(t))
	}
	if v := strings.TrimSpace(in.CVSSVector); v != "" {
		a.CVSS = &rollcall.CVSS{Vector: v}
	}
	if c := in.ClockOverride; c != nil {
		a.ClockOverride = &rollcall.Clocks{Acknowledge: time.Duration(c.AcknowledgeSeconds) * time.Second, Remediate: time.Duration(c.RemediateSeconds) * time.Second}
	}
	return a
}

// apiRevisionInput is the body of POST /api/v1/alerts/{id}/revisions: the
// alert as it should now read, and a note organisations will see.
type apiRevisionInput struct {
	apiAlertInput
	ChangeNote string `json:"change_note"`
}

// apiPublished answers a publication or a revision.
type apiPublished struct {
	Alert apiAlert `json:"alert"`
	// NewlyTargeted is how many organisations were sent the alert by this
	// publication (a revision reaches only those newly in its target).
	NewlyTargeted int `json:"newly_targeted"`
}

func (s *Server) apiListAlerts(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	q, err := apiReadQuery(r, "status", "severity", "limit", "offset")
	if err != nil {
		return err
	}
	var f rollcall.AlertFilter
	if st := q.str("status"); st != "" {
		for _, v := range strings.Split(st, ",") {
			status := rollcall.AlertStatus(strings.TrimSpace(v))
			if _, ok := apiAlertStatusLabels[status]; !ok {
				return rollcall.FieldError("status", "status must be draft, published or withdrawn (several separated by commas).")
			}
			f.Statuses = append(f.Statuses, status)
		}
	}
	sev, err := q.oneOf("severity", "high", "medium", "low")
	if err != nil {
		return err
	}
	f.Severity = rollcall.Severity(sev)
	if f.Limit, f.Offset, err = q.page(50, 200); err != nil {
		return err
	}
	alerts, total, err := s.svc.ListAlerts(r.Context(), actor, f)
	if err != nil {
		return err
	}
	items := make([]apiAlertItem, 0, len(alerts))
	for i := range alerts {
		items = append(items, apiAlertItem{apiAlert: s.alertOf(&alerts[i].Alert),
			Targeted: alerts[i].Targeted, Open: alerts[i].Open, Overdue: alerts[i].Overdue})
	}
	writeJSON(w, http.StatusOK, newAPIList(items, total, f.Limit, f.Offset))
	return nil
}

func (s *Server) apiCreateAlert(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	var in apiAlertInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	a := in.alert(0)
	if err := s.svc.CreateAlert(r.Context(), actor, a); err != nil {
		return apiRenameField(err, apiAlertFields)
	}
	apiCreated(w, apiLocation("/api/v1/alerts/%d", a.ID), s.alertOf(a))
	return nil
}

func (s *Server) apiGetAlert(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	a, err := s.svc.GetAlert(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.alertOf(a))
	return nil
}

func (s *Server) apiUpdateDraft(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	var in apiAlertInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	a := in.alert(id)
	if err := s.svc.UpdateDraft(r.Context(), actor, a); err != nil {
		return apiRenameField(err, apiAlertFields)
	}
	writeJSON(w, http.StatusOK, s.alertOf(a))
	return nil
}

func (s *Server) apiPublishAlert(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.svc.PublishAlert(r.Context(), actor, id)
	if err != nil {
		return apiRenameField(err, apiAlertFields)
	}
	a, err := s.svc.GetAlert(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiPublished{Alert: s.alertOf(a), NewlyTargeted: n})
	return nil
}

func (s *Server) apiReviseAlert(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	var in apiRevisionInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	a := in.alert(id)
	n, err := s.svc.ReviseAlert(r.Context(), actor, a, in.ChangeNote)
	if err != nil {
		return apiRenameField(err, apiAlertFields)
	}
	apiCreated(w, apiLocation("/api/v1/alerts/%d/revisions", id), apiPublished{Alert: s.alertOf(a), NewlyTargeted: n})
	return nil
}

func (s *Server) apiListRevisions(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	revs, err := s.svc.AlertRevisions(r.Context(), actor, id)
	if err != nil {
		return err
	}
	items := make([]apiRevision, 0, len(revs))
	for i := range revs {
		items = append(items, s.revisionOf(&revs[i]))
	}
	writeJSON(w, http.StatusOK, newAPIList(items, len(items), len(items), 0))
	return nil
}

// apiWithdrawInput says why an alert is withdrawn.
type apiWithdrawInput struct {
	Reason string `json:"reason"`
}

func (s *Server) apiWithdrawAlert(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	id, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	var in apiWithdrawInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.svc.WithdrawAlert(r.Context(), actor, id, in.Reason); err != nil {
		return err
	}
	a, err := s.svc.GetAlert(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.alertOf(a))
	return nil
}
