package server

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestAPIEndToEnd walks one alert through its life over the API: the
// centre writes, publishes and revises it; a trust acknowledges and
// answers; the roll call and the revision list show it all.
func TestAPIEndToEnd(t *testing.T) {
	f := newFixture(t)
	analyst, respN := f.as("analyst"), f.as("respN")
	ntrust := f.Orgs["NTRUST"].ID

	// A draft for the North region.
	var draft apiAlert
	f.as("analyst").do("POST", "/api/v1/alerts", map[string]any{
		"title": "EternalBlue in medical imaging workstations", "severity": "high",
		"summary": "Imaging workstations on Windows 7 are exposed to MS17-010.", "cves": []string{"cve-2017-0144"},
		"cvss_vector": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"target":      map[string]any{"region_ids": []int64{f.Regions["N"].ID}},
	}).want(201).into(&draft)
	if draft.Status != "draft" || draft.Reference == "" || draft.PublishedAt != nil {
		t.Fatalf("new alert: got status %q reference %q published_at %v, want a draft with a reference and no publication", draft.Status, draft.Reference, draft.PublishedAt)
	}
	if draft.CVSS == nil || draft.CVSS.Score != 8.1 || draft.CVEs[0] != "CVE-2017-0144" {
		t.Errorf("new alert: got cvss %+v cves %v, want 8.1 and CVE-2017-0144", draft.CVSS, draft.CVEs)
	}
	if draft.Clocks.AcknowledgeSeconds != 48*3600 || draft.Clocks.RemediateSeconds != 14*24*3600 {
		t.Errorf("new alert: got clocks %+v, want the high-severity policy (48 h, 14 days)", draft.Clocks)
	}
	alertPath := fmt.Sprintf("/api/v1/alerts/%d", draft.ID)
	respN.do("GET", alertPath, nil).want(404)

	// Published: the five North organisations are sent it.
	var pub apiPublished
	analyst.do("POST", alertPath+"/publish", nil).want(200).into(&pub)
	if pub.NewlyTargeted != 5 || pub.Alert.Status != "published" || pub.Alert.Revision != 1 {
		t.Fatalf("publish: got %d targeted, status %q, revision %d; want 5, published, 1", pub.NewlyTargeted, pub.Alert.Status, pub.Alert.Revision)
	}
	f.as("respS").do("GET", alertPath, nil).want(404)

	// Revised to reach everyone: the South trust is sent it too.
	var rev apiPublished
	analyst.do("POST", alertPath+"/revisions", map[string]any{
		"title": "EternalBlue in imaging and pathology workstations", "severity": "high",
		"summary": "Imaging and pathology workstations on Windows 7 are exposed to MS17-010.", "cves": []string{"CVE-2017-0144"},
		"cvss_vector": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "target": map[string]any{"all": true},
		"change_note": "Pathology systems are affected too; sent to every region.",
	}).want(201).into(&rev)
	if rev.NewlyTargeted != 1 || rev.Alert.Revision != 2 {
		t.Fatalf("revise: got %d newly targeted, revision %d; want 1 and 2", rev.NewlyTargeted, rev.Alert.Revision)
	}
	f.as("respS").do("GET", alertPath, nil).want(200)

	// The trust finds it in its inbox and acknowledges.
	var inbox apiList[apiResponse]
	respN.do("GET", "/api/v1/inbox", nil).want(200).into(&inbox)
	if !hasResponse(inbox.Items, draft.ID, ntrust) {
		t.Fatalf("inbox of respN: alert %d for NTRUST missing from %d items", draft.ID, len(inbox.Items))
	}
	respPath := fmt.Sprintf("%s/responses/%d", alertPath, ntrust)
	var r apiResponseDetail
	f.Clock.Advance(3 * time.Hour)
	respN.do("POST", respPath+"/acknowledge", nil).want(200).into(&r)
	if r.State != "acknowledged" || r.Clocks.AcknowledgedAt == nil || r.Clocks.AcknowledgedLate {
		t.Fatalf("acknowledge: got state %q acknowledged_at %v late %v; want acknowledged on time", r.State, r.Clocks.AcknowledgedAt, r.Clocks.AcknowledgedLate)
	}

	// Work in progress, then patched; an answer made on a stale version
	// is refused rather than overwriting.
	f.Clock.Advance(24 * time.Hour)
	planned := f.Clock.Now().Add(5 * 24 * time.Hour).Format(time.DateOnly)
	respN.do("PUT", respPath, map[string]any{"action": "in_progress", "planned_date": planned, "evidence": "Change CHG-1042 approved.", "version": r.Version}).want(200).into(&r)
	if r.State != "in_progress" || r.Answer.PlannedDate == nil || *r.Answer.PlannedDate != planned {
		t.Fatalf("in progress: got state %q planned %v, want in_progress planned %s", r.State, r.Answer.PlannedDate, planned)
	}
	stale := respN.do("PUT", respPath, map[string]any{"action": "patched", "version": r.Version - 1}).want(409).apiError()
	if stale.Code != "conflict" {
		t.Errorf("stale answer: got code %q, want conflict", stale.Code)
	}
	f.Clock.Advance(48 * time.Hour)
	respN.do("PUT", respPath, map[string]any{"action": "patched", "evidence_links": []string{"https://cmdb.ntrust.test/chg/1042"}, "version": r.Version}).want(200).into(&r)
	if r.State != "patched" || !r.Closed || r.Clocks.ClosedAt == nil || r.AnsweredBy == nil || *r.AnsweredBy != f.Users["respN"].ID {
		t.Fatalf("patched: got state %q closed %v closed_at %v answered_by %v", r.State, r.Closed, r.Clocks.ClosedAt, r.AnsweredBy)
	}
	var kinds []string
	for _, e := range r.Events {
		kinds = append(kinds, e.Kind)
	}
	if got, want := strings.Join(kinds, ","), "acknowledged,answered,answered"; got != want {
		t.Errorf("history: got %s, want %s", got, want)
	}

	// The roll call counts it, and the closed filter finds it alone.
	var rc apiRollCallPage
	analyst.do("GET", alertPath+"/rollcall", nil).want(200).into(&rc)
	tl := rc.Summary.Tally
	if tl.Targeted != 6 || tl.Acknowledged != 1 || tl.Remediated != 1 || tl.AcknowledgedOnTime != 1 {
		t.Errorf("roll call tally: got %+v, want 6 targeted, 1 acknowledged on time, 1 remediated", tl)
	}
	if rc.Summary.TimeToAcknowledge.Count != 1 || rc.Summary.TimeToAcknowledge.MedianSeconds != 3*3600 {
		t.Errorf("time to acknowledge: got %+v, want 1 at 10800 s", rc.Summary.TimeToAcknowledge)
	}
	if rc.Entries.Total != 6 || len(rc.Entries.Items) != 6 {
		t.Errorf("roll call entries: got %d of %d, want 6", len(rc.Entries.Items), rc.Entries.Total)
	}
	analyst.do("GET", alertPath+"/rollcall?state=closed", nil).want(200).into(&rc)
	if rc.Entries.Total != 1 || rc.Entries.Items[0].Org.Code != "NTRUST" || rc.Entries.Items[0].State != "patched" {
		t.Errorf("closed entries: got %+v, want NTRUST patched alone", rc.Entries)
	}

	// The revision list says what changed.
	var revs apiList[apiRevision]
	analyst.do("GET", alertPath+"/revisions", nil).want(200).into(&revs)
	if len(revs.Items) != 2 || revs.Items[1].ChangeNote == "" {
		t.Fatalf("revisions: got %+v, want 2 with a change note on the second", revs.Items)
	}
	changed := map[string]bool{}
	for _, c := range revs.Items[1].Changes {
		changed[c.Field] = true
	}
	if !changed["Title"] || !changed["Targets"] || !changed["Summary"] || changed["Severity"] {
		t.Errorf("revision 2 changes: got %v, want Title, Summary and Targets but not Severity", changed)
	}
}

func hasResponse(items []apiResponse, alertID, orgID int64) bool {
	for _, it := range items {
		if it.Alert.ID == alertID && it.Org.ID == orgID {
			return true
		}
	}
	return false
}
