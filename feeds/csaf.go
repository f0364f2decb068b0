package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"rollcall"
	"rollcall/csafimport"
	"rollcall/feed"
	"rollcall/service"
)

// maxCSAFDocuments bounds one run of a provider: the rest are read on the
// next runs (documents already read are skipped by their feed entry's
// time, or answered "not modified").
const maxCSAFDocuments = 2000

// csafReader reads CSAF 2.0 advisories from a trusted provider's
// provider-metadata.json (following its ROLIE feeds and directory
// distributions), a ROLIE feed, one document's address, or a file or
// folder on the server.
//
// For each document of a feed it keeps the entry's "updated" time as the
// document's validator (in LastModified) and reads again only documents
// whose entry changed; documents fetched are asked for conditionally too.
type csafReader struct{ c *feed.Client }

func (r csafReader) Read(ctx context.Context, src rollcall.Source, validators map[string]rollcall.Validators) (*service.FeedResult, error) {
	if !feed.IsURL(src.Location) {
		b, err := csafimport.Read(ctx, r.c, src.Location)
		if err != nil {
			return nil, err
		}
		res := &service.FeedResult{Documents: b.Documents, Advisories: b.Advisories}
		for _, ref := range b.Refused {
			res.Refused = append(res.Refused, fmt.Sprintf("%s: %s", ref.Name, rollcall.ErrorMessageOr(ref.Err)))
		}
		return res, nil
	}
	run := &csafRun{r: r, ctx: ctx, old: validators, res: &service.FeedResult{Validators: map[string]rollcall.Validators{}}}
	// The starting document is always read whole: a provider's metadata
	// and its feeds are small, and what changed is in the documents they
	// list, which are asked for only when their entry changed.
	doc, err := r.c.GetMax(ctx, src.Location, rollcall.Validators{}, feed.MaxDocumentBytes)
	if err != nil {
		return nil, err
	}
	switch kindOf(doc.Body) {
	case "provider":
		err = run.provider(doc)
	case "rolie":
		err = run.rolie(doc)
		run.carry()
	default:
		run.document(src.Location, doc.Body)
	}
	if err != nil {
		return nil, err
	}
	run.res.Unchanged = run.res.Documents == 0 && len(run.res.Refused) == 0
	return run.res, nil
}

// kindOf tells a provider's metadata, a ROLIE feed and a document apart.
func kindOf(body []byte) string {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return "document"
	}
	switch {
	case top["canonical_url"] != nil && top["distributions"] != nil:
		return "provider"
	case top["feed"] != nil:
		return "rolie"
	}
	return "document"
}

// csafRun is one reading of a CSAF source.
type csafRun struct {
	r   csafReader
	ctx context.Context
	old map[string]rollcall.Validators
	res *service.FeedResult
	// seen are the documents' addresses read this run: a provider that
	// lists one document in a ROLIE feed and in its directory is read once.
	seen map[string]bool
}

// carry keeps the validators of documents not read this time.
func (run *csafRun) carry() {
	for k, v := range run.old {
		if _, ok := run.res.Validators[k]; !ok {
			run.res.Validators[k] = v
		}
	}
}

func (run *csafRun) refuse(name string, err error) {
	run.res.Refused = append(run.res.Refused, fmt.Sprintf("%s: %s", name, rollcall.ErrorMessageOr(err)))
}

// provider follows a provider-metadata.json: every ROLIE feed of its
// distributions, whatever its TLP label (what a provider lists publicly is
// what anyone may read), and every directory distribution's changes.csv.
func (run *csafRun) provider(doc *feed.Document) error {
	var pm struct {
		Distributions []struct {
			DirectoryURL string `json:"directory_url"`
			ROLIE        *struct {
				Feeds []struct {
					URL string `json:"url"`
				} `json:"feeds"`
			} `json:"rolie"`
		} `json:"distributions"`
	}
	if err := json.Unmarshal(doc.Body, &pm); err != nil {
		return fmt.Errorf("%s is not a CSAF provider's metadata: %v", doc.Name, err)
	}
	for _, d := range pm.Distributions {
		if d.ROLIE != nil {
			for _, f := range d.ROLIE.Feeds {
				feedURL, err := resolve(doc.Name, f.URL)
				if err != nil {
					run.refuse(f.URL, err)
					continue
				}
				fd, err := run.r.c.GetMax(run.ctx, feedURL, rollcall.Validators{}, feed.MaxDocumentBytes)
				if err != nil {
					run.refuse(feedURL, err)
					continue
				}
				if err := run.rolie(fd); err != nil {
					run.refuse(feedURL, err)
				}
			}
		}
		if d.DirectoryURL != "" {
			if err := run.directory(doc.Name, d.DirectoryURL); err != nil {
				run.refuse(d.DirectoryURL, err)
			}
		}
	}
	run.carry()
	return nil
}

