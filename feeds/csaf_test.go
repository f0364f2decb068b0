package feeds_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rollcall"
	"rollcall/feed"
	"rollcall/feeds"
	"rollcall/rollcalltest"
)

// A trusted provider served locally: provider-metadata.json names a ROLIE
// feed whose entries are the five real CSAF advisories of ../shared/data.
func TestSyncCSAFProvider(t *testing.T) {
	files, _ := filepath.Glob("../../shared/data/csaf/*.json")
	if len(files) != 5 {
		t.Skip("the shared CSAF examples are not beside the project")
	}
	srv := &server{docs: map[string][]byte{}, hits: map[string]int{}}
	hs := newServer(srv)
	defer hs.Close()
	type entry struct {
		ID      string `json:"id"`
		Updated string `json:"updated"`
		Content struct {
			Src string `json:"src"`
		} `json:"content"`
	}
	var entries []entry
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := "/csaf/white/" + filepath.Base(f)
		srv.set(name, data)
		e := entry{ID: filepath.Base(f), Updated: "2024-01-01T00:00:00Z"}
		e.Content.Src = name // relative to the feed, as a provider may write it
		entries = append(entries, e)
	}
	setFeed := func() {
		b, _ := json.Marshal(map[string]any{"feed": map[string]any{"id": "test", "title": "Test", "entry": entries}})
		srv.set("/csaf/white/feed.json", b)
	}
	setFeed()
	srv.set("/.well-known/csaf/provider-metadata.json", []byte(fmt.Sprintf(`{"canonical_url": %q, "metadata_version": "2.0",
		"distributions": [{"rolie": {"feeds": [{"summary": "WHITE", "tlp_label": "WHITE", "url": %q}]}}],
		"publisher": {"category": "vendor", "name": "Test", "namespace": "https://example.test"}, "role": "csaf_provider"}`,
		hs.URL+"/.well-known/csaf/provider-metadata.json", hs.URL+"/csaf/white/feed.json")))

	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	src := &rollcall.Source{Name: "Test provider", Kind: rollcall.SourceCSAF, Location: hs.URL + "/.well-known/csaf/provider-metadata.json", Enabled: true, Every: time.Hour}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), src); err != nil {
		t.Fatal(err)
	}
	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 1 || runs[0].Status != rollcall.RunOK || runs[0].Added != 5 || runs[0].Documents != 5 {
		t.Fatalf("first run: %+v %v", runs, err)
	}
	// Nothing changed: no document is fetched again.
	before := srv.hits["/csaf/white/rhsa-2022_0011.json"]
	f.Clock.Advance(time.Hour)
	runs, _ = f.Svc.SyncDue(ctx)
	if len(runs) != 1 || runs[0].Status != rollcall.RunUnchanged || srv.hits["/csaf/white/rhsa-2022_0011.json"] != before {
		t.Errorf("second run: %+v, document fetched %d times", runs, srv.hits["/csaf/white/rhsa-2022_0011.json"])
	}
	// One advisory revised by its publisher, one entry broken.
	for i := range entries {
		if entries[i].ID == "rhsa-2022_0011.json" {
			data := srv.docs[entries[i].Content.Src]
			var doc map[string]any
			json.Unmarshal(data, &doc)
			doc["document"].(map[string]any)["title"] = "Red Hat Security Advisory: telnet security update (revised)"
			b, _ := json.Marshal(doc)
			srv.set(entries[i].Content.Src, b)
			entries[i].Updated = "2024-02-01T00:00:00Z"
		}
	}
	srv.set("/csaf/white/broken.json", []byte(`{"document": {}}`))
	entries = append(entries, entry{ID: "broken", Updated: "2024-02-01T00:00:00Z"})
	entries[len(entries)-1].Content.Src = "/csaf/white/broken.json"
	setFeed()
	f.Clock.Advance(time.Hour)
	runs, _ = f.Svc.SyncDue(ctx)
	if len(runs) != 1 || runs[0].Status != rollcall.RunPartial || runs[0].Changed != 1 || runs[0].Refused != 1 || runs[0].Documents != 2 {
		t.Errorf("third run: %+v", runs)
	}
	adv, err := f.Svc.GetAdvisory(ctx, f.Actor("analyst"), "csaf", "RHSA-2022:0011")
	if err != nil || adv.Revision != 2 {
		t.Errorf("the revised advisory: %+v %v", adv, err)
	}
}

