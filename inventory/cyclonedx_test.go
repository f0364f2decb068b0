package inventory_test

import (
	"os"
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
)

// The real SBOMs of ../../shared/data/cyclonedx, read where they are.
const cyclonedxData = "../../shared/data/cyclonedx/"

func TestParseCycloneDXRealSBOMs(t *testing.T) {
	tests := []struct {
		file  string
		host  string // given with the upload; "" takes metadata.component.name
		want  string
		items int
		purls []string
	}{
		{"dropwizard-1.3.15.bom.json", "", "dropwizard-parent", 167, []string{
			"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10?type=jar",
		}},
		{"keycloak-10.0.2.bom.json", "idp.example-trust.test", "idp.example-trust.test", 903, []string{
			"pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar",
		}},
		{"laravel-7.12.0.bom.json", "", "cyclonedx-php-composer-demo", 62, []string{
			"pkg:composer/asm89/stack-cors@1.3.0",
			"pkg:composer/brick/math@0.9.3",
		}},
	}
	if _, err := os.Stat(cyclonedxData); err != nil {
		t.Skip("the shared SBOMs are not beside the project")
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			snap := parseFile(t, cyclonedxData+tt.file, inventory.Options{Host: tt.host})
			if snap.Source != "cyclonedx" || len(snap.Hosts) != 1 {
				t.Fatalf("got source %q, %d hosts; want cyclonedx, 1", snap.Source, len(snap.Hosts))
			}
			h := snap.Hosts[0]
			if h.Name != tt.want {
				t.Errorf("got host %q, want %q", h.Name, tt.want)
			}
			if got := len(h.Software); got != tt.items {
				t.Errorf("got %d items, want %d", got, tt.items)
			}
			for _, p := range tt.purls {
				if !hasPURL(h, p) {
					t.Errorf("no item with purl %s", p)
				}
			}
		})
	}
}

func TestParseCycloneDX(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		host  string // Options.Host
		want  string // host name when no error
		code  string
		field string
	}{
		{"name from metadata", `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"type":"application","name":"portal"}},"components":[{"type":"library","name":"a","version":"1"}]}`, "", "portal", "", ""},
		{"name given wins", `{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"application","name":"portal"}}}`, "srv-1", "srv-1", "", ""},
		{"unknown spec version", `{"bomFormat":"CycloneDX","specVersion":"1.7","components":[]}`, "h", "", rollcall.EINVALID, "specVersion"},
		{"no name", `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}`, "", "", rollcall.EINVALID, "metadata.component.name"},
		{"bad purl nested", `{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"type":"library","name":"a"},{"type":"library","name":"b","components":[{"type":"library","name":"c","purl":"nope"}]}]}`, "h", "", rollcall.EINVALID, "components[1].components[0].purl"},
		{"bad cpe", `{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"type":"library","name":"a","cpe":"apache"}]}`, "h", "", rollcall.EINVALID, "components[0].cpe"},
		{"wrong type", `{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"type":"library","name":7}]}`, "h", "", rollcall.EINVALID, "components.name"},
		{"broken JSON", "{\"bomFormat\":\"CycloneDX\",\n\"components\":[}", "h", "", rollcall.EMALFORMED, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := inventory.Parse(strings.NewReader(tt.json), inventory.Options{Host: tt.host})
			if tt.code != "" {
				wantError(t, err, tt.code, tt.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if snap.Hosts[0].Name != tt.want {
				t.Errorf("got host %q, want %q", snap.Hosts[0].Name, tt.want)
			}
		})
	}
}

func TestParseCycloneDXNested(t *testing.T) {
	bom := `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[
		{"type":"library","group":"org.apache.logging.log4j","name":"log4j-core","version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
		 "components":[{"type":"library","name":"inner","version":"2","publisher":"Acme"}]}]}`
	snap, err := inventory.Parse(strings.NewReader(bom), inventory.Options{Host: "app"})
	if err != nil {
		t.Fatal(err)
	}
	got := snap.Hosts[0].Software
	want := []inventory.Item{
		{Name: "log4j-core", Vendor: "org.apache.logging.log4j", Version: "2.14.1", PURL: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
		{Name: "inner", Vendor: "Acme", Version: "2"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