// rolie reads a ROLIE feed's entries, each one document.
func (run *csafRun) rolie(doc *feed.Document) error {
	var f struct {
		Feed struct {
			Entry []struct {
				Updated string `json:"updated"`
				Content struct {
					Src string `json:"src"`
				} `json:"content"`
				Link []struct {
					Rel  string `json:"rel"`
					Href string `json:"href"`
				} `json:"link"`
			} `json:"entry"`
		} `json:"feed"`
	}
	if err := json.Unmarshal(doc.Body, &f); err != nil {
		return fmt.Errorf("%s is not a ROLIE feed: %v", doc.Name, err)
	}
	for _, e := range f.Feed.Entry {
		href, hash := e.Content.Src, ""
		for _, l := range e.Link {
			switch {
			case href == "" && l.Rel == "self":
				href = l.Href
			case l.Rel == "hash" && strings.HasSuffix(l.Href, ".sha256"):
				hash = l.Href
			}
		}
		if href == "" {
			continue
		}
		u, err := resolve(doc.Name, href)
		if err != nil {
			run.refuse(href, err)
			continue
		}
		if hash != "" {
			if hash, err = resolve(doc.Name, hash); err != nil {
				run.refuse(hash, err)
				continue
			}
		}
		run.fetch(u, e.Updated, hash)
	}
	return nil
}

// directory reads a directory distribution's changes.csv: one line per
// document, its path and when it changed.
func (run *csafRun) directory(base, dir string) error {
	dirURL, err := resolve(base, strings.TrimSuffix(dir, "/")+"/")
	if err != nil {
		return err
	}
	changes, err := run.r.c.GetMax(run.ctx, dirURL+"changes.csv", rollcall.Validators{}, feed.MaxDocumentBytes)
	if err != nil {
		return err
	}
	rows, err := csv.NewReader(strings.NewReader(string(changes.Body))).ReadAll()
	if err != nil {
		return fmt.Errorf("%schanges.csv: %v", dirURL, err)
	}
	for _, row := range rows {
		if len(row) < 2 {
			continue
		}
		u, err := resolve(dirURL, row[0])
		if err != nil {
			run.refuse(row[0], err)
			continue
		}
		// A directory provider keeps each document's hash beside it.
		run.fetch(u, row[1], u+".sha256")
	}
	return nil
}

// fetch reads one document unless its feed entry is as it was last time,
// or it was read already this run. Where the provider gives the
// document's SHA-256 (a ROLIE entry's hash link, a directory's .sha256
// file beside it), a document that does not match it is refused; a hash
// file that cannot be fetched is not held against the document.
func (run *csafRun) fetch(u, updated, hashURL string) {
	if run.seen == nil {
		run.seen = map[string]bool{}
	}
	if run.seen[u] {
		return
	}
	run.seen[u] = true
	if updated != "" && run.old[u].LastModified == updated {
		run.res.Validators[u] = run.old[u]
		return
	}
	if run.res.Documents >= maxCSAFDocuments {
		return // next run
	}
	doc, err := run.r.c.GetMax(run.ctx, u, rollcall.Validators{ETag: run.old[u].ETag}, feed.MaxDocumentBytes)
	if err != nil {
		run.res.Documents++
		run.refuse(u, err)
		return
	}
	if doc.NotModified {
		run.res.Validators[u] = rollcall.Validators{ETag: doc.Validators.ETag, LastModified: updated}
		return
	}
	if hashURL != "" {
		if h, err := run.r.c.GetMax(run.ctx, hashURL, rollcall.Validators{}, 4096); err == nil {
			want, _, _ := strings.Cut(strings.TrimSpace(string(h.Body)), " ")
			sum := sha256.Sum256(doc.Body)
			if !strings.EqualFold(want, hex.EncodeToString(sum[:])) {
				run.res.Documents++
				run.refuse(u, fmt.Errorf("its SHA-256 does not match the provider's %s", hashURL))
				return
			}
		}
	}
	if run.document(u, doc.Body) {
		// Remembered only when read: a refused document is read again
		// next time, and its refusal stays in the record until fixed.
		run.res.Validators[u] = rollcall.Validators{ETag: doc.Validators.ETag, LastModified: updated}
	}
}

// document parses one CSAF document and reports whether it was taken.
func (run *csafRun) document(name string, body []byte) bool {
	run.res.Documents++
	a, _, err := csafimport.Parse(body)
	if err != nil {
		run.refuse(name, err)
		return false
	}
	// Two documents with one tracking id (two revisions listed at two
	// addresses): the later revision is kept.
	for i, prev := range run.res.Advisories {
		if prev.SourceID == a.SourceID {
			if a.Modified.After(prev.Modified) {
				run.res.Advisories[i] = a
			}
			return true
		}
	}
	run.res.Advisories = append(run.res.Advisories, a)
	return true
}

// resolve makes ref absolute against base, and refuses anything but
// http(s).
func resolve(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("%q is not an address: %v", ref, err)
	}
	u := b.ResolveReference(r)
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("%q is not a web address", ref)
	}
	return u.String(), nil
}
