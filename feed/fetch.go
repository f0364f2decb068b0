// Package feed fetches what Rollcall imports — a file, or a document at a
// web address — with limits, and with conditional requests so a feed
// polled on a schedule is downloaded only when it changed.
package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"rollcall"
)

// MaxBytes is the most any one document may be: the KEV catalogue is
// about 1.3 MB, a large CSAF advisory a few hundred KB, an OSV all.zip for
// a big ecosystem a few hundred MB.
const MaxBytes = 512 << 20

// IsURL reports whether s is an http or https address rather than a path.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// Validators are what a server said identifies the version it sent, for
// the next request to ask "only if changed".
type Validators = rollcall.Validators

// Document is one fetched document.
type Document struct {
	Body []byte
	// Name is the path or the final address, for messages.
	Name string
	// NotModified: the server said the document has not changed since
	// the validators given; Body is empty.
	NotModified bool
	Validators  Validators
}

// Client fetches documents. The zero value uses a client with a
// 60-second timeout.
type Client struct {
	HTTP *http.Client
	// UserAgent names Rollcall to servers.
	UserAgent string
}

func (c *Client) httpClient() *http.Client {
	if c != nil && c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 60 * time.Second}
}

// Get reads path or address src: a file, or a document by HTTP(S) GET
// sent with the validators (If-None-Match, If-Modified-Since) when given.
// A response other than 200 or 304, a body past MaxBytes, or an
// unreadable file is an error that names src.
func (c *Client) Get(ctx context.Context, src string, since Validators) (*Document, error) {
	return c.GetMax(ctx, src, since, MaxBytes)
}

// MaxDocumentBytes is the most a JSON document — a KEV catalogue, a CSAF
// advisory, a provider's metadata, a ROLIE feed — may be: each is parsed
// whole, in memory.
const MaxDocumentBytes = 64 << 20

// GetMax is Get with a smaller limit than MaxBytes.
func (c *Client) GetMax(ctx context.Context, src string, since Validators, max int64) (*Document, error) {
	if max <= 0 || max > MaxBytes {
		max = MaxBytes
	}
	if !IsURL(src) {
		f, err := os.Open(src)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", src, err)
		}
		defer f.Close()
		body, err := readLimited(f, src, max)
		if err != nil {
			return nil, err
		}
		return &Document{Body: body, Name: src}, nil
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q is not a web address", src)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, err
	}
	ua := "Rollcall"
	if c != nil && c.UserAgent != "" {
		ua = c.UserAgent
	}
	req.Header.Set("User-Agent", ua)
	if since.ETag != "" {
		req.Header.Set("If-None-Match", since.ETag)
	}
	if since.LastModified != "" {
		req.Header.Set("If-Modified-Since", since.LastModified)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", src, err)
	}
	defer resp.Body.Close()
	doc := &Document{Name: resp.Request.URL.String(), Validators: Validators{
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotModified:
		doc.NotModified = true
		if doc.Validators == (Validators{}) {
			doc.Validators = since
		}
		return doc, nil
	default:
		return nil, fmt.Errorf("fetch %s: the server answered %s", src, resp.Status)
	}
	if doc.Body, err = readLimited(resp.Body, src, max); err != nil {
		return nil, err
	}
	return doc, nil
}

// ErrTooLarge is returned for a document past MaxBytes.
var ErrTooLarge = errors.New("larger than Rollcall takes")

func readLimited(r io.Reader, name string, max int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("%s: %w (%d MiB)", name, ErrTooLarge, max>>20)
	}
	return body, nil
}
