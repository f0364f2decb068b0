package version

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestRealSBOMVersionsParse checks that every package version in the real
// CycloneDX SBOMs under ../shared/data/cyclonedx parses under its scheme:
// the unparseable rule must not turn ordinary inventories into "unknown".
func TestRealSBOMVersionsParse(t *testing.T) {
	files, _ := filepath.Glob("../../shared/data/cyclonedx/*.json")
	if len(files) == 0 {
		t.Skip("no CycloneDX SBOMs available")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var bom struct {
			Components []struct {
				PURL       string `json:"purl"`
				Components []struct {
					PURL string `json:"purl"`
				} `json:"components"`
			} `json:"components"`
		}
		if err := json.Unmarshal(data, &bom); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var purls []string
		for _, c := range bom.Components {
			purls = append(purls, c.PURL)
			for _, sub := range c.Components {
				purls = append(purls, sub.PURL)
			}
		}
		parsed := 0
		for _, p := range purls {
			if p == "" {
				continue
			}
			s, v, err := SchemeForPURL(p)
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(name), err)
				continue
			}
			if _, err := Parse(s, v); err != nil {
				t.Errorf("%s: %s: %v", filepath.Base(name), p, err)
				continue
			}
			parsed++
		}
		t.Logf("%s: %d package versions parsed", filepath.Base(name), parsed)
		if parsed == 0 {
			t.Errorf("%s: no package versions found", filepath.Base(name))
		}
	}
}
