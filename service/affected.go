package service

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"rollcall"
	"rollcall/exposure"
	"rollcall/version"
)

// matchPart is one affected product of an alert, compiled for the matcher
// and able to say why a host is or is not exposed by it.
type matchPart struct {
	adv   *exposure.Advisory
	label string
	// Software: the range. Windows: the entry and its fixing updates with
	// every later rollup that contains one.
	rng     version.Range
	windows *rollcall.AffectedWindows
	fixedBy []string
}

// compileAffected turns an alert's structured products into matcher
// advisories. A package URL, CPE or vers range Rollcall cannot read is a
// field error naming the entry.
func compileAffected(af rollcall.Affected, sup *rollcall.Supersedence) ([]*matchPart, error) {
	var parts []*matchPart
	for i, s := range af.Software {
		field := fmt.Sprintf("affected.software[%d]", i)
		key, err := exposure.ProductKey(s.Product)
		if err != nil {
			return nil, rollcall.FieldError(field+".product", "Software %d: %v.", i+1, err)
		}
		rng, err := version.ParseVers(s.Vers)
		if err != nil {
			return nil, rollcall.FieldError(field+".vers", "Software %d (%s): %s", i+1, s.Product, rollcall.ErrorMessage(err))
		}
		parts = append(parts, &matchPart{
			adv:   &exposure.Advisory{Product: key, Affected: rangePredicate(rng)},
			label: s.Product + " " + rng.String(),
			rng:   rng,
		})
	}
	for _, w := range poolByBuild(af.Windows) {
		fixed := sup.Expand(w.FixedBy)
		parts = append(parts, &matchPart{
			adv: &exposure.Advisory{
				Product:      exposure.WindowsProduct,
				Affected:     exposure.WindowsBuilds([]exposure.WindowsFix{{Build: w.Build, FixedRevision: w.FixedRevision}}),
				FixedBy:      fixed,
				NeedsUpdates: w.FixedRevision == 0,
			},
			label:   w.Name + " (" + w.Build + ")",
			windows: w,
			fixedBy: fixed,
		})
	}
	return parts, nil
}

// poolByBuild merges the entries that share an NT build. An inventory
// tells Windows releases apart by build, and a client and a server release
// often share one (6.2.9200 is Windows 8 and Server 2012, fixed by
// different updates): matched apart, a Server 2012 host with its own fix
// would be exposed by the Windows 8 entry for lacking Windows 8's. Pooled,
// any update either entry names fixes a host of the build; where the
// entries give different fixed revisions the higher is kept, so a host is
// never cleared by the laxer one.
func poolByBuild(ws []rollcall.AffectedWindows) []*rollcall.AffectedWindows {
	var out []*rollcall.AffectedWindows
	byBuild := map[string]*rollcall.AffectedWindows{}
	for _, w := range ws {
		p, ok := byBuild[w.Build]
		if !ok {
			p = &rollcall.AffectedWindows{Name: w.Name, Build: w.Build, FixedRevision: w.FixedRevision}
			byBuild[w.Build] = p
			out = append(out, p)
		} else {
			if !strings.Contains(p.Name, w.Name) {
				p.Name += " / " + w.Name
			}
			p.FixedRevision = max(p.FixedRevision, w.FixedRevision)
		}
		for _, kb := range w.FixedBy {
			if !slices.Contains(p.FixedBy, kb) {
				p.FixedBy = append(p.FixedBy, kb)
			}
		}
	}
	return out
}

// rangePredicate is the matcher's predicate for a vers range: a version
// the range's scheme cannot read is Unknown, never safe.
func rangePredicate(r version.Range) exposure.Predicate {
	return func(v string) exposure.Verdict {
		switch r.Contains(v) {
		case version.Affected:
			return exposure.Affected
		case version.NotAffected:
			return exposure.NotAffected
		}
		return exposure.Unknown
	}
}

// explain decides whether one host is exposed by the part, from the
// host's own rows, and says why in words.
func (p *matchPart) explain(items []rollcall.ProductVersion) (exposure.Verdict, string) {
	if p.windows != nil {
		return p.explainWindows(items)
	}
	verdict, why := exposure.NotAffected, ""
	for _, it := range items {
		if it.Product != p.adv.Product {
			continue
		}
		var v version.Verdict
		var reason string
		if it.Version == "" {
			v, reason = version.Unknown, "no version recorded"
		} else {
			v, reason = p.rng.Explain(it.Version)
		}
		switch {
		case v == version.Affected:
			return exposure.Affected, fmt.Sprintf("%s %s: %s", it.Product, it.Version, reason)
		case v == version.Unknown && verdict != exposure.Unknown:
			verdict, why = exposure.Unknown, fmt.Sprintf("%s %s: %s, so Rollcall cannot tell whether it is in %s", it.Product, orNone(it.Version), reason, p.rng)
		}
	}
	return verdict, why
}

