package service_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"rollcall"
	"rollcall/service"
)

// BenchmarkNationalExposure measures the centre's exposure pages end to
// end through the service, on SQLite: an MS17-010-like alert published to
// 20,000 organisations, matched against the generator's estate. One op of
// "alert" is the national exposure with claims against observations per
// organisation and region; "organisation" is the largest exposed
// organisation's hosts with their reasons; "end-of-life" the national
// end-of-life counts. 100,000 hosts of 30 rows unless
// ROLLCALL_BENCH_EXPOSURE_HOSTS says more (saving is the slow part).
func BenchmarkNationalExposure(b *testing.B) {
	hosts, orgs := 100000, 20000
	if s := os.Getenv("ROLLCALL_BENCH_EXPOSURE_HOSTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < orgs {
			b.Fatalf("ROLLCALL_BENCH_EXPOSURE_HOSTS=%q: want a number of at least %d", s, orgs)
		}
		hosts = n
	}
	db, list := saveEstate(b, filepath.Join(b.TempDir(), "rollcall.db"), orgs, hosts, 30)
	defer db.Close()
	svc := service.New(db, rollcall.SystemClock{}, rollcall.DefaultPolicy(), nil)
	op := service.Operator()
	a := &rollcall.Alert{Title: "SMBv1", Severity: rollcall.SeverityHigh, Summary: "Patch.", Target: rollcall.Target{All: true},
		Affected: rollcall.Affected{Windows: []rollcall.AffectedWindows{
			{Name: "Windows 7 SP1", Build: "6.1.7601", FixedBy: []string{"KB4012212", "KB4012215"}},
			{Name: "Windows 8.1", Build: "6.3.9600", FixedBy: []string{"KB4012213", "KB4012216"}},
			{Name: "Windows 10 1607", Build: "10.0.14393", FixedRevision: 953},
		}}}
	if err := svc.CreateAlert(ctx, op, a); err != nil {
		b.Fatal(err)
	}
	if n, err := svc.PublishAlert(ctx, op, a.ID); err != nil || n != orgs {
		b.Fatalf("published to %d (%v)", n, err)
	}
	if _, err := svc.LoadExposure(ctx); err != nil {
		b.Fatal(err)
	}
	var worst int64
	b.Run("alert", func(b *testing.B) {
		var e *service.AlertExposure
		for b.Loop() {
			var err error
			if e, err = svc.AlertExposure(ctx, op, a.ID); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(e.Exposed), "exposed-hosts")
		b.ReportMetric(float64(e.Compliance.Exposed), "exposed-orgs")
		b.ReportMetric(float64(len(e.Orgs)), "rows")
		worst = e.Orgs[0].OrgID
	})
	if worst == 0 {
		worst = list[0].ID
	}
	b.Run("organisation", func(b *testing.B) {
		var o *service.OrgAlertExposure
		for b.Loop() {
			var err error
			if o, err = svc.OrgAlertExposure(ctx, op, a.ID, worst, 100); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(o.Exposed), "exposed-hosts")
	})
	b.Run("end-of-life", func(b *testing.B) {
		var r *service.EOLReport
		for b.Loop() {
			var err error
			if r, err = svc.EndOfLife(ctx, op, 0); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(r.Nation.EndOfLife), "eol-hosts")
	})
}
