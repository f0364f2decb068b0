package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"rollcall"
)

// cyclonedxVersions are the CycloneDX specifications with a JSON form that
// the library reads. Rollcall is tested on real 1.2 and 1.4 SBOMs.
var cyclonedxVersions = map[string]bool{"1.2": true, "1.3": true, "1.4": true, "1.5": true, "1.6": true}

// parseCycloneDX reads a CycloneDX JSON SBOM as one host: the
// application or machine it describes. Every component, nested ones too,
// becomes an item; metadata.component is the subject, not an item.
//
// The host is opts.Host, else metadata.component.name.
func parseCycloneDX(data []byte, opts Options) (*Snapshot, error) {
	var head struct {
		SpecVersion string `json:"specVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	if !cyclonedxVersions[head.SpecVersion] {
		return nil, rollcall.FieldError("specVersion", "CycloneDX %q: Rollcall reads CycloneDX 1.2 to 1.6 JSON", head.SpecVersion)
	}
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
		return nil, jsonError(data, err)
	}
	if bom.BOMFormat != cdx.BOMFormat {
		return nil, rollcall.FieldError("bomFormat", "%q is not %q", bom.BOMFormat, cdx.BOMFormat)
	}
	host := Host{Name: opts.Host}
	if host.Name == "" && bom.Metadata != nil && bom.Metadata.Component != nil {
		host.Name = bom.Metadata.Component.Name
	}
	if host.Name == "" {
		return nil, rollcall.FieldError("metadata.component.name", "the SBOM names no application or host: give a host name with the upload, or set metadata.component.name")
	}
	if bom.Components != nil {
		if err := addComponents(&host, "components", *bom.Components); err != nil {
			return nil, err
		}
	}
	return &Snapshot{Source: "cyclonedx", Hosts: []Host{host}}, nil
}

// addComponents appends components and, depth first, their nested
// components to h.Software; path is where they sit in the JSON.
func addComponents(h *Host, path string, components []cdx.Component) error {
	for i, c := range components {
		at := fmt.Sprintf("%s[%d]", path, i)
		if len(h.Software) >= MaxItems {
			return checkLimits(0, len(h.Software)+1, Options{})
		}
		it := Item{Name: c.Name, Vendor: componentVendor(c), Version: c.Version, PURL: c.PackageURL, CPE: c.CPE}
		if err := itemAt(at, &it); err != nil {
			return err
		}
		h.Software = append(h.Software, it)
		if c.Components != nil {
			if err := addComponents(h, at+".components", *c.Components); err != nil {
				return err
			}
		}
	}
	return nil
}

// componentVendor is who made a component: its publisher, else its
// supplier's or manufacturer's name, else its group (a Maven groupId, an npm
// scope), which is the best hint many SBOMs give.
func componentVendor(c cdx.Component) string {
	switch {
	case c.Publisher != "":
		return c.Publisher
	case c.Supplier != nil && c.Supplier.Name != "":
		return c.Supplier.Name
	case c.Manufacturer != nil && c.Manufacturer.Name != "":
		return c.Manufacturer.Name
	}
	return c.Group
}
