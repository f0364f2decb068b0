package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"strings"

	"rollcall"
	"rollcall/service"
)

// regionDef is one of NHS England's seven regions with the number of
// bodies of each kind the demo gives it, roughly in proportion to the real
// ones (about 130 acute trusts, 50 mental health trusts, 42 commissioning
// bodies). The codes are the regions' own ODS codes.
type regionDef struct {
	Code, Name      string
	Acute           int
	MentalHealth    int
	Community       int
	Commissioning   int
	SupportUnits    int
	TraumaCentres   int
	PracticeShare   float64 // of all GP practices
	PracticeLetter  byte    // first letter of its practices' codes
	CoordinatorMail string
}

var regionDefs = []regionDef{
	{"Y56", "London", 18, 7, 3, 5, 2, 4, 0.17, 'F', "coordinator.london"},
	{"Y59", "South East", 18, 7, 3, 6, 2, 3, 0.15, 'H', "coordinator.south-east"},
	{"Y58", "South West", 13, 5, 2, 7, 1, 3, 0.11, 'L', "coordinator.south-west"},
	{"Y61", "East of England", 15, 6, 2, 6, 1, 2, 0.12, 'D', "coordinator.east"},
	{"Y60", "Midlands", 24, 9, 2, 11, 2, 4, 0.19, 'C', "coordinator.midlands"},
	{"Y62", "North West", 20, 8, 2, 3, 1, 3, 0.14, 'P', "coordinator.north-west"},
	{"Y63", "North East and Yorkshire", 22, 8, 2, 4, 2, 3, 0.12, 'B', "coordinator.north-east"},
}

// region is a region as made, with what the demo needs to remember of it.
type region struct {
	rollcall.Region
	def          regionDef
	towns        []string
	supportUnits []*org
	practices    []*org
}

// diligence is how an organisation tends to treat alerts: the same bodies
// are prompt, or late, alert after alert, as on real roll calls.
type diligence int

const (
	prompt diligence = iota
	ordinary
	slow
	lax
)

// org is an organisation as made, with its people and habits.
type org struct {
	rollcall.Organisation
	region    *region
	town      string
	diligence diligence
	responder *rollcall.Actor // nil for practices answered only by their support unit
	lead      *rollcall.Actor // the data-security lead; nil for practices
	agent     *org            // the support unit that answers for a practice
	practices []*org          // the practices a support unit answers for
}

// buildDirectory makes the regions, organisations, delegations and people.
func (g *generator) buildDirectory(ctx context.Context) error {
	g.operator = service.Operator()
	for _, def := range regionDefs {
		r := &region{Region: rollcall.Region{Code: def.Code, Name: def.Name}, def: def}
		if err := g.svc.CreateRegion(ctx, g.operator, &r.Region); err != nil {
			return err
		}
		g.regions = append(g.regions, r)
	}
	analyst, err := g.createCentreStaff(ctx)
	if err != nil {
		return err
	}
	if g.analyst, err = g.svc.ActorFor(ctx, analyst.ID); err != nil {
		return err
	}
	g.planOrganisations()
	if err := g.importOrganisations(ctx); err != nil {
		return err
	}
	if err := g.delegatePractices(ctx); err != nil {
		return err
	}
	if err := g.createOrganisationStaff(ctx); err != nil {
		return err
	}
	g.result.Regions, g.result.Organisations = len(g.regions), len(g.orgs)
	return g.addPrintedAccounts()
}

