package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"rollcall"
	"rollcall/inventory"
)

// The estate: what the organisations' software inventories show, uploaded
// through the service as their responders would (or their support unit,
// for the practices it looks after), at their own times. It is made to
// agree with the MS17-010 answers mostly, and not always: a few that say
// patched or not applicable still show exposed hosts, which is what the
// centre must see. Many have sent nothing, and some only an inventory too
// old to be evidence.

// estateStory is what one organisation's inventory shows about MS17-010.
type estateStory int

const (
	noInventory estateStory = iota
	staleInventory
	cleanInventory   // fresh; every Windows host has the fix
	exposedInventory // fresh; some hosts lack it
	unknownInventory // fresh; none lacks it, but some builds cannot be told
)

// plannedClaim is an organisation's last MS17-010 answer planned before
// "now", read as a claim, so the estate can be made to agree or not.
type plannedClaim struct {
	at    time.Time
	claim rollcall.Claim
}

// noteClaim records an answer planned at for orgs, if it will have been
// given by "now".
func (g *generator) noteClaim(at time.Time, key string, orgs []*org, ack bool, a rollcall.Answer) {
	if key != MS17010 || ack || at.After(g.now) {
		return
	}
	c := rollcall.ClaimOf(&rollcall.Response{Applicability: a.Applicability, Action: a.Action})
	if g.claims == nil {
		g.claims = map[*org]plannedClaim{}
	}
	for _, o := range orgs {
		// Answers run in time order, ties in the order planned: the last
		// one planned at the latest time is the one that stands.
		if prev, ok := g.claims[o]; !ok || !at.Before(prev.at) {
			g.claims[o] = plannedClaim{at, c}
		}
	}
}

// Estate sizes and shares.
const (
	staleShare  = 0.15              // of the organisations that sent an inventory
	staleMinAge = 32 * rollcall.Day // a stale inventory is older than the 30-day window…
	staleMaxAge = 110 * rollcall.Day
	freshMaxAge = 20 * rollcall.Day // …and a fresh one at most this old
)

// inventoryShare is the chance an organisation of a type has sent an
// inventory at all.
func inventoryShare(t rollcall.OrgType) float64 {
	switch t {
	case rollcall.OrgAcuteTrust, rollcall.OrgAmbulanceTrust, rollcall.OrgMentalHealthTrust, rollcall.OrgCommunityProvider:
		return 0.75
	case rollcall.OrgSupportUnit:
		return 0.6
	case rollcall.OrgCommissioningBody:
		return 0.5
	}
	return 0.3 // GP practices, through their support unit
}

// hostRange is how many hosts an organisation's demo inventory holds: a
// sample of its estate, to keep the demo quick to make.
func hostRange(t rollcall.OrgType) (lo, hi int) {
	switch t {
	case rollcall.OrgAcuteTrust:
		return 16, 36
	case rollcall.OrgMentalHealthTrust, rollcall.OrgAmbulanceTrust:
		return 12, 28
	case rollcall.OrgCommunityProvider:
		return 10, 22
	case rollcall.OrgCommissioningBody:
		return 6, 14
	case rollcall.OrgSupportUnit:
		return 6, 12
	}
	return 4, 9
}

// storyFor draws an organisation's estate story from its claim.
func (g *generator) storyFor(c rollcall.Claim) estateStory {
	x := g.erng.Float64()
	switch c {
	case rollcall.ClaimPatched:
		switch {
		case x < 0.12:
			return exposedInventory // says patched; the inventory disagrees
		case x < 0.22:
			return unknownInventory
		}
		return cleanInventory
	case rollcall.ClaimNotApplicable:
		if x < 0.35 {
			return exposedInventory // says not applicable; it has affected hosts
		}
		return cleanInventory
	case rollcall.ClaimMitigated, rollcall.ClaimRiskAccepted:
		switch {
		case x < 0.75:
			return exposedInventory // hosts left unpatched by design
		case x < 0.85:
			return unknownInventory
		}
		return cleanInventory
	}
	switch {
	case x < 0.6:
		return exposedInventory
	case x < 0.75:
		return unknownInventory
	}
	return cleanInventory
}

