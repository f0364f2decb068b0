package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"rollcall"
)

// planAnswers plans every targeted organisation's answers to an alert:
// its own, or, for GP practices without a responder of their own, their
// support unit's, given for many practices at once.
func (g *generator) planAnswers(key string, a *rollcall.Alert, p time.Time, pr *profile) {
	for _, o := range g.orgs {
		if !a.Target.Matches(&o.Organisation) || o.responder == nil {
			continue
		}
		if !g.specialStory(key, p, o) {
			g.orgStory(key, p, o, pr)
		}
	}
	for _, r := range g.regions {
		for _, su := range r.supportUnits {
			var practices []*org
			for _, o := range su.practices {
				if o.responder == nil && a.Target.Matches(&o.Organisation) {
					practices = append(practices, o)
				}
			}
			if su == g.namedSupportUnit && key == MS17010 {
				g.namedSupportUnitStory(p, su, practices)
				continue
			}
			g.supportUnitStory(key, p, su, practices, pr)
		}
	}
}

// orgStory plans one organisation's answers to an alert published at p:
// an acknowledgement, then what it did, at times drawn by its diligence.
func (g *generator) orgStory(key string, p time.Time, o *org, pr *profile) {
	d := o.diligence
	if g.rng.Float64() < pr.silent[d] {
		return
	}
	r, us := o.responder, []*org{o}
	acked := p.Add(g.between(pr.ack[d]))
	done := acked.Add(g.between(pr.work[d]))
	out := g.pickOutcome(pr.outcomes)
	if out == riskAccepted && o.lead == nil {
		out = patched // only a data-security lead can sign a risk off
	}
	g.answer(acked, r, key, us, true, rollcall.Answer{})
	switch out {
	case stated:
		g.answer(acked.Add(g.between(span{10 * time.Minute, 4 * hour})), r, key, us, false, rollcall.Answer{Applicability: rollcall.Applicable})
	case notApplicable:
		g.answer(acked.Add(g.between(span{5 * time.Minute, 3 * hour})), r, key, us, false,
			rollcall.Answer{Applicability: rollcall.NotApplicable, Reason: pick(g.rng, pr.text.notApplicable)})
	case inProgress:
		at := acked.Add(g.between(span{1 * hour, 12 * hour}))
		g.answer(at, r, key, us, false, g.progress(at, pr))
	case patched:
		if g.rng.Float64() < pr.interim {
			at := acked.Add(g.between(span{30 * time.Minute, done.Sub(acked) / 2}))
			g.answer(at, r, key, us, false, g.progress(at, pr))
		}
		g.answer(done, r, key, us, false, g.patchedAnswer(key, us, pr))
	case mitigated:
		g.answer(acked.Add(g.between(span{1 * hour, done.Sub(acked)})), r, key, us, false,
			rollcall.Answer{Action: rollcall.ActionMitigated, Reason: pick(g.rng, pr.text.mitigation)})
	case riskAccepted:
		at := acked.Add(g.between(span{3 * hour, 30 * hour}))
		g.answer(at, r, key, us, false, rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: pick(g.rng, pr.text.risk)})
		if g.rng.Float64() < pr.approve {
			g.signOff(at.Add(g.between(span{2 * hour, 2 * day})), o, key, true, "Accepted while the hosts stay isolated; review in 30 days.")
		}
	}
}

