package synthetic

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"
)

// TestBench runs the whole benchmark on a small estate and checks that the
// indexed path agrees with the brute-force reference.
func TestBench(t *testing.T) {
	res := Bench(BenchOptions{Orgs: 50, Hosts: 5000, ItemsPerHost: 60, Seed: 7, Alerts: 40, Bruteforce: 40, Rematch: 200})
	if res.Mismatches != 0 {
		t.Errorf("got %d mismatches with the brute force, want 0", res.Mismatches)
	}
	if res.Hosts != 5000 || res.Rows < 5000*60 {
		t.Errorf("got %d hosts and %d rows, want 5000 and at least %d", res.Hosts, res.Rows, 5000*60)
	}
	if res.BruteforceAlerts != 40 {
		t.Errorf("got %d brute-force alerts, want 40", res.BruteforceAlerts)
	}
}

// BenchmarkNationalEstate runs Bench once at the size given by
// ROLLCALL_BENCH_HOSTS (and optionally _ORGS, _ITEMS, _SEED), reports its
// headline figures and logs the whole Result as JSON — the figures of
// `rollcall bench exposure` until the command is wired:
//
//	ROLLCALL_BENCH_HOSTS=2000000 go test ./exposure/ -run '^$' -bench NationalEstate -benchtime 1x -timeout 30m
func BenchmarkNationalEstate(b *testing.B) {
	hosts, _ := strconv.Atoi(os.Getenv("ROLLCALL_BENCH_HOSTS"))
	if hosts == 0 {
		b.Skip("set ROLLCALL_BENCH_HOSTS to run")
	}
	orgs, _ := strconv.Atoi(os.Getenv("ROLLCALL_BENCH_ORGS"))
	items, _ := strconv.Atoi(os.Getenv("ROLLCALL_BENCH_ITEMS"))
	seed, _ := strconv.ParseUint(os.Getenv("ROLLCALL_BENCH_SEED"), 10, 64)
	var res Result
	for b.Loop() {
		res = Bench(BenchOptions{Orgs: orgs, Hosts: hosts, ItemsPerHost: items, Seed: seed})
	}
	out, _ := json.Marshal(res)
	b.Log(string(out))
	if res.Mismatches != 0 {
		b.Errorf("got %d mismatches with the brute force, want 0", res.Mismatches)
	}
	b.ReportMetric(res.AlertMedianMS, "alert-median-ms")
	b.ReportMetric(res.AlertP90MS, "alert-p90-ms")
	b.ReportMetric(res.BruteforceMedianMS, "bruteforce-median-ms")
	b.ReportMetric(res.RematchAllS, "rematch-all-s")
	b.ReportMetric(res.IngestRowsPerS, "ingest-rows/s")
	b.ReportMetric(float64(res.MatcherBytes)/(1<<20), "matcher-MiB")
}
