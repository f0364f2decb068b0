package inventory_test

import (
	"os"
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
)

func TestParseSPDXFixture(t *testing.T) {
	snap := parseFile(t, "testdata/app.spdx.json", inventory.Options{})
	if snap.Source != "spdx" || len(snap.Hosts) != 1 {
		t.Fatalf("got source %q, %d hosts; want spdx, 1", snap.Source, len(snap.Hosts))
	}
	h := snap.Hosts[0]
	if h.Name != "patient-portal-2.4.1" {
		t.Errorf("got host %q, want the document name", h.Name)
	}
	if len(h.Software) != 4 {
		t.Errorf("got %d items, want 4", len(h.Software))
	}
	log4j := findItem(t, h, "log4j-core")
	want := inventory.Item{Name: "log4j-core", Vendor: "The Apache Software Foundation", Version: "2.14.1",
		PURL: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", CPE: "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"}
	if log4j != want {
		t.Errorf("got %+v, want %+v", log4j, want)
	}
	if j := findItem(t, h, "jackson-databind"); j.Vendor != "" {
		t.Errorf("got vendor %q for NOASSERTION, want none", j.Vendor)
	}
	if !hasPURL(h, "pkg:pypi/django@3.2.12") {
		t.Errorf("want the Django purl in canonical form, got %+v", h.Software)
	}
}

func TestParseSPDX(t *testing.T) {
	broken, err := os.ReadFile("testdata/broken-purl.spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		json  string
		host  string
		code  string
		field string
	}{
		{"broken purl fixture", string(broken), "", rollcall.EINVALID, "packages[2].externalRefs[0].referenceLocator"},
		{"SPDX 2.2", `{"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT","name":"x"}`, "", rollcall.EINVALID, "spdxVersion"},
		{"bad cpe", `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"x","packages":[{"SPDXID":"SPDXRef-a","name":"a","externalRefs":[{"referenceCategory":"SECURITY","referenceType":"cpe23Type","referenceLocator":"apache"}]}]}`, "", rollcall.EINVALID, "packages[0].externalRefs[0].referenceLocator"},
		{"no name", `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[]}`, "", rollcall.EINVALID, "name"},
		{"wrong type", `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"x","packages":[{"SPDXID":"SPDXRef-a","name":"a","versionInfo":3}]}`, "", rollcall.EINVALID, "packages.versionInfo"},
		{"broken JSON", "{\"spdxVersion\":\"SPDX-2.3\",\n\"packages\":[,]}", "", rollcall.EMALFORMED, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := inventory.Parse(strings.NewReader(tt.json), inventory.Options{Host: tt.host})
			wantError(t, err, tt.code, tt.field)
			if snap != nil {
				t.Error("got a snapshot with the error, want none")
			}
		})
	}
}
