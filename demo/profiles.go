package demo

import (
	"time"

	"rollcall"
)

// outcome is where an organisation's answer to an alert is headed.
type outcome int

const (
	ackOnly       outcome = iota // acknowledges and says nothing more
	stated                       // says the alert applies, no action yet
	inProgress                   // reports work in progress with a date
	patched                      // patches, often after reporting progress
	mitigated                    // mitigates
	notApplicable                // says the alert does not apply, and why
	riskAccepted                 // accepts the risk, for its lead to sign off
)

type weighted struct {
	outcome outcome
	weight  float64
}

type span [2]time.Duration

const (
	hour = time.Hour
	day  = rollcall.Day
)

// profile is how organisations answer one alert, by their diligence
// (prompt, ordinary, slow, lax): the figures are chosen so the roll calls
// look like the ones the article describes, not drawn from real data.
type profile struct {
	silent [4]float64 // chance of never acknowledging
	// unreached is the chance a support unit has not yet reached a batch
	// of its practices; zero means silent's.
	unreached [4]float64
	ack       [4]span // publication to acknowledgement
	work      [4]span // acknowledgement to the final answer
	outcomes  []weighted
	interim   float64 // chance a patch is first reported as in progress
	approve   float64 // chance a risk acceptance is signed off at all
	text      answerText
}

// answerText is what organisations write in their answers to one alert.
type answerText struct {
	notApplicable []string
	risk          []string
	mitigation    []string
	progress      []string
	patched       []string // with one or two %d: hosts patched, of hosts
}

var ms17010Profile = &profile{
	silent:    [4]float64{0.02, 0.1, 0.35, 0.8},
	unreached: [4]float64{0.05, 0.18, 0.4, 0.8},
	ack:       [4]span{{20 * time.Minute, 6 * hour}, {2 * hour, 30 * hour}, {20 * hour, 70 * hour}, {40 * hour, 90 * hour}},
	work:      [4]span{{4 * hour, 40 * hour}, {10 * hour, 72 * hour}, {24 * hour, 120 * hour}, {48 * hour, 200 * hour}},
	outcomes:  []weighted{{ackOnly, 0.12}, {stated, 0.08}, {inProgress, 0.26}, {patched, 0.37}, {mitigated, 0.07}, {notApplicable, 0.04}, {riskAccepted, 0.06}},
	interim:   0.5,
	approve:   0.5,
	text: answerText{
		notApplicable: []string{
			"No Windows estate — all thin clients on the host trust's Citrix farm.",
			"Every desktop and server runs Windows 10 1703, which already contains the MS17-010 fix.",
			"IT is provided and patched by the host trust under contract; we have no Windows hosts of our own.",
		},
		risk: []string{
			"Three MRI scanner consoles run a vendor-certified Windows 7 build that the vendor does not allow us to patch until its own update ships. They are on a dedicated VLAN with SMB blocked at the firewall; everything else is patched.",
			"Two pathology analyser PCs on Windows XP Embedded cannot take KB4012598 without breaking the analyser software. Isolated, USB ports locked, replacement ordered.",
			"The building management server runs Windows Server 2003; the supplier's contract ends in six weeks. Isolated from the clinical network until it is replaced.",
		},
		mitigation: []string{
			"SMBv1 disabled by group policy on every host; TCP 139 and 445 blocked at the perimeter and between VLANs. Patching follows in the next maintenance window.",
			"SMBv1 removed from all servers and desktops; file shares moved behind the firewall. Update deployment scheduled.",
		},
		progress: []string{
			"Servers patched overnight; desktops are being done ward by ward.",
			"Update approved in WSUS and deploying; about half of the estate has installed it.",
			"Patching the internet-facing and clinical servers first; desktops to follow.",
		},
		patched: []string{
			"KB4012212 / KB4012215 deployed through WSUS: %d of %d Windows hosts compliant.",
			"All %d Windows hosts patched (SCCM compliance report); SMBv1 disabled too.",
		},
	},
}