// A provider that distributes by directory (changes.csv) rather than ROLIE,
// and a folder of documents on the server.
func TestSyncCSAFDirectoryAndFolder(t *testing.T) {
	files, _ := filepath.Glob("../../shared/data/csaf/*.json")
	if len(files) != 5 {
		t.Skip("the shared CSAF examples are not beside the project")
	}
	srv := &server{docs: map[string][]byte{}, hits: map[string]int{}}
	hs := newServer(srv)
	defer hs.Close()
	changes := ""
	folder := t.TempDir()
	for _, f := range files[:3] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srv.set("/csaf/2024/"+filepath.Base(f), data)
		changes += fmt.Sprintf("%q,%q\n", "2024/"+filepath.Base(f), "2024-01-01T00:00:00Z")
		if err := os.WriteFile(filepath.Join(folder, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv.set("/csaf/changes.csv", []byte(changes))
	srv.set("/pm.json", []byte(fmt.Sprintf(`{"canonical_url": %q, "metadata_version": "2.0", "distributions": [{"directory_url": %q}],
		"publisher": {"category": "vendor", "name": "Test", "namespace": "https://example.test"}, "role": "csaf_provider"}`, hs.URL+"/pm.json", hs.URL+"/csaf")))
	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	f.Svc.SetFeedRoots([]string{folder})
	for _, src := range []*rollcall.Source{
		{Name: "By directory", Kind: rollcall.SourceCSAF, Location: hs.URL + "/pm.json", Enabled: true, Every: time.Hour},
		{Name: "A folder", Kind: rollcall.SourceCSAF, Location: folder, Enabled: true, Every: time.Hour},
	} {
		if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), src); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 2 {
		t.Fatalf("%+v %v", runs, err)
	}
	added := runs[0].Added + runs[1].Added
	if runs[0].Status != rollcall.RunOK || runs[1].Status != rollcall.RunOK || added != 3 || runs[0].Documents != 3 || runs[1].Documents != 3 {
		t.Errorf("runs %+v: want 3 documents each, the 3 advisories added once", runs)
	}
	f.Clock.Advance(time.Hour)
	runs, _ = f.Svc.SyncDue(ctx)
	for _, r := range runs {
		if r.Added+r.Changed != 0 {
			t.Errorf("a second run changed something: %+v", r)
		}
	}
}

// Two providers with one tracking id: the advisory stays the first feed's,
// and the second feed's document is refused and named.
func TestSyncFeedChangesOnlyWhatItBrought(t *testing.T) {
	data, err := os.ReadFile("../../shared/data/csaf/rhsa-2022_0011.json")
	if err != nil {
		t.Skip("the shared CSAF examples are not beside the project")
	}
	var doc map[string]any
	json.Unmarshal(data, &doc)
	doc["document"].(map[string]any)["title"] = "Forged: telnet is fine"
	forged, _ := json.Marshal(doc)
	srv := &server{docs: map[string][]byte{}, hits: map[string]int{}}
	hs := newServer(srv)
	defer hs.Close()
	srv.set("/redhat/rhsa-2022_0011.json", data)
	srv.set("/other/rhsa-2022_0011.json", forged)
	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	first := &rollcall.Source{Name: "Red Hat", Kind: rollcall.SourceCSAF, Location: hs.URL + "/redhat/rhsa-2022_0011.json", Enabled: true, Every: time.Hour}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), first); err != nil {
		t.Fatal(err)
	}
	if runs, err := f.Svc.SyncDue(ctx); err != nil || len(runs) != 1 || runs[0].Added != 1 {
		t.Fatalf("%+v %v", runs, err)
	}
	second := &rollcall.Source{Name: "Someone else", Kind: rollcall.SourceCSAF, Location: hs.URL + "/other/rhsa-2022_0011.json", Enabled: true, Every: time.Hour}
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), second); err != nil {
		t.Fatal(err)
	}
	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 1 || runs[0].Status != rollcall.RunFailed || runs[0].Refused != 1 || !strings.Contains(runs[0].Errors[0], "another feed") {
		t.Fatalf("the second feed's run: %+v %v", runs, err)
	}
	adv, err := f.Svc.GetAdvisory(ctx, f.Actor("analyst"), "csaf", "RHSA-2022:0011")
	if err != nil || strings.Contains(adv.Summary, "Forged") || adv.Revision != 1 || adv.FeedID != first.ID {
		t.Errorf("the advisory after the second feed: %+v %v", adv, err)
	}
}

