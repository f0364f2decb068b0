package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"rollcall"
	"rollcall/service"
)

const exposureUsage = `
Usage: rollcall exposure SUBCOMMAND [flags]

Matches what the centre knows against the saved inventories, as the
operator.
`

func runExposure(ctx context.Context, e *env, args []string) error {
	return runSubcommand(ctx, e, "exposure", exposureUsage, []subcommand{
		{"advisories", "match the advisory library against the whole estate", runExposureAdvisories},
		{"draft-alerts", "draft alerts for exploited vulnerabilities present in the estate", runExposureDraftAlerts},
	}, args)
}

const exposureDraftAlertsUsage = `
Usage: rollcall exposure draft-alerts --db DSN

Applies the library's triage rule: a vulnerability in the Known Exploited
Vulnerabilities catalogue with known ransomware use, which another advisory
of the library (OSV, CSAF) shows affecting hosts in the estate, becomes a
draft high-severity alert for an analyst to review and publish. Advisories
already made into alerts are left alone, so it can run after every import.
Prints each draft made.
`

func runExposureDraftAlerts(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("exposure draft-alerts")
	dbf := addDBFlags(fs)
	rest, err := parseFlags(e, fs, exposureDraftAlertsUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"exposure draft-alerts", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	dsn, err := dbf.resolve("exposure draft-alerts", e.getenv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, dsn, false, "exposure draft-alerts")
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newService(db, rollcall.DefaultPolicy(), e)
	if _, err := svc.LoadExposure(ctx); err != nil {
		return err
	}
	drafts, err := svc.DraftAlertsForExploited(ctx, service.Operator())
	for _, d := range drafts {
		fmt.Fprintf(e.stdout, "Drafted alert %d from %s: %s\n", d.AlertID, d.Advisory, d.Reason)
	}
	if err != nil {
		return fmt.Errorf("%s", plain(err))
	}
	fmt.Fprintf(e.stdout, "%d draft alerts made.\n", len(drafts))
	return nil
}

const exposureAdvisoriesUsage = `
Usage: rollcall exposure advisories --db DSN [--source NAME] [--all] [--json]

Loads every saved inventory into the exposure matcher, as a server does at
start, then matches every advisory of the library (or of one --source, such
as osv) against the whole estate, and lists those that expose a host or
cannot be told, most hosts first. --all lists every advisory; --json prints
one JSON object instead of the table. An advisory whose ranges Rollcall
cannot read is listed with the reason, never counted as exposing nothing.
`

func runExposureAdvisories(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("exposure advisories")
	dbf := addDBFlags(fs)
	source := fs.String("source", "", "only advisories from this source (osv)")
	all := fs.Bool("all", false, "list advisories that expose nothing too")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseFlags(e, fs, exposureAdvisoriesUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"exposure advisories", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	dsn, err := dbf.resolve("exposure advisories", e.getenv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, dsn, false, "exposure advisories")
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newService(db, rollcall.DefaultPolicy(), e)
	load, err := svc.LoadExposure(ctx)
	if err != nil {
		return err
	}
	res, err := svc.MatchAdvisories(ctx, service.Operator(), rollcall.AdvisoryFilter{Source: strings.TrimSpace(*source)}, *all)
	if err != nil {
		return fmt.Errorf("%s", plain(err))
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Hosts int `json:"hosts"`
			*service.AdvisoryMatch
		}{load.Hosts, res})
	}
	fmt.Fprintf(e.stdout, "Loaded %d hosts (%d software rows) in %s.\n", load.Hosts, load.Rows, load.Took.Round(1e6))
	fmt.Fprintf(e.stdout, "Matched %d advisories in %s: %d expose or may expose a host; %d could not be matched.\n",
		res.Advisories, res.Took.Round(1e5), res.Exposing, res.Unmatched)
	if len(res.Results) == 0 {
		return nil
	}
	fmt.Fprintf(e.stdout, "\n%-24s %8s %8s %6s  %s\n", "ADVISORY", "EXPOSED", "UNKNOWN", "ORGS", "SUMMARY")
	for _, r := range res.Results {
		summary := r.Summary
		if r.Problem != "" {
			summary = "cannot match: " + r.Problem
		}
		if len(summary) > 80 {
			summary = summary[:77] + "..."
		}
		fmt.Fprintf(e.stdout, "%-24s %8d %8d %6d  %s\n", r.SourceID, r.Exposed, r.Unknown, r.Orgs, summary)
	}
	return nil
}
