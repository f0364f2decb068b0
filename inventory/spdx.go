package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"rollcall"
)

// parseSPDX reads an SPDX 2.3 JSON document as one host: every package
// becomes an item (name, versionInfo, supplier as vendor, the first purl and
// cpe23Type/cpe22Type external reference). Other SPDX versions are refused.
//
// The host is opts.Host, else the document's name.
func parseSPDX(data []byte, opts Options) (*Snapshot, error) {
	var head struct {
		Version string `json:"spdxVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	if head.Version != v2_3.Version {
		return nil, rollcall.FieldError("spdxVersion", "SPDX version %q: Rollcall reads %s JSON documents", head.Version, v2_3.Version)
	}
	var doc v2_3.Document
	if err := spdxjson.ReadInto(bytes.NewReader(data), &doc); err != nil {
		return nil, jsonError(data, err)
	}
	host := Host{Name: opts.Host}
	if host.Name == "" {
		host.Name = doc.DocumentName
	}
	if strings.TrimSpace(host.Name) == "" {
		return nil, rollcall.FieldError("name", "the SBOM names no application or host: give a host name with the upload, or set the document name")
	}
	for i, p := range doc.Packages {
		at := fmt.Sprintf("packages[%d]", i)
		if p == nil {
			return nil, rollcall.FieldError(at, "a package is null")
		}
		it := Item{Name: p.PackageName, Version: p.PackageVersion}
		if p.PackageSupplier != nil && p.PackageSupplier.Supplier != "NOASSERTION" {
			it.Vendor = p.PackageSupplier.Supplier
		}
		for j, ref := range p.PackageExternalReferences {
			if ref == nil {
				continue
			}
			refAt := fmt.Sprintf("%s.externalRefs[%d].referenceLocator", at, j)
			switch ref.RefType {
			case "purl":
				if it.PURL == "" {
					if _, err := NormalizePURL(ref.Locator); err != nil {
						return nil, rollcall.FieldError(refAt, "%s", err.Error())
					}
					it.PURL = ref.Locator
				}
			case "cpe23Type", "cpe22Type":
				if it.CPE == "" {
					it.CPE = ref.Locator
					if !cpePattern.MatchString(strings.TrimSpace(it.CPE)) {
						return nil, rollcall.FieldError(refAt, "%q is not a CPE (cpe:2.3:… or cpe:/…)", ref.Locator)
					}
				}
			}
		}
		if err := itemAt(at, &it); err != nil {
			return nil, err
		}
		host.Software = append(host.Software, it)
	}
	return &Snapshot{Source: "spdx", Hosts: []Host{host}}, nil
}
