package rollcall

import (
	"net/url"
	"strings"
	"time"
)

// SourceKind is what a feed source holds and how Rollcall reads it.
type SourceKind string

// The kinds of source.
const (
	// SourceKEV is the Known Exploited Vulnerabilities catalogue: one JSON
	// document, by URL or path.
	SourceKEV SourceKind = "kev"
	// SourceCSAF is CSAF 2.0 advisories: a provider's
	// provider-metadata.json, a ROLIE feed, one document's URL, or a
	// folder of documents.
	SourceCSAF SourceKind = "csaf"
	// SourceOSV is OSV records: an ecosystem's all.zip by URL or path, a
	// folder, or one record.
	SourceOSV SourceKind = "osv"
)

// Valid reports whether k is a known kind.
func (k SourceKind) Valid() bool { return k == SourceKEV || k == SourceCSAF || k == SourceOSV }

// Source is a feed the centre imports advisories from on a schedule.
type Source struct {
	ID       int64      `json:"id"`
	Name     string     `json:"name"`
	Kind     SourceKind `json:"kind"`
	Location string     `json:"location"` // a URL, or a path on the server
	Enabled  bool       `json:"enabled"`
	// Every is how often it is read.
	Every time.Duration `json:"every_ns"`
	// NextRunAt is when it is next due.
	NextRunAt time.Time `json:"next_run_at"`
	// The last run: when, how it went, what it did.
	LastRun   *SourceRun `json:"last_run,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// SourceRun is one reading of a source.
type SourceRun struct {
	SourceID   int64     `json:"source_id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Status is "ok", "unchanged" (the server said nothing changed),
	// "partial" (some documents refused, the rest imported) or "failed"
	// (nothing imported).
	Status    string   `json:"status"`
	Documents int      `json:"documents"`
	Added     int      `json:"added"`
	Changed   int      `json:"changed"`
	Unchanged int      `json:"unchanged"`
	Refused   int      `json:"refused"`
	Errors    []string `json:"errors,omitempty"`
}

// The run statuses.
const (
	RunOK        = "ok"
	RunUnchanged = "unchanged"
	RunPartial   = "partial"
	RunFailed    = "failed"
)

// MinSourceEvery is the shortest schedule a source may have: feeds are
// read over the network, politely.
const MinSourceEvery = 5 * time.Minute

// Validate checks a source before it is saved.
func (s *Source) Validate() error {
	s.Name, s.Location = strings.TrimSpace(s.Name), strings.TrimSpace(s.Location)
	switch {
	case s.Name == "":
		return FieldError("name", "Give the source a name.")
	case len(s.Name) > 200:
		return FieldError("name", "A source's name must be at most 200 characters.")
	case !s.Kind.Valid():
		return FieldError("kind", "The kind must be kev, csaf or osv.")
	case s.Location == "":
		return FieldError("location", "Give the address (https://…) or the path on the server to read.")
	case s.Every < MinSourceEvery:
		return FieldError("every", "A source is read at most every 5 minutes.")
	}
	if !strings.Contains(s.Location, "://") && !strings.HasPrefix(s.Location, "/") {
		return FieldError("location", "A path on the server must be absolute (/srv/feeds/…), so it does not depend on where Rollcall was started.")
	}
	if strings.Contains(s.Location, "://") {
		u, err := url.Parse(s.Location)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return FieldError("location", "%q is not a web address (http:// or https://).", s.Location)
		}
		// Written as the readers tell an address from a path ("HTTP://"
		// would otherwise be read as a path).
		s.Location = u.String()
	}
	return nil
}

// Validators are what a server said identifies the version of a document
// it sent (ETag, Last-Modified), to ask next time "only if changed".
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}
