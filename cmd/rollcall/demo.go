package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"rollcall"
	"rollcall/demo"
	"rollcall/server"
	"rollcall/service"
	"rollcall/sqlstore"
)

const demoUsage = `
Usage: rollcall demo [--addr HOST:PORT] [--data DIR] [--all-practices] [--seed N] [--reset]

Makes a demonstration federation — England's NHS in the days after the
WannaCry ransomware attack, with invented organisations and people — in a
SQLite database in DIR, and serves it. It prints the address and the demo
accounts to sign in as.

The federation is kept in DIR between runs and served again as it is; the
clocks go on running, so answers fall further overdue. --reset makes a new
one. The same --seed always makes the same federation.
`

// demoMeta is the file beside the demo database that records what was
// made, so that a later run can print the accounts again. It is written
// last: a database without it is an unfinished demo.
const demoMeta = "demo.json"

func runDemo(ctx context.Context, e *env, args []string) error {
	flags := newFlagSet("demo")
	addr := flags.String("addr", "127.0.0.1:8080", "the address to listen on")
	dir := flags.String("data", "rollcall-demo", "the directory for the demo's database, kept between runs")
	all := flags.Bool("all-practices", false, fmt.Sprintf("make about England's %d GP practices instead of %d (slower to make)", demo.AllPractices, demo.DefaultPractices))
	seed := flags.Uint64("seed", demo.DefaultSeed, "the seed the federation is made from")
	reset := flags.Bool("reset", false, "delete the demo in DIR and make a new one")
	rest, err := parseFlags(e, flags, demoUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"demo", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	log := newLogger(e)
	dbPath, metaPath := filepath.Join(*dir, dataFile), filepath.Join(*dir, demoMeta)
	if *reset {
		if err := removeDemo(dbPath, metaPath); err != nil {
			return err
		}
	}
	res, err := readDemoMeta(metaPath)
	if err != nil {
		return err
	}
	wantPractices := demo.DefaultPractices
	if *all {
		wantPractices = demo.AllPractices
	}
	// Flags that ask for another federation than the one kept make it
	// anew, saying so: serving the old one would answer a question that
	// was not asked.
	if res != nil {
		var differs []string
		if flagWasSet(flags, "seed") && *seed != res.Seed {
			differs = append(differs, fmt.Sprintf("seed %d, not %d", *seed, res.Seed))
		}
		if got := res.PracticesMade(); got != wantPractices {
			differs = append(differs, fmt.Sprintf("%d GP practices, not %d", wantPractices, got))
		}
		if len(differs) > 0 {
			fmt.Fprintf(e.stdout, "The demo in %s was made with other settings (these flags ask for %s): making it anew.\n",
				*dir, strings.Join(differs, "; "))
			if err := removeDemo(dbPath, metaPath); err != nil {
				return err
			}
			res = nil
		}
	}
	_, statErr := os.Stat(dbPath)
	dbExists := statErr == nil
	if dbExists && res == nil {
		return fmt.Errorf("%s holds a database that is not a finished demo; run again with --reset to make a new one", *dir)
	}

	db, err := openStore(ctx, dbPath, true, "demo")
	if err != nil {
		return err
	}
	defer db.Close()
	policy := rollcall.DefaultPolicy()
	if res == nil {
		fmt.Fprintf(e.stdout, "Making the demo federation in %s (seed %d); this takes about %s...\n", *dir, *seed, demoTakes(*all))
		start := time.Now()
		progress := func(step string) {
			fmt.Fprintf(e.stdout, "  %5.1fs  %s\n", time.Since(start).Seconds(), step)
		}
		res, err = generateDemo(ctx, db, policy, log, demo.Options{Seed: *seed, AllPractices: *all, Progress: progress})
		if err == nil {
			err = addDemoFeed(ctx, db, policy, log, *dir)
		}
		if err != nil {
			db.Close()
			for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
				os.Remove(p) // an unfinished demo is no use to the next run
			}
			return fmt.Errorf("make the demo: %w", err)
		}
		if err := writeDemoMeta(metaPath, res); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Made %d organisations in %d regions, %d people, and the inventories of %d hosts from %d organisations (%d of them stale) in %s.\n",
			res.Organisations, res.Regions, res.Users, res.Hosts, res.InventoryOrgs, res.StaleInventories, time.Since(start).Round(10*time.Millisecond))
	} else {
		fmt.Fprintf(e.stdout, "Serving the demo federation made on %s in %s (--reset makes a new one).\n",
			res.GeneratedAt.Format("2 January 2006 at 15:04 MST"), *dir)
	}

	svc := withFeeds(service.New(db, rollcall.SystemClock{}, policy, log))
	if feeds, err := filepath.Abs(filepath.Join(*dir, "feeds")); err == nil {
		svc.SetFeedRoots([]string{feeds})
	}
	printRollCall(ctx, e.stdout, svc, res)
	h := server.NewServer(svc, log, server.Options{Version: versionString(),
		Banner: "Demonstration: invented organisations and people, in the days after WannaCry. Enter nothing real."})
	return serveHTTP(ctx, log, *addr, h, svc, func(url string) { printAccounts(e.stdout, url, res) })
}