// planEstate plans every organisation's inventory upload, if it has one.
// It runs after the answers are planned, from a random stream of its own.
func (g *generator) planEstate() {
	for _, o := range g.orgs {
		uploader := o.responder
		if uploader == nil && o.agent != nil {
			uploader = o.agent.responder
		}
		if uploader == nil {
			uploader = g.analyst
		}
		story, at := g.planStory(o)
		if story == noInventory {
			continue
		}
		hosts := g.estateHosts(o, story)
		// Most send the Rollcall CSV their management tool exports; the
		// mental health and ambulance trusts run `rollcall collect`.
		source := "csv"
		if o.Type == rollcall.OrgMentalHealthTrust || o.Type == rollcall.OrgAmbulanceTrust {
			source = "collect"
		}
		g.timeline.add(at, "inventory of "+o.Code, func(ctx context.Context) error {
			data, err := encodeInventory(source, hosts)
			if err != nil {
				return err
			}
			imp, err := g.svc.ImportInventory(ctx, uploader, o.ID, bytes.NewReader(data), inventory.Options{})
			if err != nil {
				return fmt.Errorf("inventory of %s: %w", o.Code, err)
			}
			g.result.InventoryOrgs++
			if story == staleInventory {
				g.result.StaleInventories++
			}
			g.result.Hosts += imp.Hosts
			return nil
		})
	}
}

// planStory decides whether and when an organisation sends its inventory,
// and what it shows.
func (g *generator) planStory(o *org) (estateStory, time.Time) {
	pc := g.claims[o]
	switch o {
	case g.namedTrust, g.rejectingTrust():
		// The tour's trusts: their risk acceptances are there to see.
		return exposedInventory, g.uploadAfter(pc.at)
	}
	if g.erng.Float64() >= inventoryShare(o.Type) {
		return noInventory, time.Time{}
	}
	if g.erng.Float64() < staleShare {
		return staleInventory, g.now.Add(-staleMinAge - g.draw(span{0, staleMaxAge - staleMinAge}))
	}
	story := g.storyFor(pc.claim)
	if pc.claim.SaysSafe() {
		// Sent after saying so, as evidence, or to show the opposite.
		return story, g.uploadAfter(pc.at)
	}
	return story, g.now.Add(-g.draw(span{time.Hour, freshMaxAge}))
}

// uploadAfter is a moment a few hours after t, before "now".
func (g *generator) uploadAfter(t time.Time) time.Time {
	if t.IsZero() {
		return g.now.Add(-g.draw(span{time.Hour, 2 * day}))
	}
	at := t.Add(g.draw(span{time.Hour, 40 * time.Hour}))
	if at.After(g.now) {
		at = t.Add(g.now.Sub(t) / 2) // answered just now: sent since
	}
	return at
}

// span draws a duration in s, to the minute, from the estate's stream.
func (g *generator) draw(s span) time.Duration {
	if s[1] <= s[0] {
		return s[0]
	}
	return (s[0] + time.Duration(g.erng.Int64N(int64(s[1]-s[0])))).Truncate(time.Minute)
}

// osKind is a kind of host in the estate.
type osKind int

const (
	win10_22H2 osKind = iota
	win11
	win10_1703
	win7
	win10_1607
	server2008R2
	server2016
	server2012R2
	winXP
	server2003
	debian
	rhel
	ubuntu
)

// canBeExposed reports whether MS17-010 affects the kind at all.
func (k osKind) canBeExposed() bool {
	switch k {
	case win7, win10_1607, server2008R2, server2016, server2012R2, winXP, server2003:
		return true
	}
	return false
}

func (k osKind) server() bool {
	switch k {
	case server2008R2, server2016, server2012R2, server2003, debian, rhel, ubuntu:
		return true
	}
	return false
}

type kindWeight struct {
	kind   osKind
	weight int
}

var (
	// A trust: a mixed estate, old and new, with some Linux servers.
	trustMix = []kindWeight{{win10_22H2, 30}, {win11, 14}, {win7, 20}, {win10_1607, 10}, {server2008R2, 6},
		{server2016, 5}, {server2012R2, 4}, {winXP, 2}, {server2003, 1}, {debian, 4}, {rhel, 3}, {ubuntu, 2}}
	// A practice, a commissioning body or a support unit: desktops.
	officeMix = []kindWeight{{win10_22H2, 42}, {win11, 22}, {win7, 20}, {win10_1607, 9}, {server2008R2, 3}, {server2016, 2}, {winXP, 2}}
	// Those that say the alert does not apply and are right: Windows 10
	// 1703 or later, and Linux.
	modernMix = []kindWeight{{win10_22H2, 40}, {win11, 25}, {win10_1703, 25}, {debian, 5}, {ubuntu, 5}}
)

