package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"rollcall"
	"rollcall/service"
)

// overdueListLength is how many overdue organisations the alert page
// lists; the roll-call page has them all.
const overdueListLength = 20

// mineLength is how many of the caller's own organisations the alert
// page lists; past it, the page says so and links the roll call.
const mineLength = 500

// alertPageData is one alert and, for those who oversee, its roll call;
// for organisations, their own responses to it.
type alertPageData struct {
	Alert  *rollcall.Alert
	Target string
	Clocks string
	// Latest is the latest published revision, for "what changed".
	Latest    *rollcall.AlertRevision
	CanAuthor bool

	// Oversight is set for the centre, auditors and regional coordinators:
	// the page shows the roll call within what they may see.
	Oversight    bool
	RollCall     *rollcall.RollCall
	States       []stateRow
	Rungs        []rungRow
	Overdue      []rollCallRow
	OverdueTotal int
	// ScopeText says whose answers the figures count, when not everyone's.
	ScopeText string

	// Exposure is what the inventories show about the alert, for those who
	// oversee; organisations' own users are linked to their own page.
	Exposure *alertExposureView
	// Structured is set when the alert names affected software or
	// Windows builds, so inventories can be checked against it.
	Structured bool
	// SourceAdvisory is the library advisory the alert was made from, for
	// the centre: whether a feed has changed it since.
	SourceAdvisory *service.SourceAdvisory

	// Mine are the caller's organisations' responses, for responders and
	// data-security leads.
	Mine []rollCallRow
	// MineTotal counts them all; past one page the roll call lists the rest.
	MineTotal  int
	CanAnswer  bool
	CanAnswerN bool
}

// stateRow is one line of the state breakdown and its bar.
type stateRow struct {
	State   rollcall.State
	Count   int
	Percent int
	Bar     int
}

// rungRow is how many overdue responses sit on one rung of the ladder.
type rungRow struct {
	Level rollcall.EscalationLevel
	Count int
}

// rollCallRow is a response in a list, with what the page says of it now.
type rollCallRow struct {
	rollcall.ResponseRow
	State      rollcall.State
	Rung       rollcall.EscalationLevel
	RegionName string
	OverdueBy  time.Duration
	Clock      string
}

// handleAlertPage shows an alert: to the centre, auditors and regions with
// its roll call; to organisations with their own responses to it.
func (s *Server) handleAlertPage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	alert, err := s.svc.GetAlert(ctx, a, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	oversight := a.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor, rollcall.RoleCoordinator)
	d := alertPageData{Alert: alert, CanAuthor: a.CanAuthorAlerts(), Oversight: oversight,
		Clocks: clocksText(s.svc.Policy().ClocksFor(alert)), Structured: !alert.Affected.IsZero()}
	if d.Target, err = s.targetText(ctx, a, alert.Target, oversight); err != nil {
		s.error(w, r, err)
		return
	}
	if alert.Status != rollcall.AlertDraft {
		revs, err := s.svc.AlertRevisions(ctx, a, id)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(revs) > 0 {
			d.Latest = &revs[len(revs)-1]
		}
	}
	regions, err := s.regionNames(ctx, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	switch {
	case alert.Status == rollcall.AlertDraft:
	case oversight:
		if a.Is(rollcall.RoleCoordinator) {
			d.ScopeText = "organisations in " + regions[a.User.RegionID] + " only"
		}
		err = s.fillRollCall(ctx, a, &d, regions)
	default:
		var rows []rollcall.ResponseRow
		rows, d.MineTotal, err = s.svc.RollCallEntries(ctx, a, rollcall.ResponseFilter{AlertID: id, Order: "name", Limit: mineLength})
		d.Mine = s.rollCallRows(rows, regions)
		d.CanAnswer = a.Is(rollcall.RoleResponder) && alert.Status == rollcall.AlertPublished
		d.CanAnswerN = d.CanAnswer && len(rows) > 1
	}
	if err == nil && oversight && d.Structured {
		d.Exposure, err = s.alertExposure(ctx, a, id, 0, exposureSummaryLength)
	}
	if err == nil && alert.Advisory != "" && a.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		d.SourceAdvisory, err = s.svc.AlertSourceAdvisory(ctx, a, alert)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "alert", &page{Title: alert.Title, Data: d})
}