// supportUnitStory plans a support unit's answers for its practices: it
// works through them in batches, acknowledging and then reporting for
// each batch at once, as a support desk does.
func (g *generator) supportUnitStory(key string, p time.Time, su *org, practices []*org, pr *profile) {
	if len(practices) == 0 {
		return
	}
	list := slices.Clone(practices)
	g.rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	var batches [][]*org
	for len(list) > 0 {
		n := min(len(list), 8+g.rng.IntN(18))
		batches = append(batches, list[:n])
		list = list[n:]
	}
	d, r := su.diligence, su.responder
	unreached := pr.unreached[d]
	if pr.unreached == ([4]float64{}) {
		unreached = pr.silent[d]
	}
	at := p.Add(g.between(pr.ack[d]))
	for _, b := range batches {
		at = at.Add(g.between(span{20 * time.Minute, 3 * hour}))
		if g.rng.Float64() < unreached {
			continue
		}
		g.answer(at, r, key, b, true, rollcall.Answer{})
		var rest []*org
		for _, o := range b {
			if len(pr.text.notApplicable) > 0 && g.rng.Float64() < 0.03 {
				g.answer(at.Add(g.between(span{1 * hour, 6 * hour})), r, key, []*org{o}, false,
					rollcall.Answer{Applicability: rollcall.NotApplicable, Reason: pick(g.rng, pr.text.notApplicable)})
				continue
			}
			rest = append(rest, o)
		}
		out := g.pickOutcome(pr.outcomes)
		switch out {
		case riskAccepted, notApplicable:
			out = patched
		case stated:
			out = ackOnly
		}
		done := at.Add(g.between(pr.work[d]))
		switch out {
		case inProgress:
			t := at.Add(g.between(span{1 * hour, 12 * hour}))
			g.answer(t, r, key, rest, false, g.progress(t, pr))
		case patched:
			if g.rng.Float64() < pr.interim {
				t := at.Add(g.between(span{30 * time.Minute, done.Sub(at) / 2}))
				g.answer(t, r, key, rest, false, g.progress(t, pr))
			}
			g.answer(done, r, key, rest, false, g.patchedAnswer(key, rest, pr))
		case mitigated:
			g.answer(at.Add(g.between(span{1 * hour, done.Sub(at)})), r, key, rest, false,
				rollcall.Answer{Action: rollcall.ActionMitigated, Reason: pick(g.rng, pr.text.mitigation)})
		}
	}
}

// namedSupportUnitStory plans the printed support unit's MS17-010
// answers: it has patched two fifths of its practices, acknowledged a
// third more without answering yet, and not reached the rest, so its
// responder has many to answer for at once, some of them overdue.
func (g *generator) namedSupportUnitStory(p time.Time, su *org, practices []*org) {
	list := slices.Clone(practices)
	g.rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	done, acked := len(list)*2/5, len(list)*3/4
	r := su.responder
	g.answer(p.Add(3*hour), r, MS17010, list[:done], true, rollcall.Answer{})
	g.answer(p.Add(9*hour), r, MS17010, list[:done], false, g.patchedAnswer(MS17010, list[:done], ms17010Profile))
	g.answer(p.Add(20*hour), r, MS17010, list[done:acked], true, rollcall.Answer{})
}

// specialStory plans the answers the printed accounts' organisations
// need for the tour, and the one rejected risk acceptance; it reports
// whether it planned any.
func (g *generator) specialStory(key string, p time.Time, o *org) bool {
	us := []*org{o}
	switch {
	case o == g.namedTrust && key == MS17010:
		r := o.responder
		g.answer(p.Add(85*time.Minute), r, key, us, true, rollcall.Answer{})
		at := p.Add(5 * hour)
		g.answer(at, r, key, us, false, rollcall.Answer{Action: rollcall.ActionInProgress,
			PlannedDate: at.Truncate(day).Add(4 * day), Reason: "Servers patched overnight; desktops are being done ward by ward."})
		g.answer(p.Add(31*hour), r, key, us, false, rollcall.Answer{Action: rollcall.ActionRiskAccepted,
			Reason:   ms17010Profile.text.risk[0],
			Evidence: "All servers and 3,409 of 3,412 desktops patched (WSUS compliance report, attached). The three left are the MRI consoles.",
			EvidenceLinks: []string{
				"https://evidence." + domainSuffix + "/" + strings.ToLower(o.Code) + "/ms17-010/wsus-compliance.pdf",
			}})
		return true
	case o == g.namedTrust && key == FirefoxSVG:
		// Silent: overdue, and escalated to its lead, the region and the
		// centre.
		return true
	case o == g.namedTrust && key == Phishing:
		g.answer(p.Add(2*hour), o.responder, key, us, true, rollcall.Answer{})
		g.answer(p.Add(3*hour), o.responder, key, us, false, rollcall.Answer{Applicability: rollcall.Applicable})
		return true
	case o == g.rejectingTrust() && key == MS17010:
		r := o.responder
		g.answer(p.Add(3*hour), r, key, us, true, rollcall.Answer{})
		at := p.Add(20 * hour)
		g.answer(at, r, key, us, false, rollcall.Answer{Action: rollcall.ActionRiskAccepted, Reason: ms17010Profile.text.risk[1]})
		g.signOff(at.Add(20*hour), o, key, false,
			"Not accepted: these PCs are on the clinical network and reachable over SMB. Isolate them today and patch or replace them this week.")
		return true
	}
	return false
}

