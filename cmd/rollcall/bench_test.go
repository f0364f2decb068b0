package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchExposure(t *testing.T) {
	stdout, stderr, code, err := call(context.Background(), invocation{args: []string{"bench", "exposure", "--orgs", "20", "--hosts", "400", "--items", "20", "--seed", "7"}})
	if code != 0 {
		t.Fatalf("exit %d: %v\n%s", code, err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("the last line is not one JSON object: %v\n%s", err, lines[len(lines)-1])
	}
	for _, key := range []string{"hosts", "rows", "alert_median_ms", "bruteforce_median_ms", "rematch_all_s", "ingest_rows_per_s", "matcher_bytes"} {
		if _, ok := got[key]; !ok {
			t.Errorf("the JSON has no %q", key)
		}
	}
	if got["hosts"].(float64) != 400 || got["mismatches"].(float64) != 0 {
		t.Errorf("hosts %v mismatches %v, want 400 and 0", got["hosts"], got["mismatches"])
	}
	if _, _, code, _ := call(context.Background(), invocation{args: []string{"bench", "exposure", "--hosts", "5", "--orgs", "10"}}); code != 2 {
		t.Errorf("fewer hosts than organisations: exit %d, want 2", code)
	}
}
