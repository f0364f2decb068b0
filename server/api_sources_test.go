package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"rollcall"
	"rollcall/feed"
	"rollcall/feeds"
)

func TestAPISources(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	hs := newFeedServer(t)
	kevURL := hs.URL + "/kev.json"

	var list apiList[apiSource]
	f.as("analyst").do("GET", "/api/v1/sources", nil).want(200).into(&list)
	if list.Total != 0 || len(list.Items) != 0 {
		t.Fatalf("no sources yet, got %+v", list)
	}

	// Created with the defaults: enabled, every 6 hours, due at once.
	var src apiSource
	res := f.as("analyst").do("POST", "/api/v1/sources", map[string]any{"name": "CISA KEV", "kind": "kev", "location": kevURL}).want(201)
	res.into(&src)
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/sources/%d", src.ID) {
		t.Errorf("Location %q", loc)
	}
	if src.Name != "CISA KEV" || src.Kind != "kev" || src.KindLabel != "KEV catalogue" || src.Location != kevURL || !src.Enabled ||
		src.EverySeconds != 6*3600 || src.LastRun != nil || src.NextRunAt == nil || !src.NextRunAt.Equal(fixtureStart) {
		t.Errorf("created: %+v", src)
	}
	var osv apiSource
	// A path on the server only under the folders the operator allowed.
	f.as("analyst").do("POST", "/api/v1/sources", map[string]any{"name": "Go OSV", "kind": "osv", "location": "/srv/osv/Go/all.zip",
		"enabled": false, "every_seconds": 3600}).want(422)
	f.Svc.SetFeedRoots([]string{"/srv/osv"})
	f.as("analyst").do("POST", "/api/v1/sources", map[string]any{"name": "etc", "kind": "osv", "location": "/srv/osv/../../etc/passwd",
		"enabled": false, "every_seconds": 3600}).want(422)
	f.as("analyst").do("POST", "/api/v1/sources", map[string]any{"name": "Go OSV", "kind": "osv", "location": "/srv/osv/Go/all.zip",
		"enabled": false, "every_seconds": 3600}).want(201).into(&osv)
	if osv.Enabled || osv.EverySeconds != 3600 {
		t.Errorf("created disabled, hourly: %+v", osv)
	}

	// Input at fault: 422 naming the member.
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"bad kind", map[string]any{"name": "x", "kind": "rss", "location": kevURL + "?x"}, "kind"},
		{"no kind", map[string]any{"name": "x", "location": kevURL + "?x"}, "kind"},
		{"no name", map[string]any{"kind": "kev", "location": kevURL + "?x"}, "name"},
		{"bad URL", map[string]any{"name": "x", "kind": "kev", "location": "ftp://feeds.example/kev.json"}, "location"},
		{"URL without host", map[string]any{"name": "x", "kind": "kev", "location": "https://"}, "location"},
		{"no location", map[string]any{"name": "x", "kind": "kev", "location": " "}, "location"},
		{"every too short", map[string]any{"name": "x", "kind": "kev", "location": kevURL + "?x", "every_seconds": 60}, "every_seconds"},
		{"every zero", map[string]any{"name": "x", "kind": "kev", "location": kevURL + "?x", "every_seconds": 0}, "every_seconds"},
		{"every too long", map[string]any{"name": "x", "kind": "kev", "location": kevURL + "?x", "every_seconds": int64(1) << 40}, "every_seconds"},
		{"every a string", map[string]any{"name": "x", "kind": "kev", "location": kevURL + "?x", "every_seconds": "6h"}, "every_seconds"},
		{"duplicate location", map[string]any{"name": "Again", "kind": "kev", "location": kevURL}, "location"},
		{"unknown member", map[string]any{"name": "x", "kind": "kev", "location": kevURL + "?x", "every": 3600}, "every"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := f.as("analyst").do("POST", "/api/v1/sources", tc.body).want(422).apiError()
			if e.Field != tc.field {
				t.Errorf("field %q (%s), want %q", e.Field, e.Message, tc.field)
			}
		})
	}
	// The same address as another kind is another feed.
	f.as("analyst").do("POST", "/api/v1/sources", map[string]any{"name": "KEV as OSV", "kind": "osv", "location": kevURL, "enabled": false}).want(201)

	// Read: the last run shows what it did.
	if _, err := f.Svc.SyncDue(ctx); err != nil {
		t.Fatal(err)
	}
	f.as("auditor").do("GET", fmt.Sprintf("/api/v1/sources/%d", src.ID), nil).want(200).into(&src)
	if r := src.LastRun; r == nil || r.Status != "partial" || r.StatusLabel != "Partly read" || r.Documents != 1 || r.Added != 2 ||
		r.Refused != 4 || len(r.Errors) != 4 || r.FinishedAt == nil || !src.NextRunAt.Equal(fixtureStart.Add(6*time.Hour)) {
		t.Errorf("after a sync: %+v, last run %+v", src, src.LastRun)
	}
	f.as("auditor").do("GET", "/api/v1/sources", nil).want(200).into(&list)
	if list.Total != 3 || len(list.Items) != 3 {
		t.Errorf("list: %+v", list)
	}
	for _, s := range list.Items {
		if s.ID == osv.ID && s.LastRun != nil {
			t.Errorf("a disabled source was read: %+v", s.LastRun)
		}
	}

	// Run now: 202, due at once.
	f.Clock.Advance(time.Minute)
	var ran apiSource
	f.as("analyst").do("POST", fmt.Sprintf("/api/v1/sources/%d/run", src.ID), nil).want(202).into(&ran)
	if ran.NextRunAt == nil || !ran.NextRunAt.Equal(f.Clock.Now()) {
		t.Errorf("after run now, next run at %v, want %v", ran.NextRunAt, f.Clock.Now())
	}
	// Read whole again: the entries refused stay refused until fixed.
	if runs, _ := f.Svc.SyncDue(ctx); len(runs) != 1 || runs[0].Status != rollcall.RunPartial || runs[0].Unchanged != 2 {
		t.Errorf("run now: %+v", runs)
	}
	// A disabled source is never read: running it is refused.
	e := f.as("analyst").do("POST", fmt.Sprintf("/api/v1/sources/%d/run", osv.ID), nil).want(409).apiError()
	if e.Code != "conflict" {
		t.Errorf("run a disabled source: %+v", e)
	}

	// Changed: replaced by the input; a PUT without enabled enables it.
	var upd apiSource
	f.as("analyst").do("PUT", fmt.Sprintf("/api/v1/sources/%d", src.ID), map[string]any{"name": "CISA KEV, daily", "kind": "kev",
		"location": kevURL, "enabled": false, "every_seconds": 86400}).want(200).into(&upd)
	if upd.Name != "CISA KEV, daily" || upd.Enabled || upd.EverySeconds != 86400 || upd.LastRun == nil || upd.LastRun.Status != "partial" {
		t.Errorf("updated: %+v", upd)
	}
	f.as("analyst").do("PUT", fmt.Sprintf("/api/v1/sources/%d", osv.ID), map[string]any{"name": "Go OSV", "kind": "osv",
		"location": "/srv/osv/Go/all.zip"}).want(200).into(&upd)
	if !upd.Enabled || upd.EverySeconds != 6*3600 {
		t.Errorf("updated with the defaults: %+v", upd)
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"to a kind's duplicate", map[string]any{"name": "x", "kind": "kev", "location": kevURL}, "location"},
		{"every too short", map[string]any{"name": "x", "kind": "osv", "location": "/srv/osv/Go/all.zip", "every_seconds": 299}, "every_seconds"},
		{"bad kind", map[string]any{"name": "x", "kind": "KEV", "location": "/srv/osv/Go/all.zip"}, "kind"},
	} {
		e := f.as("analyst").do("PUT", fmt.Sprintf("/api/v1/sources/%d", osv.ID), tc.body).want(422).apiError()
		if e.Field != tc.field {
			t.Errorf("%s: field %q (%s), want %q", tc.name, e.Field, e.Message, tc.field)
		}
	}
	f.as("analyst").do("PUT", "/api/v1/sources/999999", map[string]any{"name": "x", "kind": "kev", "location": "/srv/osv/x.json"}).want(404)
	f.as("analyst").do("GET", "/api/v1/sources/999999", nil).want(404)
	f.as("analyst").do("POST", "/api/v1/sources/999999/run", nil).want(404)
	f.as("analyst").do("GET", "/api/v1/sources/abc", nil).want(404)

	// Everyone else is refused, and nothing changes.
	f.as("auditor").do("PUT", fmt.Sprintf("/api/v1/sources/%d", src.ID), map[string]any{"name": "x", "kind": "kev", "location": kevURL}).want(403)
	f.as("respN").do("GET", "/api/v1/sources", nil).want(403)
	f.as("respN").do("POST", fmt.Sprintf("/api/v1/sources/%d/run", src.ID), nil).want(403)
	f.as("coordN").do("POST", "/api/v1/sources", map[string]any{"name": "x", "kind": "kev", "location": kevURL + "?y"}).want(403)
	f.as("analyst").do("GET", fmt.Sprintf("/api/v1/sources/%d", src.ID), nil).want(200).into(&src)
	if src.Name != "CISA KEV, daily" {
		t.Errorf("a refused change was saved: %+v", src)
	}
}