func (g *generator) drawKind(mix []kindWeight) osKind {
	total := 0
	for _, w := range mix {
		total += w.weight
	}
	x := g.erng.IntN(total)
	for _, w := range mix {
		if x < w.weight {
			return w.kind
		}
		x -= w.weight
	}
	return mix[len(mix)-1].kind
}

// hostState is a host's place on MS17-010.
type hostState int

const (
	hostFixed hostState = iota
	hostExposed
	hostUnknown // a build sent without its revision
)

// estateHosts makes an organisation's hosts for its story.
func (g *generator) estateHosts(o *org, story estateStory) []inventory.Host {
	lo, hi := hostRange(o.Type)
	n := lo + g.erng.IntN(hi-lo+1)
	mix := officeMix
	switch {
	case o.Type != rollcall.OrgGPPractice && o.Type != rollcall.OrgCommissioningBody && o.Type != rollcall.OrgSupportUnit:
		mix = trustMix
	}
	if story == cleanInventory && g.claims[o].claim == rollcall.ClaimNotApplicable {
		mix = modernMix
	}
	kinds := make([]osKind, n)
	states := make([]hostState, n)
	for i := range kinds {
		kinds[i] = g.drawKind(mix)
	}
	// The tour's trusts: the MRI consoles left on Windows 7, the
	// pathology analysers on Windows XP.
	special := map[int]string{}
	switch o {
	case g.namedTrust:
		for i := range 3 {
			kinds[i], states[i], special[i] = win7, hostExposed, fmt.Sprintf("MRI-CONSOLE-%02d", i+1)
		}
	case g.rejectingTrust():
		for i := range 2 {
			kinds[i], states[i], special[i] = winXP, hostExposed, fmt.Sprintf("PATH-ANALYSER-%02d", i+1)
		}
	}
	var vulnerable []int // hosts MS17-010 can affect, not already decided
	for i, k := range kinds {
		if k.canBeExposed() && special[i] == "" {
			vulnerable = append(vulnerable, i)
		}
	}
	g.erng.Shuffle(len(vulnerable), func(i, j int) { vulnerable[i], vulnerable[j] = vulnerable[j], vulnerable[i] })
	switch story {
	case staleInventory:
		// From before the alert: many not yet patched.
		for _, i := range vulnerable {
			if g.erng.Float64() < 0.4 {
				states[i] = hostExposed
			}
		}
	case exposedInventory:
		if len(special) > 0 {
			break
		}
		if len(vulnerable) == 0 {
			kinds[0] = win7
			vulnerable = []int{0}
		}
		for _, i := range vulnerable[:1+g.erng.IntN(max(1, len(vulnerable)/3))] {
			states[i] = hostExposed
		}
		if g.erng.Float64() < 0.15 {
			g.markUnknown(kinds, states, vulnerable)
		}
	case unknownInventory:
		g.markUnknown(kinds, states, vulnerable)
	}
	prefix := strings.ToUpper(o.Code)
	hosts := make([]inventory.Host, n)
	counts := map[string]int{}
	for i, k := range kinds {
		name := special[i]
		if name == "" {
			role := "WS"
			switch {
			case k == debian || k == rhel || k == ubuntu:
				role = "LNX"
			case k.server():
				role = "SRV"
			}
			counts[role]++
			name = fmt.Sprintf("%s-%s-%03d", prefix, role, counts[role])
		}
		hosts[i] = g.host(name, k, states[i])
	}
	return hosts
}

// markUnknown makes one to three hosts report a Windows 10 1607 or Server
// 2016 build without its revision, which cannot be told.
func (g *generator) markUnknown(kinds []osKind, states []hostState, vulnerable []int) {
	want := 1 + g.erng.IntN(3)
	for _, i := range vulnerable {
		if want == 0 {
			return
		}
		if states[i] == hostFixed && (kinds[i] == win10_1607 || kinds[i] == server2016) {
			states[i] = hostUnknown
			want--
		}
	}
	for i := range kinds {
		if want == 0 {
			return
		}
		if !kinds[i].canBeExposed() && !kinds[i].server() {
			kinds[i], states[i] = win10_1607, hostUnknown
			want--
		}
	}
}

