package csafimport

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"rollcall"
	"rollcall/feed"
)

// Refusal is a document that was refused, and why: an *InvalidError
// lists every fault with its JSON path.
type Refusal struct {
	Name string // the file (relative to the folder read) or address
	Err  error
}

// Batch is what reading a file, folder or address gave: the advisories
// to import, the documents refused, and how many affected products were
// kept for people only (named in Facts.Vendor and Facts.Product), not
// matchable by version.
type Batch struct {
	Documents       int
	Advisories      []*rollcall.Advisory
	Refused         []Refusal
	SkippedProducts int
	// SkippedFiles counts JSON files in a folder that are not CSAF
	// documents but what sits beside them: JSON schemas, a provider's
	// metadata, ROLIE feeds.
	SkippedFiles int
}

// maxBatchDocuments bounds one import.
const maxBatchDocuments = 200000

// Read reads src: a CSAF document file, a folder of them (every *.json
// file under it, recursively), or the address of one document (fetched
// with client). A document that is not valid is refused on its own; the
// rest are read.
func Read(ctx context.Context, client *feed.Client, src string) (*Batch, error) {
	b := &Batch{}
	if feed.IsURL(src) {
		doc, err := client.GetMax(ctx, src, feed.Validators{}, feed.MaxDocumentBytes)
		if err != nil {
			return nil, rollcall.FieldError("url", "%v", err)
		}
		b.add(src, doc.Body)
		return b, nil
	}
	info, err := os.Stat(src)
	if err != nil {
		return nil, rollcall.FieldError("path", "%v", err)
	}
	if !info.IsDir() {
		doc, err := client.GetMax(ctx, src, feed.Validators{}, feed.MaxDocumentBytes)
		if err != nil {
			return nil, rollcall.FieldError("path", "%v", err)
		}
		b.add(filepath.Base(src), doc.Body)
		return b, nil
	}
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(strings.ToLower(p), ".json") {
			return nil
		}
		if b.Documents >= maxBatchDocuments {
			return rollcall.Errorf(rollcall.ETOOLARGE, "More than %d documents in one import.", maxBatchDocuments)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		doc, err := client.GetMax(ctx, p, feed.Validators{}, feed.MaxDocumentBytes)
		if err != nil {
			b.Documents++
			b.Refused = append(b.Refused, Refusal{Name: rel, Err: err})
			return nil
		}
		if notADocument(doc.Body) {
			b.SkippedFiles++
			return nil
		}
		b.add(rel, doc.Body)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(b.Advisories, func(i, j int) bool { return b.Advisories[i].SourceID < b.Advisories[j].SourceID })
	return b, nil
}

// notADocument reports whether a JSON file found in a folder is one of
// the files that sit beside CSAF documents — a JSON schema, a provider's
// provider-metadata.json, an aggregator list, a ROLIE feed — rather than a
// document: an object with no "document" member and one of theirs.
func notADocument(data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	if _, ok := top["document"]; ok {
		return false
	}
	for _, k := range []string{"$schema", "metadata_version", "aggregator", "feed"} {
		if _, ok := top[k]; ok {
			return true
		}
	}
	return false
}

// add reads one document. Two documents with one tracking id: the later
// (by current release date) is kept, the other refused.
func (b *Batch) add(name string, data []byte) {
	b.Documents++
	a, st, err := Parse(data)
	if err != nil {
		b.Refused = append(b.Refused, Refusal{Name: name, Err: err})
		return
	}
	for i, prev := range b.Advisories {
		if prev.SourceID == a.SourceID {
			if a.Modified.After(prev.Modified) {
				b.Advisories[i] = a
			}
			b.Refused = append(b.Refused, Refusal{Name: name, Err: rollcall.FieldError("id",
				"Tracking id %s is given by two documents in this import; the later revision is kept.", a.SourceID)})
			return
		}
	}
	b.SkippedProducts += st.SkippedProducts
	b.Advisories = append(b.Advisories, a)
}