func (p *matchPart) explainWindows(items []rollcall.ProductVersion) (exposure.Verdict, string) {
	w := p.windows
	var build string
	installed := map[string]bool{}
	for _, it := range items {
		switch it.Product {
		case exposure.WindowsProduct:
			build = it.Version
		case exposure.KBProduct:
			installed[it.Version] = true
		}
	}
	if build == "" {
		return exposure.NotAffected, ""
	}
	for _, kb := range p.fixedBy {
		if installed[kb] {
			return exposure.NotAffected, fmt.Sprintf("%s has %s installed", w.Name, kb)
		}
	}
	switch p.adv.Affected(build) {
	case exposure.Affected:
		if w.FixedRevision == 0 && len(installed) == 0 {
			return exposure.Unknown, fmt.Sprintf("%s build %s was sent without its installed updates, so Rollcall cannot tell whether it has %s", w.Name, build, kbList(p.fixedBy))
		}
		if w.FixedRevision > 0 {
			return exposure.Affected, fmt.Sprintf("%s build %s is below %s.%d, the first build with the fix", w.Name, build, w.Build, w.FixedRevision)
		}
		return exposure.Affected, fmt.Sprintf("%s build %s has none of the updates that fix it: %s", w.Name, build, kbList(p.fixedBy))
	case exposure.Unknown:
		if strings.Count(build, ".") == 2 && build == w.Build {
			return exposure.Unknown, fmt.Sprintf("%s build %s was sent without its revision, so Rollcall cannot tell whether it is %s.%d or later", w.Name, build, w.Build, w.FixedRevision)
		}
		return exposure.Unknown, fmt.Sprintf("Windows version %q is not an NT build Rollcall can compare", build)
	}
	return exposure.NotAffected, ""
}

// kbList writes the fixing updates, the first few in full.
func kbList(kbs []string) string {
	const show = 4
	if len(kbs) <= show {
		return strings.Join(kbs, ", ")
	}
	return strings.Join(kbs[:show], ", ") + " or " + strconv.Itoa(len(kbs)-show) + " later updates"
}

func orNone(v string) string {
	if v == "" {
		return "(no version)"
	}
	return v
}

// HostExposure is one host's exposure to an alert, with the reasons.
type HostExposure struct {
	Host    rollcall.InventoryHost `json:"host"`
	Verdict string                 `json:"verdict"` // "exposed" or "unknown"
	Reasons []string               `json:"reasons"`
	// Fresh is whether the host's snapshot is within the policy's
	// freshness window, and so counts as evidence.
	Fresh bool `json:"fresh"`
}

// explainHost combines the parts: exposed when any part says so, with
// every exposing reason; else unknown with the reasons it cannot tell.
func explainHost(parts []*matchPart, h rollcall.InventoryHost) (exposure.Verdict, []string) {
	var exposed, unknown []string
	for _, p := range parts {
		switch v, why := p.explain(h.Items); v {
		case exposure.Affected:
			exposed = append(exposed, why)
		case exposure.Unknown:
			unknown = append(unknown, why)
		}
	}
	if len(exposed) > 0 {
		return exposure.Affected, exposed
	}
	if len(unknown) > 0 {
		return exposure.Unknown, unknown
	}
	return exposure.NotAffected, nil
}

// compiledAlert is an alert's parts, compiled once per change of the
// alert so the matcher's per-version verdict caches are reused (a warm
// match costs milliseconds; a cold one evaluates every version).
type compiledAlert struct {
	text  string // the Affected it was compiled from, as text
	parts []*matchPart
	advs  []*exposure.Advisory
}

// compiledCache holds compiled alerts by id.
type compiledCache struct {
	mu     sync.Mutex
	alerts map[int64]*compiledAlert
}

// compiled returns a's compiled parts, compiling them if its affected
// products changed. The products themselves are the key, not the alert's
// time: a revision being made has no time of its own yet.
func (s *Exposure) compiled(a *rollcall.Alert) (*compiledAlert, error) {
	c := &s.compiledAlerts
	text := a.Affected.String()
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, ok := c.alerts[a.ID]; ok && got.text == text {
		return got, nil
	}
	parts, err := compileAffected(a.Affected, rollcall.DefaultSupersedence)
	if err != nil {
		return nil, err
	}
	ca := &compiledAlert{text: text, parts: parts}
	for _, p := range parts {
		ca.advs = append(ca.advs, p.adv)
	}
	if c.alerts == nil {
		c.alerts = map[int64]*compiledAlert{}
	}
	if len(c.alerts) > 1000 {
		clear(c.alerts) // old alerts are rarely matched; start again
	}
	c.alerts[a.ID] = ca
	return ca, nil
}

// sortHostExposures puts exposed hosts first, then by name.
func sortHostExposures(hs []HostExposure) {
	slices.SortStableFunc(hs, func(a, b HostExposure) int {
		if a.Verdict != b.Verdict {
			if a.Verdict == "exposed" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Host.Name, b.Host.Name)
	})
}