var officeRTFProfile = &profile{
	// An old alert, fully closed: everyone answered in the end, the lax
	// late.
	ack:      [4]span{{30 * time.Minute, 8 * hour}, {3 * hour, 40 * hour}, {24 * hour, 80 * hour}, {50 * hour, 150 * hour}},
	work:     [4]span{{1 * day, 6 * day}, {3 * day, 12 * day}, {7 * day, 18 * day}, {12 * day, 30 * day}},
	outcomes: []weighted{{patched, 0.8}, {mitigated, 0.08}, {notApplicable, 0.07}, {riskAccepted, 0.05}},
	interim:  0.4,
	approve:  1,
	text: answerText{
		notApplicable: []string{
			"No desktop Office installed: staff use the web apps only.",
			"All Office and WordPad use is on the host trust's managed desktops, patched by them.",
		},
		risk: []string{
			"One legacy Office 2007 install on a pharmacy robot PC the supplier will not let us update; email and web are disabled on it.",
		},
		mitigation: []string{
			"RTF attachments blocked at the mail gateway; Office updates follow with the monthly cycle.",
		},
		progress: []string{"Office updates approved and deploying."},
		patched: []string{
			"April 2017 Office and Windows updates installed on %d of %d hosts.",
		},
	},
}

var firefoxProfile = &profile{
	silent:   [4]float64{0, 0.01, 0.05, 0.35},
	ack:      [4]span{{1 * hour, 1 * day}, {4 * hour, 4 * day}, {2 * day, 9 * day}, {5 * day, 14 * day}},
	work:     [4]span{{1 * day, 5 * day}, {2 * day, 10 * day}, {5 * day, 16 * day}, {8 * day, 25 * day}},
	outcomes: []weighted{{patched, 0.6}, {notApplicable, 0.18}, {mitigated, 0.05}, {inProgress, 0.08}, {ackOnly, 0.04}, {stated, 0.03}, {riskAccepted, 0.02}},
	interim:  0.2,
	approve:  0.8,
	text: answerText{
		notApplicable: []string{
			"Firefox and Thunderbird are not installed anywhere: application whitelisting allows Internet Explorer 11 and Chrome only.",
			"Firefox removed from the estate last year; software inventory confirms no installs.",
		},
		risk: []string{
			"Firefox ESR 45 is required by a clinical web application until its supplier certifies 52; the application's PCs can reach only that server.",
		},
		mitigation: []string{"Firefox blocked by AppLocker until the update is packaged."},
		progress:   []string{"Updated package in testing; deployment after the change board."},
		patched:    []string{"Firefox updated to 50.0.2 (ESR 45.5.1) on %d of %d hosts that had it."},
	},
}

var phishingProfile = &profile{
	silent:   [4]float64{0.05, 0.15, 0.4, 0.8},
	ack:      [4]span{{1 * hour, 1 * day}, {6 * hour, 5 * day}, {3 * day, 20 * day}, {10 * day, 40 * day}},
	work:     [4]span{{2 * hour, 2 * day}, {1 * day, 6 * day}, {3 * day, 15 * day}, {5 * day, 30 * day}},
	outcomes: []weighted{{mitigated, 0.65}, {ackOnly, 0.12}, {stated, 0.08}, {notApplicable, 0.05}, {inProgress, 0.1}},
	text: answerText{
		notApplicable: []string{"Our mail is filtered by the host trust's gateway, which already blocks these senders."},
		mitigation: []string{
			"Sender domains and links blocked at the gateway and proxy; all-staff bulletin sent; two staff who clicked have had their passwords reset.",
			"Indicators blocked; the message recalled from every mailbox.",
		},
		progress: []string{"Indicators submitted to the mail provider; staff bulletin going out this week."},
		patched:  []string{"Indicators blocked at the gateway (%d of %d mailboxes checked)."},
	},
}
