package server

import (
	"fmt"
	"net/http"
	"testing"
)

func TestAPIInventory(t *testing.T) {
	f := newFixture(t)
	path := fmt.Sprintf("/api/v1/organisations/%d/inventory", f.Orgs["NTRUST"].ID)
	csv := "host,os_name,os_version,os_build,updates,software_name,software_version,purl\n" +
		"WS-001,Microsoft Windows 7 Professional,6.1,7601,KB4012215,lodash,4.17.20,pkg:npm/lodash@4.17.20\n"
	var saved struct {
		Source      string `json:"source"`
		Hosts, Rows int
	}
	f.as("respN").do("POST", path, rawBody{Data: csv, ContentType: "text/csv"}).want(http.StatusOK).into(&saved)
	if saved.Source != "csv" || saved.Hosts != 1 || saved.Rows != 3 {
		t.Errorf("saved %+v, want csv, 1 host, 3 rows (Windows, KB, lodash)", saved)
	}
	tests := []struct {
		name      string
		body      rawBody
		status    int
		wantField string
	}{
		{"a broken purl names its line and column", rawBody{Data: csv + "WS-002,,,,,x,1.0,pkg:nope\n", ContentType: "text/csv"}, 422, "line 3, column purl"},
		{"JSON of another kind", rawBody{Data: `{"bomFormat":"SomethingElse"}`, ContentType: "application/json"}, 422, ""},
		{"a form Rollcall does not take", rawBody{Data: "x", ContentType: "application/xml"}, 422, "Content-Type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := f.as("respN").do("POST", path, tt.body).want(tt.status).apiError()
			if tt.wantField != "" && d.Field != tt.wantField {
				t.Errorf("field %q (%s), want %q", d.Field, d.Message, tt.wantField)
			}
		})
	}
	var inv struct {
		Summary struct{ Hosts, Rows int } `json:"summary"`
		Hosts   struct {
			Items []struct {
				Name  string `json:"name"`
				Items []struct{ Product, Version string }
			} `json:"items"`
		} `json:"hosts"`
	}
	f.as("leadN").do("GET", path, nil).want(http.StatusOK).into(&inv)
	if inv.Summary.Hosts != 1 || inv.Summary.Rows != 3 || len(inv.Hosts.Items) != 1 || len(inv.Hosts.Items[0].Items) != 3 {
		t.Errorf("inventory after one good and three refused uploads: %+v", inv)
	}
}
