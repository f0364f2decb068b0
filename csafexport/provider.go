package csafexport

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"rollcall"
	"rollcall/csafmodel"
)

// The provider's paths, from the site's root (CSAF 2.0 sections 7.1.9
// and 7.1.15).
const (
	ProviderMetadataPath = "/.well-known/csaf/provider-metadata.json"
	FeedPath             = "/.well-known/csaf/white/rollcall-feed.json"
	// CSAFSchemaURL is the schema the feed's entries name as their format.
	CSAFSchemaURL = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"
)

// Role is the provider's CSAF role when its documents are not signed.
// Rollcall is then a csaf_provider: its documents are valid and TLP:WHITE,
// served without sign-in and without redirects, with provider metadata at
// the well-known address and a ROLIE feed (requirements 1 to 7, 9 and 15
// to 17 of section 7.1; TLS, requirement 3, is the deployment's). It offers SHA-256 and SHA-512 hashes
// (requirement 18) but signs nothing, so it is not a
// csaf_trusted_provider (requirements 19 and 20).
const Role = "csaf_provider"

// TrustedRole is the role of a provider that also signs every document
// with OpenPGP and publishes the public key (requirements 18 to 20 of
// section 7.1, CSAF 2.0 section 7.2.3). See ProviderOptions.Trusted for
// when Rollcall claims it.
const TrustedRole = "csaf_trusted_provider"

// PublicKey is a public OpenPGP key the provider signs its documents with,
// as listed in provider-metadata.json (public_openpgp_keys).
type PublicKey struct {
	// Fingerprint is the key's fingerprint in upper-case hexadecimal (40
	// characters for a version 4 key).
	Fingerprint string `json:"fingerprint"`
	// URL is where the armoured public key is served.
	URL string `json:"url"`
}

// ProviderOptions say how the documents are signed. The zero value is an
// unsigned csaf_provider.
type ProviderOptions struct {
	// Keys are the public keys the documents are signed with. When there
	// is any, every document has a detached ASCII-armoured signature at
	// its address + ".asc", listed in the ROLIE feed (rel "signature"),
	// and the keys are listed in the provider metadata.
	Keys []PublicKey
	// Trusted claims the csaf_trusted_provider role. It needs Keys and an
	// https BaseURL; the caller vouches for the rest (see the package
	// documentation): ProviderMetadataWith refuses it otherwise.
	Trusted bool
}

type providerMetadata struct {
	CanonicalURL            string              `json:"canonical_url"`
	Distributions           []providerDistrib   `json:"distributions"`
	LastUpdated             string              `json:"last_updated"`
	ListOnCSAFAggregators   bool                `json:"list_on_CSAF_aggregators"`
	MetadataVersion         string              `json:"metadata_version"`
	MirrorOnCSAFAggregators bool                `json:"mirror_on_CSAF_aggregators"`
	PublicOpenPGPKeys       []PublicKey         `json:"public_openpgp_keys,omitempty"`
	Publisher               csafmodel.Publisher `json:"publisher"`
	Role                    string              `json:"role"`
}

type providerDistrib struct {
	ROLIE rolie `json:"rolie"`
}

type rolie struct {
	Feeds []rolieFeedRef `json:"feeds"`
}

type rolieFeedRef struct {
	Summary  string `json:"summary"`
	TLPLabel string `json:"tlp_label"`
	URL      string `json:"url"`
}

// ProviderMetadata writes provider-metadata.json for an unsigned provider:
// ProviderMetadataWith with no options.
func ProviderMetadata(p Publisher, lastUpdated time.Time) ([]byte, error) {
	return ProviderMetadataWith(p, lastUpdated, ProviderOptions{})
}