// removeDemo deletes a demo's database and the record of what it is.
func removeDemo(dbPath, metaPath string) error {
	for _, p := range []string{metaPath, dbPath, dbPath + "-wal", dbPath + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the old demo: %w", err)
		}
	}
	return nil
}

// demoTakes is how long making the demo takes on two cores, as people
// should expect it.
func demoTakes(all bool) string {
	if all {
		return "half a minute"
	}
	return "a few seconds"
}

// generateDemo makes the federation with a clock of its own, which it
// moves from weeks ago to now; the server then takes over with the real
// clock, from the moment the demo ends.
func generateDemo(ctx context.Context, db *sqlstore.DB, policy rollcall.Policy, log *slog.Logger, opts demo.Options) (*demo.Result, error) {
	clock := rollcall.NewFixedClock(time.Now())
	return demo.Generate(ctx, service.New(db, clock, policy, log), clock, opts)
}

// addDemoFeed adds a feed source reading the demo's copy of the KEV
// catalogue from a file in the demo's folder, and reads it once, so the
// feeds page shows a source with its run. (A real deployment reads CISA's
// address instead; see the README.)
func addDemoFeed(ctx context.Context, db *sqlstore.DB, policy rollcall.Policy, log *slog.Logger, dir string) error {
	data, err := demo.KEVCatalogue()
	if err != nil {
		return err
	}
	folder := filepath.Join(dir, "feeds")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	path := filepath.Join(folder, "known_exploited_vulnerabilities.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	svc := withFeeds(service.New(db, rollcall.SystemClock{}, policy, log))
	svc.SetFeedRoots([]string{filepath.Dir(abs)})
	src := &rollcall.Source{Name: "CISA Known Exploited Vulnerabilities (the demo's copy)", Kind: rollcall.SourceKEV,
		Location: abs, Enabled: true, Every: 24 * time.Hour}
	if err := svc.CreateSource(ctx, service.Operator(), src); err != nil {
		return err
	}
	_, err = svc.SyncDue(ctx)
	return err
}

func readDemoMeta(path string) (*demo.Result, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read the demo's record: %w", err)
	}
	var res demo.Result
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("%s is damaged (%v); run again with --reset", path, err)
	}
	return &res, nil
}

func writeDemoMeta(path string, res *demo.Result) error {
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	// The demo passwords are printed anyway; 0600 is habit.
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("write the demo's record: %w", err)
	}
	return nil
}

// printRollCall prints the WannaCry alert's roll call as it stands.
func printRollCall(ctx context.Context, w io.Writer, svc *service.Service, res *demo.Result) {
	u, err := svc.FindUserByEmail(ctx, service.Operator(), demo.AnalystEmail)
	if err != nil {
		return
	}
	actor, err := svc.ActorFor(ctx, u.ID)
	if err != nil {
		return
	}
	rc, err := svc.RollCall(ctx, actor, res.Alerts[demo.MS17010])
	if err != nil {
		return
	}
	t := rc.Tally
	fmt.Fprintf(w, "MS17-010 roll call now: %d organisations targeted, %d acknowledged (%d%%), %d overdue, %d patched, %d in progress.\n",
		t.Targeted, t.Acknowledged, rollcall.Percent(t.Acknowledged, t.Targeted), t.Overdue,
		t.ByState[rollcall.StatePatched], t.ByState[rollcall.StateInProgress])
}

// printAccounts prints where to go and whom to sign in as.
func printAccounts(w io.Writer, url string, res *demo.Result) {
	fmt.Fprintf(w, "\nRollcall demo: open %s and sign in as one of these.\n\n", url)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  email\tpassword\trole\twhat to look at")
	for _, a := range res.Accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.Email, a.Password, a.Role.Label(), a.Description)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nPress Ctrl+C to stop; the demo is kept for next time.")
}