// Windows builds' revisions, and updates, by whether they have the fix.
var (
	rev1607Fixed    = []string{"1198", "1358", "1480", "1884", "2125"}
	rev1607Exposed  = []string{"187", "447", "576", "693", "726", "729"}
	rev22H2         = []string{"3693", "4170", "4291", "4529", "4651", "5011"}
	rev11           = []string{"3296", "3447", "3737", "4037", "4317", "4460"}
	rev1703         = []string{"413", "447", "483", "608"}
	win7Fixes       = []string{"KB4012212", "KB4012215", "KB4015549", "KB4019264"}
	win7Other       = []string{"KB2533552", "KB3125574", "KB3172605", "KB3212646", "KB2999226", "KB3138612"} // none of them fixes it
	server2012Fixes = []string{"KB4012216", "KB4015550", "KB4019215"}
	server2012Other = []string{"KB2919355", "KB3172614", "KB3000850"}
	xpOther         = []string{"KB2926765", "KB3170455", "KB4012583"}
)

// host makes one host of a kind, fixed, exposed or unknown, with a
// handful of software.
func (g *generator) host(name string, k osKind, st hostState) inventory.Host {
	r := g.erng
	h := inventory.Host{Name: name}
	pickN := func(list []string, n int) []string {
		out := make([]string, 0, n)
		for _, i := range r.Perm(len(list))[:min(n, len(list))] {
			out = append(out, list[i])
		}
		return out
	}
	switch k {
	case win10_22H2:
		h.OS = inventory.OS{Name: "Microsoft Windows 10 Enterprise", Version: "10.0", Build: "19045." + pick(r, rev22H2)}
	case win11:
		h.OS = inventory.OS{Name: "Microsoft Windows 11 Enterprise", Version: "10.0", Build: "22631." + pick(r, rev11)}
	case win10_1703:
		h.OS = inventory.OS{Name: "Microsoft Windows 10 Enterprise", Version: "10.0", Build: "15063." + pick(r, rev1703)}
	case win10_1607, server2016:
		h.OS = inventory.OS{Name: "Microsoft Windows 10 Enterprise LTSB 2016", Version: "10.0"}
		if k == server2016 {
			h.OS.Name = "Microsoft Windows Server 2016 Standard"
		}
		switch st {
		case hostExposed:
			h.OS.Build = "14393." + pick(r, rev1607Exposed)
		case hostUnknown:
			h.OS.Build = "14393"
		default:
			h.OS.Build = "14393." + pick(r, rev1607Fixed)
		}
	case win7, server2008R2:
		h.OS = inventory.OS{Name: "Microsoft Windows 7 Enterprise", Version: "6.1", Build: "7601"}
		if k == server2008R2 {
			h.OS.Name = "Microsoft Windows Server 2008 R2 Enterprise"
		}
		h.Updates = pickN(win7Other, 1+r.IntN(3))
		if st != hostExposed {
			h.Updates = append(h.Updates, pick(r, win7Fixes))
		}
	case server2012R2:
		h.OS = inventory.OS{Name: "Microsoft Windows Server 2012 R2 Standard", Version: "6.3", Build: "9600"}
		h.Updates = pickN(server2012Other, 1+r.IntN(2))
		if st != hostExposed {
			h.Updates = append(h.Updates, pick(r, server2012Fixes))
		}
	case winXP, server2003:
		h.OS = inventory.OS{Name: "Microsoft Windows XP Professional", Version: "5.1", Build: "2600"}
		if k == server2003 {
			h.OS = inventory.OS{Name: "Microsoft Windows Server 2003 Standard Edition", Version: "5.2", Build: "3790"}
		}
		h.Updates = pickN(xpOther, 1+r.IntN(2))
		if st != hostExposed {
			h.Updates = append(h.Updates, "KB4012598")
		}
	case debian:
		h.OS = inventory.OS{Name: "Debian GNU/Linux", Version: "12"}
		h.Software = g.packages(debianPackages, 10+r.IntN(7))
		return h
	case rhel:
		h.OS = inventory.OS{Name: "Red Hat Enterprise Linux", Version: "9.4"}
		h.Software = g.packages(rhelPackages, 10+r.IntN(7))
		return h
	case ubuntu:
		h.OS = inventory.OS{Name: "Ubuntu", Version: "22.04"}
		h.Software = g.packages(ubuntuPackages, 10+r.IntN(7))
		return h
	}
	old := k == winXP || k == server2003 || k == win7 || k == server2008R2
	catalogue := desktopSoftware
	if k.server() {
		catalogue = serverSoftware
	}
	for _, i := range r.Perm(len(catalogue))[:min(len(catalogue), 8+r.IntN(7))] {
		h.Software = append(h.Software, catalogue[i].item(r, old))
	}
	return h
}

