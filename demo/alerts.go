package demo

import (
	"context"
	"time"

	"rollcall"
)

// The demo alerts' keys in Result.Alerts.
const (
	OfficeRTF  = "office-rtf"
	FirefoxSVG = "firefox-svg"
	Phishing   = "phishing"
	SambaCry   = "sambacry"
)

// ms17010Age is how long before "now" the WannaCry alert went out: about
// three days, so that its 48-hour clock has run out for the silent.
const ms17010Age = 74 * time.Hour

// planAlerts plans the centre's alerts, oldest first, and every targeted
// organisation's answers to each.
func (g *generator) planAlerts(ctx context.Context) error {
	fixes, err := ms17010Fixes()
	if err != nil {
		return err
	}
	london, southEast := g.regions[0], g.regions[1]
	g.alerts = map[string]*rollcall.Alert{}

	officeRTF := &rollcall.Alert{
		Title:    "Microsoft Office and WordPad remote code execution through RTF documents (CVE-2017-0199)",
		Severity: rollcall.SeverityHigh,
		Summary: "Microsoft Office and WordPad parse specially crafted RTF documents in a way that lets an attacker run code " +
			"on the computer of whoever opens one. Malicious Word attachments exploiting it are arriving in phishing emails.",
		CVEs:             []string{"CVE-2017-0199"},
		CVSS:             &rollcall.CVSS{Vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"},
		AffectedProducts: "Microsoft Office 2007 SP3, 2010 SP2, 2013 SP1 and 2016; WordPad on Windows Vista SP2, Windows 7 SP1, Windows 8.1 and Windows Server 2008 to 2012 R2.",
		Remediation:      "1. Install the April 2017 security updates for Microsoft Office and Windows.\n2. Until then, block RTF attachments at the mail gateway.",
		References:       []string{"https://nvd.nist.gov/vuln/detail/CVE-2017-0199", "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2017-0199"},
		Target:           rollcall.Target{All: true},
	}
	g.publish(OfficeRTF, officeRTF, g.now.Add(-100*rollcall.Day+3*time.Hour), officeRTFProfile)

	phishing := &rollcall.Alert{
		Title:    "Phishing campaign impersonating NHS pension benefit statements",
		Severity: rollcall.SeverityLow,
		Summary: "Staff in London and the South East are receiving emails that pose as annual pension benefit statements " +
			"and link to a fake sign-in page that collects email credentials.",
		Remediation: "1. Block the sender domains and links in the attached indicators at the mail gateway and web proxy.\n" +
			"2. Remind staff how to report suspicious email.\n3. Reset the password of anyone who entered it, and check their mailbox rules.",
		References: []string{"https://www.ncsc.gov.uk/guidance/phishing"},
		Target:     rollcall.Target{RegionIDs: []int64{london.ID, southEast.ID}},
	}
	g.publish(Phishing, phishing, g.now.Add(-60*rollcall.Day+26*time.Hour), phishingProfile)

	firefox := &rollcall.Alert{
		Title:    "Mozilla Firefox and Thunderbird SVG animation use-after-free exploited against Windows users (CVE-2016-9079)",
		Severity: rollcall.SeverityMedium,
		Summary: "Firefox, Firefox ESR and Thunderbird contain a use-after-free in SVG animation that is being exploited " +
			"against users on Windows. Medium for the NHS: Firefox is not the standard browser in most trusts, but many have it on some desktops.",
		CVEs:             []string{"CVE-2016-9079"},
		CVSS:             &rollcall.CVSS{Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H"},
		AffectedProducts: "Mozilla Firefox before 50.0.2, Firefox ESR before 45.5.1, Thunderbird before 45.5.1.",
		Remediation:      "Update Firefox to 50.0.2 or later, Firefox ESR to 45.5.1 or later and Thunderbird to 45.5.1 or later, or remove them.",
		References:       []string{"https://www.mozilla.org/en-US/security/advisories/mfsa2016-92/", "https://nvd.nist.gov/vuln/detail/CVE-2016-9079"},
		Target: rollcall.Target{Types: []rollcall.OrgType{
			rollcall.OrgAcuteTrust, rollcall.OrgAmbulanceTrust, rollcall.OrgMentalHealthTrust, rollcall.OrgCommunityProvider}},
	}
	g.publish(FirefoxSVG, firefox, g.now.Add(-20*rollcall.Day+5*time.Hour), firefoxProfile)

	affected, remediation := ms17010Text(fixes, false)
	ms := &rollcall.Alert{
		Title:    "Critical Windows SMBv1 vulnerabilities exploited by WannaCry ransomware (MS17-010)",
		Severity: rollcall.SeverityHigh,
		Summary: "Flaws in the SMBv1 server of Microsoft Windows (MS17-010) let an attacker run code on any unpatched " +
			"Windows host that can reach it over the network. The WannaCry ransomware exploits them to spread on its own " +
			"from host to host, with nobody clicking anything, and is encrypting NHS systems now. Patch every affected " +
			"host, disable SMBv1, and report what you have done within 48 hours.",
		CVEs:             []string{"CVE-2017-0143", "CVE-2017-0144", "CVE-2017-0145", "CVE-2017-0146", "CVE-2017-0147", "CVE-2017-0148"},
		CVSS:             &rollcall.CVSS{Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"},
		AffectedProducts: affected,
		Affected:         ms17010Affected(fixes, false),
		Advisory:         ms17010Advisory,
		Remediation:      remediation,
		References: []string{
			"https://learn.microsoft.com/en-us/security-updates/securitybulletins/2017/ms17-010",
			"https://nvd.nist.gov/vuln/detail/CVE-2017-0144",
		},
		Target: rollcall.Target{All: true},
	}
	published := g.now.Add(-ms17010Age)
	g.publish(MS17010, ms, published, ms17010Profile)
	g.reviseMS17010(published.Add(22*time.Hour), fixes)

	samba := &rollcall.Alert{
		Title:    "Samba remote code execution through writable shares (CVE-2017-7494, \"SambaCry\")",
		Severity: rollcall.SeverityHigh,
		Summary: "Samba lets a client that can write to a share upload a shared library and make the server run it. " +
			"Network storage and Linux file servers in the NHS run Samba. Draft: waiting for the supplier advisories.",
		CVEs:       []string{"CVE-2017-7494"},
		References: []string{"https://www.samba.org/samba/security/CVE-2017-7494.html"},
		Target:     rollcall.Target{All: true},
	}
	g.alerts[SambaCry] = samba
	g.timeline.add(g.now.Add(-5*time.Hour), "draft "+SambaCry, func(ctx context.Context) error {
		return g.svc.CreateAlert(ctx, g.analyst, samba)
	})
	return nil
}

// publish plans an alert's drafting and publication at p, the escalation
// ladder's runs, and the answers of every organisation it targets.
func (g *generator) publish(key string, a *rollcall.Alert, p time.Time, pr *profile) {
	g.alerts[key] = a
	g.timeline.add(p.Add(-90*time.Minute), "draft "+key, func(ctx context.Context) error {
		return g.svc.CreateAlert(ctx, g.analyst, a)
	})
	g.timeline.add(p, "publish "+key, func(ctx context.Context) error {
		_, err := g.svc.PublishAlert(ctx, g.analyst, a.ID)
		return err
	})
	g.escalateAt(p, g.svc.Policy().ClocksFor(a))
	g.planAnswers(key, a, p, pr)
}

// reviseMS17010 plans the WannaCry alert's second revision: after the
// attack, Microsoft released fixes for Windows XP, Server 2003 and 8.
func (g *generator) reviseMS17010(at time.Time, fixes []*windowsFix) {
	g.timeline.add(at, "revise "+MS17010, func(ctx context.Context) error {
		a, err := g.svc.GetAlert(ctx, g.analyst, g.alerts[MS17010].ID)
		if err != nil {
			return err
		}
		a.AffectedProducts, a.Remediation = ms17010Text(fixes, true)
		a.Affected = ms17010Affected(fixes, true)
		a.References = append(a.References,
			"https://msrc.microsoft.com/blog/2017/05/customer-guidance-for-wannacrypt-attacks/",
			"https://support.microsoft.com/help/4012598")
		_, err = g.svc.ReviseAlert(ctx, g.analyst, a,
			"Added the out-of-band update KB4012598 for Windows XP, Windows Server 2003 and Windows 8, released by Microsoft after WannaCry. Deadlines are unchanged.")
		return err
	})
}