// planOrganisations names every organisation and draws its habits; nothing
// is saved yet.
func (g *generator) planOrganisations() {
	n := g.names
	for _, r := range g.regions {
		d := r.def
		practices := int(math.Round(float64(g.opts.Practices) * d.PracticeShare))
		towns := d.Acute + d.MentalHealth + d.Community + d.Commissioning + d.SupportUnits + practices/6 + 4
		for range towns {
			r.towns = append(r.towns, n.place())
		}
		t := 0
		nextTown := func() string { t++; return r.towns[(t-1)%len(r.towns)] }
		add := func(typ rollcall.OrgType, code, name, town string) *org {
			o := &org{Organisation: rollcall.Organisation{Code: code, Name: name, Type: typ, RegionID: r.ID}, region: r, town: town}
			o.diligence = g.drawDiligence()
			g.orgs = append(g.orgs, o)
			g.byCode[code] = o
			return o
		}
		for i := range d.Acute {
			town := nextTown()
			o := add(rollcall.OrgAcuteTrust, n.trustCode(), n.acuteTrust(town), town)
			if i < d.TraumaCentres {
				o.Flags = []string{rollcall.FlagMajorTraumaCentre}
			}
		}
		add(rollcall.OrgAmbulanceTrust, n.trustCode(), d.Name+" Emergency Ambulance Service NHS Trust", r.towns[0])
		for range d.MentalHealth {
			town := nextTown()
			add(rollcall.OrgMentalHealthTrust, n.trustCode(), n.mentalHealthTrust(town), town)
		}
		for range d.Community {
			town := nextTown()
			add(rollcall.OrgCommunityProvider, n.trustCode(), n.communityProvider(town), town)
		}
		for range d.Commissioning {
			town := nextTown()
			add(rollcall.OrgCommissioningBody, n.commissioningCode(), n.commissioningBody(town), town)
		}
		for range d.SupportUnits {
			town := nextTown()
			r.supportUnits = append(r.supportUnits, add(rollcall.OrgSupportUnit, n.supportUnitCode(), n.supportUnit(town), town))
		}
		for i := range practices {
			town := r.towns[g.names.rng.IntN(len(r.towns))]
			p := add(rollcall.OrgGPPractice, n.practiceCode(d.PracticeLetter), n.practice(town), town)
			// Each support unit looks after the practices of its part of
			// the region.
			p.agent = r.supportUnits[i*len(r.supportUnits)/max(practices, 1)]
			p.agent.practices = append(p.agent.practices, p)
			r.practices = append(r.practices, p)
		}
	}
	london := g.regions[0]
	for _, o := range g.orgs {
		if o.region == london && o.Type == rollcall.OrgAcuteTrust && o.HasFlag(rollcall.FlagMajorTraumaCentre) {
			g.namedTrust = o
			break
		}
	}
	g.namedSupportUnit = london.supportUnits[0]
	g.namedTrust.diligence, g.namedSupportUnit.diligence = ordinary, ordinary
}

func (g *generator) drawDiligence() diligence {
	switch x := g.rng.Float64(); {
	case x < 0.30:
		return prompt
	case x < 0.75:
		return ordinary
	case x < 0.92:
		return slow
	}
	return lax
}

// importOrganisations saves the organisations through the service's CSV
// import, as a centre would load its directory, then reads back their IDs.
func (g *generator) importOrganisations(ctx context.Context) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(service.OrganisationCSVColumns)
	for _, o := range g.orgs {
		_ = w.Write([]string{o.Code, o.Name, string(o.Type), o.region.Code, strings.Join(o.Flags, ";")})
	}
	w.Flush()
	if _, _, err := g.svc.ImportOrganisationsCSV(ctx, g.analyst, &buf); err != nil {
		return err
	}
	for offset := 0; ; offset += 500 {
		page, total, err := g.svc.ListOrganisations(ctx, g.analyst, rollcall.OrgFilter{Limit: 500, Offset: offset})
		if err != nil {
			return err
		}
		for _, saved := range page {
			if o := g.byCode[saved.Code]; o != nil {
				o.Organisation = saved
			}
		}
		if offset+len(page) >= total || len(page) == 0 {
			break
		}
	}
	for _, o := range g.orgs {
		if o.ID == 0 {
			return fmt.Errorf("organisation %s was not saved", o.Code)
		}
	}
	return nil
}

func (g *generator) delegatePractices(ctx context.Context) error {
	for _, o := range g.orgs {
		if o.agent == nil {
			continue
		}
		d := &rollcall.Delegation{AgentOrgID: o.agent.ID, OrgID: o.ID, Note: "GP IT support contract: " + o.agent.Name + " answers alerts for the practice."}
		if err := g.svc.AddDelegation(ctx, g.analyst, d); err != nil {
			return err
		}
	}
	return nil
}