// software is a Windows program the estate may have: newer versions on
// current Windows, older ones on Windows 7 and XP.
type software struct {
	name, vendor string
	cpe          string // "vendor:product" for a CPE 2.3 name, or ""
	current, old []string
}

func (s software) item(r *rand.Rand, old bool) inventory.Item {
	versions := s.current
	if old && len(s.old) > 0 {
		versions = s.old
	}
	it := inventory.Item{Name: s.name, Vendor: s.vendor, Version: pick(r, versions)}
	if s.cpe != "" {
		it.CPE = "cpe:2.3:a:" + s.cpe + ":" + it.Version + ":*:*:*:*:*:*:*"
	}
	return it
}

var desktopSoftware = []software{
	{"Google Chrome", "Google LLC", "google:chrome", []string{"124.0.6367.91", "126.0.6478.127", "127.0.6533.89"}, []string{"58.0.3029.110", "109.0.5414.120"}},
	{"Mozilla Firefox ESR", "Mozilla", "mozilla:firefox_esr", []string{"115.10.0", "115.12.0", "128.1.0"}, []string{"45.9.0", "52.1.0"}},
	{"Mozilla Firefox", "Mozilla", "mozilla:firefox", []string{"125.0.3", "127.0.2"}, []string{"50.0.2", "53.0.2"}},
	{"Microsoft Edge", "Microsoft Corporation", "", []string{"124.0.2478.80", "126.0.2592.87"}, []string{"109.0.1518.140"}},
	{"7-Zip 23.01 (x64)", "Igor Pavlov", "", []string{"23.01", "24.07"}, []string{"9.20", "16.04"}},
	{"Microsoft Office Professional Plus 2016", "Microsoft Corporation", "", []string{"16.0.4266.1001"}, []string{"16.0.4266.1001"}},
	{"Microsoft Office Professional Plus 2010", "Microsoft Corporation", "", []string{"14.0.7015.1000"}, []string{"14.0.7015.1000", "14.0.4763.1000"}},
	{"Java 8 Update 411", "Oracle Corporation", "oracle:jre", []string{"8.0.4110.9"}, []string{"8.0.1310.11", "8.0.1210.13"}},
	{"Adobe Acrobat Reader", "Adobe", "adobe:acrobat_reader_dc", []string{"24.002.20857", "23.008.20470"}, []string{"17.009.20044", "15.023.20070"}},
	{"Notepad++ (64-bit x64)", "Notepad++ Team", "", []string{"8.6.2", "8.6.9"}, []string{"7.3.3"}},
	{"VLC media player", "VideoLAN", "videolan:vlc_media_player", []string{"3.0.20", "3.0.21"}, []string{"2.2.4"}},
	{"Citrix Workspace 2309", "Citrix Systems, Inc.", "", []string{"23.9.1.104", "24.2.0.172"}, []string{"19.12.0.119"}},
	{"Cisco Secure Client - AnyConnect VPN", "Cisco Systems, Inc.", "", []string{"5.1.2.42"}, []string{"4.4.01054"}},
	{"Sophos Endpoint Agent", "Sophos Limited", "", []string{"2023.2.0.61", "2024.1.1.3"}, []string{"10.8.1"}},
	{"Microsoft Teams", "Microsoft Corporation", "", []string{"24124.2315.2911.3357"}, []string{"1.6.00.4472"}},
	{"Zoom Workplace", "Zoom Video Communications, Inc.", "zoom:zoom", []string{"6.0.11", "6.1.1"}, []string{"5.16.10"}},
	{"PuTTY release 0.81 (64-bit)", "Simon Tatham", "putty:putty", []string{"0.81"}, []string{"0.70", "0.67"}},
	{"Microsoft Visual C++ 2015-2022 Redistributable (x64)", "Microsoft Corporation", "", []string{"14.38.33130.0", "14.40.33810.0"}, []string{"14.0.24215.1"}},
	{"EMIS Web", "EMIS Health", "", []string{"9.13.0", "9.14.2"}, []string{"8.2.0"}},
	{"SystmOne", "The Phoenix Partnership", "", []string{"50.3.0", "51.0.4"}, []string{"43.1.0"}},
	{"Dragon Medical One", "Nuance Communications", "", []string{"2023.4.1"}, []string{"3.3.9"}},
}

