package feed

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGetConditional(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 25 Aug 2025 00:00:00 GMT")
		w.Write([]byte(`{"ok": true}`))
	}))
	defer srv.Close()
	ctx := context.Background()
	var c Client
	doc, err := c.Get(ctx, srv.URL+"/kev.json", Validators{})
	if err != nil || string(doc.Body) != `{"ok": true}` || doc.Validators.ETag != `"v1"` || doc.NotModified {
		t.Fatalf("first fetch: %+v %v", doc, err)
	}
	again, err := c.Get(ctx, srv.URL+"/kev.json", doc.Validators)
	if err != nil || !again.NotModified || len(again.Body) != 0 || again.Validators.ETag != `"v1"` {
		t.Fatalf("conditional fetch: %+v %v", again, err)
	}
	if _, err := c.Get(ctx, srv.URL+"/missing", Validators{}); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a missing document: %v", err)
	}
	path := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(path, []byte("{}"), 0o644)
	if doc, err := c.Get(ctx, path, Validators{}); err != nil || string(doc.Body) != "{}" {
		t.Errorf("a file: %+v %v", doc, err)
	}
	if _, err := c.Get(ctx, filepath.Join(t.TempDir(), "nope.json"), Validators{}); err == nil {
		t.Error("a missing file was read")
	}
	if hits != 3 {
		t.Errorf("%d requests, want 3", hits)
	}
}

func TestGetMaxRefusesLargerDocuments(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 2048)))
	}))
	defer srv.Close()
	var c Client
	if _, err := c.GetMax(context.Background(), srv.URL, Validators{}, 1024); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a 2 KiB document under a 1 KiB limit: %v", err)
	}
	if doc, err := c.GetMax(context.Background(), srv.URL, Validators{}, 4096); err != nil || len(doc.Body) != 2048 {
		t.Errorf("under the limit: %v", err)
	}
}
