// Package feeds reads Rollcall's feed sources for the scheduled sync: it
// fetches each source's documents (asking only for what changed, with the
// validators the last run kept) and parses them with the importers' own
// parsers, so a scheduled read and a command-line import agree.
package feeds

import (
	"context"
	"fmt"

	"rollcall"
	"rollcall/feed"
	"rollcall/kev"
	"rollcall/osv"
	"rollcall/service"
)

// Readers returns a reader for every kind of source this package reads,
// fetching with client.
func Readers(client *feed.Client) map[rollcall.SourceKind]service.FeedReader {
	return map[rollcall.SourceKind]service.FeedReader{
		rollcall.SourceKEV:  kevReader{client},
		rollcall.SourceOSV:  osvReader{client},
		rollcall.SourceCSAF: csafReader{client},
	}
}

// single fetches a source's one document, conditionally.
func single(ctx context.Context, c *feed.Client, src rollcall.Source, validators map[string]rollcall.Validators, max int64) (*feed.Document, *service.FeedResult, error) {
	doc, err := c.GetMax(ctx, src.Location, validators[src.Location], max)
	if err != nil {
		return nil, nil, err
	}
	res := &service.FeedResult{Validators: map[string]rollcall.Validators{}}
	if doc.Validators != (rollcall.Validators{}) {
		res.Validators[src.Location] = doc.Validators
	}
	if doc.NotModified {
		res.Unchanged = true
		return nil, res, nil
	}
	res.Documents = 1
	return doc, res, nil
}

// kevReader reads the Known Exploited Vulnerabilities catalogue.
type kevReader struct{ c *feed.Client }

func (r kevReader) Read(ctx context.Context, src rollcall.Source, validators map[string]rollcall.Validators) (*service.FeedResult, error) {
	doc, res, err := single(ctx, r.c, src, validators, feed.MaxDocumentBytes)
	if err != nil || doc == nil {
		return res, err
	}
	b, err := kev.Parse(doc.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", doc.Name, rollcall.ErrorMessageOr(err))
	}
	res.Advisories = b.Advisories
	for _, ref := range b.Refused {
		res.Refused = append(res.Refused, fmt.Sprintf("%s: %s", ref.Path, rollcall.ErrorMessageOr(ref.Err)))
	}
	forgetIfRefused(res)
	return res, nil
}

// forgetIfRefused drops the validators of a document some of which was
// refused, so the next run reads it whole again and the refusals stay in
// the record until the feed is fixed, rather than "not modified" hiding
// them.
func forgetIfRefused(res *service.FeedResult) {
	if len(res.Refused) > 0 {
		res.Validators = map[string]rollcall.Validators{}
	}
}

// osvReader reads OSV records: an all.zip or a record by URL, or a file,
// folder or zip on the server.
type osvReader struct{ c *feed.Client }

func (r osvReader) Read(ctx context.Context, src rollcall.Source, validators map[string]rollcall.Validators) (*service.FeedResult, error) {
	var b *osv.Batch
	var res *service.FeedResult
	if feed.IsURL(src.Location) {
		doc, got, err := single(ctx, r.c, src, validators, feed.MaxBytes)
		if err != nil || doc == nil {
			return got, err
		}
		if b, err = osv.ReadBytes(doc.Name, doc.Body); err != nil {
			return nil, err
		}
		res = got
	} else {
		var err error
		if b, err = osv.ReadPath(src.Location); err != nil {
			return nil, err
		}
		res = &service.FeedResult{Documents: len(b.Advisories) + len(b.Refused)}
	}
	res.Advisories = b.Advisories
	for _, ref := range b.Refused {
		res.Refused = append(res.Refused, fmt.Sprintf("%s: %s", ref.Name, rollcall.ErrorMessageOr(ref.Err)))
	}
	forgetIfRefused(res)
	return res, nil
}