var serverSoftware = []software{
	{"Microsoft SQL Server 2016 (64-bit)", "Microsoft Corporation", "microsoft:sql_server", []string{"13.0.7029.3"}, []string{"10.50.6000.34"}},
	{"Microsoft .NET Framework 4.8", "Microsoft Corporation", "microsoft:.net_framework", []string{"4.8.04084"}, []string{"4.6.01590"}},
	{"Veeam Agent for Microsoft Windows", "Veeam Software Group GmbH", "", []string{"6.1.2.134"}, []string{"2.0.0.700"}},
	{"Sophos Endpoint Agent", "Sophos Limited", "", []string{"2023.2.0.61"}, []string{"10.8.1"}},
	{"7-Zip 23.01 (x64)", "Igor Pavlov", "", []string{"23.01"}, []string{"9.20"}},
	{"Notepad++ (64-bit x64)", "Notepad++ Team", "", []string{"8.6.2"}, []string{"6.9.2"}},
	{"Google Chrome", "Google LLC", "google:chrome", []string{"124.0.6367.91"}, []string{"58.0.3029.110"}},
	{"Java 8 Update 411", "Oracle Corporation", "oracle:jre", []string{"8.0.4110.9"}, []string{"8.0.1310.11"}},
	{"Apache Tomcat 9.0", "The Apache Software Foundation", "apache:tomcat", []string{"9.0.87"}, []string{"7.0.76"}},
	{"PuTTY release 0.81 (64-bit)", "Simon Tatham", "putty:putty", []string{"0.81"}, []string{"0.67"}},
	{"Microsoft Visual C++ 2015-2022 Redistributable (x64)", "Microsoft Corporation", "", []string{"14.38.33130.0"}, []string{"14.0.24215.1"}},
	{"Citrix Virtual Delivery Agent 2203", "Citrix Systems, Inc.", "", []string{"2203.0.4000.4009"}, []string{"7.6.300"}},
	{"SolarWinds Agent", "SolarWinds", "", []string{"2024.1.0.1035"}, []string{"1.6.0"}},
	{"Windows Admin Center", "Microsoft Corporation", "", []string{"2.2.2311.29003"}, []string{"1.1.1807.26002"}},
}

