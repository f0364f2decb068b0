package main

import (
	"context"
	"encoding/json"
	"fmt"

	"rollcall/exposure/synthetic"
)

const benchUsage = `
Usage: rollcall bench SUBCOMMAND [flags]

Measures Rollcall on synthetic data, on this machine.
`

func runBench(ctx context.Context, e *env, args []string) error {
	return runSubcommand(ctx, e, "bench", benchUsage, []subcommand{
		{"exposure", "the exposure matcher over a synthetic national estate", runBenchExposure},
	}, args)
}

const benchExposureUsage = `
Usage: rollcall bench exposure [--orgs N] [--hosts N] [--items N] [--seed S]

Generates a synthetic national estate (its distribution is described in
exposure/synthetic/ESTATE.md), ingests it into the exposure matcher and measures:
ingest speed, the matcher's memory, one alert's exposure (median and 90th
percentile, warm) beside a brute-force scan of every row (which must agree
exactly), and re-matching 5,000 advisories against the whole estate.

The defaults are the nation: 20,000 organisations, 2,000,000 hosts, 150
software items each (300 million rows); that takes between two and three
minutes on two cores and about 6.5 GB of memory at its peak (the matcher
itself holds about 0.7 GiB; the rest is the generator's garbage and the
1.2 GB flat array the brute-force reference scans). It prints a summary and, as its last line, one
JSON object with the figures.
`

func runBenchExposure(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("bench exposure")
	orgs := fs.Int("orgs", 20000, "organisations")
	hosts := fs.Int("hosts", 2000000, "hosts (endpoints) across the organisations")
	items := fs.Int("items", 150, "software items per host, on average")
	seed := fs.Uint64("seed", 1, "the seed the estate and the advisories derive from")
	rest, err := parseFlags(e, fs, benchExposureUsage, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError{"bench exposure", fmt.Sprintf("unexpected argument %q", rest[0])}
	case *orgs < 1 || *hosts < *orgs || *items < 1:
		return usageError{"bench exposure", "give at least one organisation, at least as many hosts as organisations, and at least one item per host"}
	}
	fmt.Fprintf(e.stderr, "Generating %d hosts in %d organisations with about %d items each, and measuring…\n", *hosts, *orgs, *items)
	r := synthetic.Bench(synthetic.BenchOptions{Orgs: *orgs, Hosts: *hosts, ItemsPerHost: *items, Seed: *seed})
	w := e.stdout
	fmt.Fprintf(w, "Estate: %d organisations, %d hosts, %d rows, %d products, %d product-versions.\n",
		r.Orgs, r.Hosts, r.Rows, r.Products, r.ProductVersions)
	fmt.Fprintf(w, "Ingest: %.2f million rows/s inside the matcher (%.1f s generating and ingesting).\n", r.IngestRowsPerS/1e6, r.GenerateIngestS)
	fmt.Fprintf(w, "Matcher memory: %.0f MiB (bitmaps %.0f MiB).\n", float64(r.MatcherBytes)/(1<<20), float64(r.BitmapBytes)/(1<<20))
	fmt.Fprintf(w, "One alert, warm: median %.2f ms, 90th percentile %.2f ms, slowest %.2f ms (first match: median %.2f ms).\n",
		r.AlertMedianMS, r.AlertP90MS, r.AlertMaxMS, r.AlertColdMedianMS)
	fmt.Fprintf(w, "Brute-force scan of every row: median %.1f ms over %d alerts; mismatches with the index: %d.\n",
		r.BruteforceMedianMS, r.BruteforceAlerts, r.Mismatches)
	fmt.Fprintf(w, "Re-matching %d advisories against the whole estate: %.2f s.\n", r.RematchAdvisories, r.RematchAllS)
	fmt.Fprintf(w, "Replacing 1,000 hosts' inventory: %.0f ms (slowest alert meanwhile %.0f ms).\n", r.ReplaceMS, r.AlertDuringReplaceMaxMS)
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, string(b))
	if r.Mismatches > 0 {
		return fmt.Errorf("the index and the brute-force scan disagreed on %d alerts", r.Mismatches)
	}
	return nil
}