// A provider listing one document in its ROLIE feed and its directory, and
// two addresses of one tracking id: each read once, one advisory kept.
func TestSyncCSAFDuplicates(t *testing.T) {
	data, err := os.ReadFile("../../shared/data/csaf/rhsa-2022_0011.json")
	if err != nil {
		t.Skip("the shared CSAF examples are not beside the project")
	}
	srv := &server{docs: map[string][]byte{}, hits: map[string]int{}}
	hs := newServer(srv)
	defer hs.Close()
	srv.set("/csaf/2022/rhsa-2022_0011.json", data)
	srv.set("/csaf/copy/rhsa-2022_0011.json", data)
	srv.set("/csaf/changes.csv", []byte("\"2022/rhsa-2022_0011.json\",\"2022-01-04T00:00:00Z\"\n\"copy/rhsa-2022_0011.json\",\"2022-01-04T00:00:00Z\"\n"))
	srv.set("/csaf/feed.json", []byte(`{"feed": {"id": "x", "title": "x", "entry": [{"id": "a", "updated": "2022-01-04T00:00:00Z", "content": {"src": "/csaf/2022/rhsa-2022_0011.json"}}]}}`))
	srv.set("/pm.json", []byte(fmt.Sprintf(`{"canonical_url": %q, "metadata_version": "2.0", "distributions": [{"directory_url": %q, "rolie": {"feeds": [{"url": %q}]}}],
		"publisher": {"category": "vendor", "name": "Test", "namespace": "https://example.test"}, "role": "csaf_provider"}`, hs.URL+"/pm.json", hs.URL+"/csaf", hs.URL+"/csaf/feed.json")))
	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), &rollcall.Source{Name: "dup", Kind: rollcall.SourceCSAF, Location: hs.URL + "/pm.json", Enabled: true, Every: time.Hour}); err != nil {
		t.Fatal(err)
	}
	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 1 || runs[0].Status != rollcall.RunOK || runs[0].Added != 1 || runs[0].Documents != 2 {
		t.Errorf("%+v %v: want the two addresses read once each and one advisory", runs, err)
	}
	if n := srv.hits["/csaf/2022/rhsa-2022_0011.json"]; n != 1 {
		t.Errorf("the document listed twice was fetched %d times", n)
	}
}

// A document that does not match the SHA-256 its provider publishes beside
// it is refused; one that matches is taken.
func TestSyncCSAFChecksHashes(t *testing.T) {
	good, err1 := os.ReadFile("../../shared/data/csaf/rhsa-2022_0011.json")
	other, err2 := os.ReadFile("../../shared/data/csaf/bsi-2022-0001.json")
	if err1 != nil || err2 != nil {
		t.Skip("the shared CSAF examples are not beside the project")
	}
	srv := &server{docs: map[string][]byte{}, hits: map[string]int{}}
	hs := newServer(srv)
	defer hs.Close()
	sum := sha256.Sum256(good)
	srv.set("/csaf/a.json", good)
	srv.set("/csaf/a.json.sha256", []byte(hex.EncodeToString(sum[:])+"  a.json\n"))
	srv.set("/csaf/b.json", other)
	srv.set("/csaf/b.json.sha256", []byte(hex.EncodeToString(sum[:])+"  b.json\n")) // not b's
	srv.set("/csaf/changes.csv", []byte("\"a.json\",\"2022-01-04T00:00:00Z\"\n\"b.json\",\"2022-01-04T00:00:00Z\"\n"))
	srv.set("/pm.json", []byte(fmt.Sprintf(`{"canonical_url": %q, "metadata_version": "2.0", "distributions": [{"directory_url": %q}],
		"publisher": {"category": "vendor", "name": "Test", "namespace": "https://example.test"}, "role": "csaf_provider"}`, hs.URL+"/pm.json", hs.URL+"/csaf")))
	f := rollcalltest.NewFederation(t)
	f.Svc.SetFeedReaders(feeds.Readers(&feed.Client{}))
	if err := f.Svc.CreateSource(ctx, f.Actor("analyst"), &rollcall.Source{Name: "hashed", Kind: rollcall.SourceCSAF, Location: hs.URL + "/pm.json", Enabled: true, Every: time.Hour}); err != nil {
		t.Fatal(err)
	}
	runs, err := f.Svc.SyncDue(ctx)
	if err != nil || len(runs) != 1 || runs[0].Status != rollcall.RunPartial || runs[0].Added != 1 || runs[0].Refused != 1 ||
		!strings.Contains(runs[0].Errors[0], "SHA-256") {
		t.Errorf("%+v %v: want a.json taken and b.json refused for its hash", runs, err)
	}
}
