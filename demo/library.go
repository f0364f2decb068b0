package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"fmt"
	"io"
	"path"
	"strings"

	"rollcall/csafimport"
	"rollcall/kev"
	"rollcall/service"
)

// library holds the advisories the demo's library is filled with, all
// real and public:
//
//   - known_exploited_vulnerabilities-2025.08.25.json.gz: the CISA Known
//     Exploited Vulnerabilities catalogue, version 2025.08.25 (1,404
//     entries), from github.com/cisagov/kev-data at eacf03e; CC0 1.0.
//   - *.json: five CSAF 2.0 example advisories (BSI, Cisco, Red Hat) from
//     the OASIS CSAF repository (github.com/oasis-tcs/csaf at 27af37f,
//     csaf_2.0/examples); OASIS / BSD-3-Clause.
//
//go:embed library
var library embed.FS

// KEVCatalogue returns the demo's copy of the KEV catalogue, as CISA
// publishes it (JSON), for a demo feed source to read.
func KEVCatalogue() ([]byte, error) {
	f, err := library.Open("library/known_exploited_vulnerabilities-2025.08.25.json.gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// importLibrary fills the advisory library: the KEV catalogue and the CSAF
// examples, imported as the centre's operator would.
func (g *generator) importLibrary(ctx context.Context) error {
	data, err := KEVCatalogue()
	if err != nil {
		return err
	}
	b, err := kev.Parse(data)
	if err != nil {
		return fmt.Errorf("KEV: %w", err)
	}
	advs := b.Advisories
	entries, err := library.ReadDir("library")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		doc, err := library.ReadFile(path.Join("library", e.Name()))
		if err != nil {
			return err
		}
		a, _, err := csafimport.Parse(bytes.TrimSpace(doc))
		if err != nil {
			return fmt.Errorf("CSAF %s: %w", e.Name(), err)
		}
		advs = append(advs, a)
	}
	res, err := g.svc.ImportAdvisories(ctx, service.Operator(), advs)
	if err != nil {
		return err
	}
	g.result.Advisories = res.Added + res.Changed + res.Unchanged
	return nil
}

// ms17010Advisory is the library entry the WannaCry alert is linked to.
const ms17010Advisory = "kev:CVE-2017-0144"