// rejectingTrust is the trust whose data-security lead turns down a risk
// acceptance: the South East's first acute trust.
func (g *generator) rejectingTrust() *org {
	for _, o := range g.orgs {
		if o.region == g.regions[1] && o.Type == rollcall.OrgAcuteTrust {
			return o
		}
	}
	return nil
}

// progress is an in-progress answer made at t, with a planned date a few
// days on.
func (g *generator) progress(t time.Time, pr *profile) rollcall.Answer {
	return rollcall.Answer{Action: rollcall.ActionInProgress, Reason: pick(g.rng, pr.text.progress),
		PlannedDate: t.Truncate(day).Add(time.Duration(3+g.rng.IntN(10)) * day)}
}

// patchedAnswer reports a patch for orgs, with the evidence a responder
// would give.
func (g *generator) patchedAnswer(key string, orgs []*org, pr *profile) rollcall.Answer {
	hosts := 0
	for _, o := range orgs {
		hosts += g.hostsOf(o)
	}
	text := pick(g.rng, pr.text.patched)
	if strings.Count(text, "%d") == 2 {
		text = fmt.Sprintf(text, hosts, hosts)
	} else {
		text = fmt.Sprintf(text, hosts)
	}
	a := rollcall.Answer{Action: rollcall.ActionPatched, Evidence: text}
	if len(orgs) == 1 && g.rng.IntN(2) == 0 {
		a.EvidenceLinks = []string{"https://evidence." + domainSuffix + "/" + strings.ToLower(orgs[0].Code) + "/" + key + "/compliance.pdf"}
	}
	return a
}

// hostsOf is a plausible number of Windows hosts for an organisation.
func (g *generator) hostsOf(o *org) int {
	switch o.Type {
	case rollcall.OrgAcuteTrust:
		return 2000 + g.rng.IntN(4000)
	case rollcall.OrgMentalHealthTrust, rollcall.OrgAmbulanceTrust:
		return 800 + g.rng.IntN(1700)
	case rollcall.OrgCommunityProvider:
		return 500 + g.rng.IntN(1000)
	case rollcall.OrgGPPractice:
		return 8 + g.rng.IntN(22)
	}
	return 100 + g.rng.IntN(400)
}

// between draws a duration in s, to the minute.
func (g *generator) between(s span) time.Duration {
	if s[1] <= s[0] {
		return s[0]
	}
	return (s[0] + time.Duration(g.rng.Int64N(int64(s[1]-s[0])))).Truncate(time.Minute)
}

func (g *generator) pickOutcome(ws []weighted) outcome {
	total := 0.0
	for _, w := range ws {
		total += w.weight
	}
	x := g.rng.Float64() * total
	for _, w := range ws {
		if x < w.weight {
			return w.outcome
		}
		x -= w.weight
	}
	return ws[len(ws)-1].outcome
}
