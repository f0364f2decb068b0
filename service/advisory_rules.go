package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rollcall"
)

// RuleDraft is one draft alert a rule made, and why.
type RuleDraft struct {
	AlertID  int64  `json:"alert_id"`
	Advisory string `json:"advisory"` // the advisory it was made from, "source:id"
	KEV      string `json:"kev"`      // the KEV entry that made it urgent
	Exposed  int    `json:"exposed_hosts"`
	Orgs     int    `json:"organisations"`
	Reason   string `json:"reason"`
}

// DraftAlertsForExploited applies the library's triage rule: a
// vulnerability in the Known Exploited Vulnerabilities catalogue with known
// ransomware use, which another advisory of the library (OSV, CSAF) shows
// affecting hosts present in the estate, becomes a draft high-severity
// alert waiting for the analyst's review, made from that advisory (the
// KEV entry names only a vendor and a product; the other advisory names
// the versions). An advisory already made into an alert, by hand or by
// this rule, is left alone, and so is a KEV entry whose CVE an alert
// already names, so running the rule again drafts only what is new, and
// one vulnerability gets one draft however many advisories describe it.
// One replica runs it at a time (a lease in the database); another that
// asks meanwhile drafts nothing and says so. Analysts only; it needs
// exposure loaded.
func (s *Library) DraftAlertsForExploited(ctx context.Context, actor *rollcall.Actor) ([]RuleDraft, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.CanAuthorAlerts() {
		return nil, forbidden("write alerts")
	}
	m := s.exposure.matcher.Load()
	if m == nil {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Exposure is still loading: try again in a minute.")
	}
	now := s.clock.Now()
	held, err := s.store.TryLock(ctx, ruleLock, now, now.Add(ruleLease))
	if err != nil {
		return nil, err
	}
	if !held {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "The rule is being applied already (on this or another server): try again in a minute.")
	}
	defer func() {
		if err := s.store.Unlock(context.WithoutCancel(ctx), ruleLock); err != nil {
			s.log.Error("releasing the triage rule's lease failed", "err", err)
		}
	}()
	kevs, err := s.allAdvisories(ctx, rollcall.AdvisoryFilter{Source: "kev"})
	if err != nil {
		return nil, err
	}
	type candidate struct {
		adv     rollcall.Advisory
		kev     *rollcall.Advisory
		exposed int
		orgs    int
	}
	var cands []candidate
	var keys []string
	seen := map[string]bool{}
	for i := range kevs {
		k := &kevs[i]
		if !k.Facts.KEV.RansomwareKnown() || !k.Withdrawn.IsZero() {
			continue
		}
		related, err := s.allAdvisories(ctx, rollcall.AdvisoryFilter{Query: k.SourceID})
		if err != nil {
			return nil, err
		}
		for _, r := range related {
			key := r.Source + ":" + r.SourceID
			if r.Source == "kev" || !r.Withdrawn.IsZero() || seen[key] || !hasAlias(r, k.SourceID) {
				continue
			}
			c := s.compiledAdvisory(&r)
			if c.problem != "" || len(c.advs) == 0 {
				continue
			}
			e := m.MatchAny(c.advs)
			if e.Exposed == 0 {
				continue
			}
			seen[key] = true
			cands = append(cands, candidate{adv: r, kev: k, exposed: int(e.Exposed), orgs: len(e.ByOrg)})
			keys = append(keys, key, "kev:"+k.SourceID)
		}
	}
	made, err := s.store.AlertsFromAdvisories(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []RuleDraft
	for _, c := range cands {
		key, kevKey := c.adv.Source+":"+c.adv.SourceID, "kev:"+c.kev.SourceID
		if len(made[key]) > 0 || len(made[kevKey]) > 0 {
			continue
		}
		naming, err := s.store.AlertsNamingCVE(ctx, strings.ToUpper(c.kev.SourceID))
		if err != nil {
			return out, err
		}
		if len(naming) > 0 {
			made[kevKey] = naming
			continue
		}
		a := AlertFromAdvisory(&c.adv)
		a.Severity = rollcall.SeverityHigh
		a.CVEs = appendMissing(a.CVEs, c.kev.SourceID)
		reason := fmt.Sprintf("%s is in the Known Exploited Vulnerabilities catalogue with known ransomware use (%s), and %s shows %d hosts in %d organisations affected.",
			c.kev.SourceID, strings.TrimSpace(c.kev.Summary), key, c.exposed, c.orgs)
		a.Summary = reason + "\n\n" + a.Summary
		if err := s.alerts.CreateAlert(ctx, actor, a); err != nil {
			return out, fmt.Errorf("draft from %s: %w", key, err)
		}
		made[key], made[kevKey] = []int64{a.ID}, []int64{a.ID}
		out = append(out, RuleDraft{AlertID: a.ID, Advisory: key, KEV: "kev:" + c.kev.SourceID, Exposed: c.exposed, Orgs: c.orgs, Reason: reason})
	}
	return out, nil
}

// ruleLock names the triage rule's lease; ruleLease bounds it should a
// replica die while applying the rule.
const (
	ruleLock  = "draft-alerts-for-exploited"
	ruleLease = 10 * time.Minute
)

// allAdvisories reads every advisory the filter selects, page by page.
func (s *Library) allAdvisories(ctx context.Context, f rollcall.AdvisoryFilter) ([]rollcall.Advisory, error) {
	var all []rollcall.Advisory
	f.Limit, f.Offset = 500, 0
	for {
		page, total, err := s.store.ListAdvisories(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return all, nil
		}
	}
}

func hasAlias(a rollcall.Advisory, id string) bool {
	for _, al := range a.Aliases {
		if strings.EqualFold(al, id) {
			return true
		}
	}
	return strings.EqualFold(a.SourceID, id)
}

func appendMissing(list []string, v string) []string {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return list
		}
	}
	return append(list, v)
}