// fillRollCall adds the roll call's figures and the overdue list.
func (s *Server) fillRollCall(ctx context.Context, a *rollcall.Actor, d *alertPageData, regions map[int64]string) error {
	rc, err := s.svc.RollCall(ctx, a, d.Alert.ID)
	if err != nil {
		return err
	}
	d.RollCall = rc
	for _, st := range rollcall.States {
		n := rc.Tally.ByState[st]
		if n == 0 {
			continue
		}
		d.States = append(d.States, stateRow{State: st, Count: n, Percent: rollcall.Percent(n, rc.Tally.Targeted), Bar: barWidth(n, rc.Tally.Targeted)})
	}
	for _, l := range []rollcall.EscalationLevel{rollcall.EscalationNone, rollcall.EscalationSecurityLead, rollcall.EscalationCoordinator, rollcall.EscalationCentre} {
		if n := rc.ByEscalation[l]; n > 0 || l != rollcall.EscalationNone {
			d.Rungs = append(d.Rungs, rungRow{Level: l, Count: n})
		}
	}
	rows, total, err := s.svc.RollCallEntries(ctx, a, rollcall.ResponseFilter{AlertID: d.Alert.ID, Overdue: true, Order: "overdue", Limit: overdueListLength})
	if err != nil {
		return err
	}
	d.Overdue, d.OverdueTotal = s.rollCallRows(rows, regions), total
	return nil
}

// rollCallRows adds to each response what the page says of it at its
// clock time (now, or when its alert was withdrawn), by the service's rule.
func (s *Server) rollCallRows(rows []rollcall.ResponseRow, regions map[int64]string) []rollCallRow {
	out := make([]rollCallRow, len(rows))
	for i, row := range rows {
		state, rung, now := s.svc.RowState(&row)
		out[i] = rollCallRow{ResponseRow: row, State: state, Rung: rung,
			RegionName: regions[row.RegionID], Clock: clockPhrase(row.Response, now)}
		if row.AlertStatus == rollcall.AlertWithdrawn {
			out[i].Clock = "Alert withdrawn " + formatDate(row.AlertWithdrawnAt)
		}
		if since := row.OverdueSince(now); !since.IsZero() {
			out[i].OverdueBy = now.Sub(since)
		}
	}
	return out
}

// regionNames maps region ids to names.
func (s *Server) regionNames(ctx context.Context, a *rollcall.Actor) (map[int64]string, error) {
	regions, err := s.svc.ListRegions(ctx, a)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(regions))
	for _, rg := range regions {
		m[rg.ID] = rg.Name
	}
	return m, nil
}

// targetText says whom an alert is for. Organisations are named only to
// those who oversee; others learn how many were named.
func (s *Server) targetText(ctx context.Context, a *rollcall.Actor, t rollcall.Target, showNames bool) (string, error) {
	if t.All {
		return "Every organisation", nil
	}
	var parts []string
	if t.Exposed {
		parts = append(parts, "whose inventory shows them exposed")
	}
	if len(t.RegionIDs) > 0 {
		regions, err := s.regionNames(ctx, a)
		if err != nil {
			return "", err
		}
		var names []string
		for _, id := range t.RegionIDs {
			names = append(names, regions[id])
		}
		parts = append(parts, "in "+strings.Join(names, " or "))
	}
	if len(t.Types) > 0 {
		var names []string
		for _, ty := range t.Types {
			names = append(names, strings.ToLower(ty.Label()))
		}
		parts = append(parts, "of type "+strings.Join(names, " or "))
	}
	text := ""
	if len(parts) > 0 {
		text = "Organisations " + strings.Join(parts, " and ")
	}
	if t.Exposed && showNames && len(t.Resolved) > 0 {
		text += fmt.Sprintf(" (it reached %d %s)", len(t.Resolved), plural(len(t.Resolved), "organisation", "organisations"))
	}
	if len(t.OrgIDs) > 0 {
		// The service lists only the named organisations the caller may
		// see; the others are counted, not named.
		var codes []string
		if showNames {
			orgs, _, err := s.svc.ListOrganisations(ctx, a, rollcall.OrgFilter{IDs: t.OrgIDs})
			if err != nil {
				return "", err
			}
			for _, o := range orgs {
				codes = append(codes, o.Code)
			}
		}
		named := strings.Join(codes, ", ")
		if hidden := len(t.OrgIDs) - len(codes); hidden > 0 {
			if named != "" {
				named += " and "
			}
			named += fmt.Sprintf("%d named %s", hidden, plural(hidden, "organisation", "organisations"))
			if len(codes) > 0 {
				named += " more"
			}
		}
		if text != "" {
			text += "; and "
		}
		text += named
	}
	return text, nil
}

// clocksText says what an alert's clocks are.
func clocksText(c rollcall.Clocks) string {
	ack := "no acknowledgement deadline"
	if c.Acknowledge > 0 {
		ack = "acknowledge within " + rollcall.FormatDuration(c.Acknowledge)
	}
	rem := "no remediation deadline"
	if c.Remediate > 0 {
		rem = "remediate within " + rollcall.FormatDuration(c.Remediate)
	}
	return strings.ToUpper(ack[:1]) + ack[1:] + "; " + rem + "."
}