// ProviderMetadataWith writes provider-metadata.json for a provider at
// p.BaseURL, last updated at lastUpdated (the latest change of any
// document). It names one ROLIE feed, of TLP:WHITE documents, and the
// OpenPGP keys in o (public_openpgp_keys is left out when there is none),
// and asks aggregators neither to list nor to mirror it: that is the
// centre's decision to make. The role is TrustedRole when o.Trusted,
// else Role.
func ProviderMetadataWith(p Publisher, lastUpdated time.Time, o ProviderOptions) ([]byte, error) {
	role := Role
	if o.Trusted {
		if len(o.Keys) == 0 {
			return nil, errors.New("csafexport: a trusted provider signs its documents, but no OpenPGP key is given")
		}
		if !strings.HasPrefix(p.BaseURL, "https://") {
			return nil, errors.New("csafexport: a trusted provider is served over https, but the base URL is " + p.BaseURL)
		}
		role = TrustedRole
	}
	for _, k := range o.Keys {
		if len(k.Fingerprint) < 40 || strings.ToUpper(k.Fingerprint) != k.Fingerprint || strings.Trim(k.Fingerprint, "0123456789ABCDEF") != "" || k.URL == "" {
			return nil, errors.New("csafexport: an OpenPGP key needs an upper-case hexadecimal fingerprint of 40 or more characters and a URL")
		}
	}
	m := providerMetadata{
		CanonicalURL: p.BaseURL + ProviderMetadataPath,
		Distributions: []providerDistrib{{ROLIE: rolie{Feeds: []rolieFeedRef{{
			Summary: "Every alert " + p.Name + " has published (TLP:WHITE).", TLPLabel: TLP, URL: p.BaseURL + FeedPath,
		}}}}},
		LastUpdated:       Date(lastUpdated),
		MetadataVersion:   "2.0",
		PublicOpenPGPKeys: o.Keys,
		Publisher:         p.csaf(),
		Role:              role,
	}
	return marshalJSON(m)
}

type rolieFeed struct {
	Feed rolieFeedData `json:"feed"`
}

type rolieFeedData struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Link     []rolieLink     `json:"link"`
	Category []rolieCategory `json:"category"`
	Updated  string          `json:"updated"`
	Entry    []rolieEntry    `json:"entry"`
}

type rolieLink struct {
	Rel  string `json:"rel"`
	HRef string `json:"href"`
}

type rolieCategory struct {
	Scheme string `json:"scheme"`
	Term   string `json:"term"`
}

type rolieEntry struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	Link      []rolieLink   `json:"link"`
	Published string        `json:"published"`
	Updated   string        `json:"updated"`
	Summary   *rolieSummary `json:"summary,omitempty"`
	Content   rolieContent  `json:"content"`
	Format    rolieFormat   `json:"format"`
}

type rolieSummary struct {
	Content string `json:"content"`
}

type rolieContent struct {
	Type string `json:"type"`
	Src  string `json:"src"`
}

type rolieFormat struct {
	Schema  string `json:"schema"`
	Version string `json:"version"`
}

// Feed writes the ROLIE feed of an unsigned provider: FeedWith with no
// options.
func Feed(p Publisher, alerts []*rollcall.Alert, updated time.Time) ([]byte, error) {
	return FeedWith(p, alerts, updated, ProviderOptions{})
}

// FeedWith writes the ROLIE feed of the given alerts' documents (CSAF 2.0
// section 7.1.15), newest change first as given. Each entry links to the
// document and its .sha256 and .sha512 files (rel "hash"), and, when o
// has keys, its .asc signature (rel "signature"); an entry's updated time
// is the alert's last change (its last revision). updated is the feed's.
func FeedWith(p Publisher, alerts []*rollcall.Alert, updated time.Time, o ProviderOptions) ([]byte, error) {
	f := rolieFeed{Feed: rolieFeedData{
		ID:       "rollcall-feed",
		Title:    p.Name + " alerts (TLP:WHITE)",
		Link:     []rolieLink{{Rel: "self", HRef: p.BaseURL + FeedPath}},
		Category: []rolieCategory{{Scheme: "urn:ietf:params:rolie:category:information-type", Term: "csaf"}},
		Updated:  Date(updated),
		Entry:    []rolieEntry{},
	}}
	for _, a := range alerts {
		u := p.BaseURL + DocumentPath(a)
		e := rolieEntry{
			ID:        a.Reference,
			Title:     a.Title,
			Link:      []rolieLink{{Rel: "self", HRef: u}, {Rel: "hash", HRef: u + ".sha256"}, {Rel: "hash", HRef: u + ".sha512"}},
			Published: Date(a.PublishedAt),
			Updated:   Date(lastChange(a)),
			Content:   rolieContent{Type: "application/json", Src: u},
			Format:    rolieFormat{Schema: CSAFSchemaURL, Version: "2.0"},
		}
		if len(o.Keys) > 0 {
			e.Link = append(e.Link, rolieLink{Rel: "signature", HRef: u + ".asc"})
		}
		if a.Summary != "" {
			e.Summary = &rolieSummary{Content: a.Summary}
		}
		f.Feed.Entry = append(f.Feed.Entry, e)
	}
	return marshalJSON(f)
}

// lastChange is when an alert last changed: its last revision.
func lastChange(a *rollcall.Alert) time.Time {
	if a.UpdatedAt.After(a.PublishedAt) {
		return a.UpdatedAt
	}
	return a.PublishedAt
}

func marshalJSON(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