// Linux packages by package URL; each entry lists versions to choose from.
var (
	debianPackages = [][]string{
		{"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64", "pkg:deb/debian/openssl@3.0.13-1~deb12u1?arch=amd64"},
		{"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64", "pkg:deb/debian/libssl3@3.0.13-1~deb12u1?arch=amd64"},
		{"pkg:deb/debian/openssh-server@1:9.2p1-2+deb12u2?arch=amd64", "pkg:deb/debian/openssh-server@1:9.2p1-2+deb12u3?arch=amd64"},
		{"pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64"},
		{"pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64", "pkg:deb/debian/libc6@2.36-9+deb12u7?arch=amd64"},
		{"pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64", "pkg:deb/debian/curl@7.88.1-10+deb12u6?arch=amd64"},
		{"pkg:deb/debian/samba@2:4.17.12+dfsg-0+deb12u1?arch=amd64"},
		{"pkg:deb/debian/nginx@1.22.1-9?arch=amd64"},
		{"pkg:deb/debian/sudo@1.9.13p3-1+deb12u1?arch=amd64"},
		{"pkg:deb/debian/systemd@252.22-1~deb12u1?arch=amd64", "pkg:deb/debian/systemd@252.26-1~deb12u2?arch=amd64"},
		{"pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64"},
		{"pkg:deb/debian/python3.11@3.11.2-6?arch=amd64", "pkg:deb/debian/python3.11@3.11.2-6+deb12u2?arch=amd64"},
		{"pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=all"},
		{"pkg:deb/debian/ca-certificates@20230311?arch=all"},
		{"pkg:deb/debian/postgresql-15@15.6-0+deb12u1?arch=amd64"},
		{"pkg:deb/debian/xz-utils@5.4.1-0.2?arch=amd64"},
		{"pkg:deb/debian/apache2@2.4.59-1~deb12u1?arch=amd64"},
	}
	ubuntuPackages = [][]string{
		{"pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.15?arch=amd64", "pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.16?arch=amd64"},
		{"pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64"},
		{"pkg:deb/ubuntu/openssh-server@1:8.9p1-3ubuntu0.7?arch=amd64", "pkg:deb/ubuntu/openssh-server@1:8.9p1-3ubuntu0.10?arch=amd64"},
		{"pkg:deb/ubuntu/bash@5.1-6ubuntu1.1?arch=amd64"},
		{"pkg:deb/ubuntu/libc6@2.35-0ubuntu3.6?arch=amd64", "pkg:deb/ubuntu/libc6@2.35-0ubuntu3.8?arch=amd64"},
		{"pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.16?arch=amd64"},
		{"pkg:deb/ubuntu/sudo@1.9.9-1ubuntu2.4?arch=amd64"},
		{"pkg:deb/ubuntu/systemd@249.11-0ubuntu3.12?arch=amd64"},
		{"pkg:deb/ubuntu/zlib1g@1:1.2.11.dfsg-2ubuntu9.2?arch=amd64"},
		{"pkg:deb/ubuntu/python3.10@3.10.12-1~22.04.3?arch=amd64"},
		{"pkg:deb/ubuntu/nginx@1.18.0-6ubuntu14.4?arch=amd64"},
		{"pkg:deb/ubuntu/docker.io@24.0.7-0ubuntu2~22.04.1?arch=amd64"},
		{"pkg:deb/ubuntu/xz-utils@5.2.5-2ubuntu1?arch=amd64"},
		{"pkg:deb/ubuntu/tzdata@2024a-0ubuntu0.22.04?arch=all"},
	}
	rhelPackages = [][]string{
		{"pkg:rpm/redhat/openssl@3.0.7-27.el9?arch=x86_64&epoch=1", "pkg:rpm/redhat/openssl@3.0.7-28.el9_4?arch=x86_64&epoch=1"},
		{"pkg:rpm/redhat/openssh-server@8.7p1-38.el9?arch=x86_64"},
		{"pkg:rpm/redhat/bash@5.1.8-9.el9?arch=x86_64"},
		{"pkg:rpm/redhat/glibc@2.34-100.el9?arch=x86_64", "pkg:rpm/redhat/glibc@2.34-100.el9_4.2?arch=x86_64"},
		{"pkg:rpm/redhat/curl@7.76.1-29.el9_4?arch=x86_64"},
		{"pkg:rpm/redhat/samba@4.19.4-105.el9_4?arch=x86_64"},
		{"pkg:rpm/redhat/httpd@2.4.57-8.el9?arch=x86_64"},
		{"pkg:rpm/redhat/sudo@1.9.5p2-10.el9_3?arch=x86_64"},
		{"pkg:rpm/redhat/systemd@252-32.el9_4?arch=x86_64"},
		{"pkg:rpm/redhat/zlib@1.2.11-40.el9?arch=x86_64"},
		{"pkg:rpm/redhat/postgresql-server@13.14-1.el9_3?arch=x86_64"},
		{"pkg:rpm/redhat/kernel@5.14.0-427.13.1.el9_4?arch=x86_64"},
		{"pkg:rpm/redhat/python3@3.9.18-3.el9?arch=x86_64"},
		{"pkg:rpm/redhat/xz@5.2.5-8.el9_0?arch=x86_64"},
	}
)

// packages draws n of a distribution's packages, each at one of its
// versions.
func (g *generator) packages(list [][]string, n int) []inventory.Item {
	var out []inventory.Item
	for _, i := range g.erng.Perm(len(list))[:min(n, len(list))] {
		out = append(out, inventory.Item{PURL: pick(g.erng, list[i])})
	}
	return out
}

// encodeInventory writes hosts as a responder would send them: what
// `rollcall collect` writes, or the Rollcall CSV a spreadsheet or a
// management tool's export gives.
func encodeInventory(source string, hosts []inventory.Host) ([]byte, error) {
	var buf bytes.Buffer
	if source != "csv" {
		err := inventory.WriteJSON(&buf, &inventory.Snapshot{Source: source, Hosts: hosts})
		return buf.Bytes(), err
	}
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"host", "os_name", "os_version", "os_build", "updates", "software_name", "software_vendor", "software_version", "purl", "cpe"})
	for _, h := range hosts {
		_ = w.Write([]string{h.Name, h.OS.Name, h.OS.Version, h.OS.Build, strings.Join(h.Updates, ";"), "", "", "", "", ""})
		for _, it := range h.Software {
			_ = w.Write([]string{h.Name, "", "", "", "", it.Name, it.Vendor, it.Version, it.PURL, it.CPE})
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
