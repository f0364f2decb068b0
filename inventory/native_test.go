package inventory_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
)

func TestWriteJSONRoundTrip(t *testing.T) {
	for _, file := range []string{"testdata/estate.csv", "testdata/app.spdx.json", "testdata/fleet-results.log"} {
		t.Run(file, func(t *testing.T) {
			want := parseFile(t, file, inventory.Options{})
			var buf bytes.Buffer
			if err := inventory.WriteJSON(&buf, want); err != nil {
				t.Fatal(err)
			}
			got, err := inventory.Parse(&buf, inventory.Options{})
			if err != nil {
				t.Fatalf("Parse(WriteJSON): %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestParseNative(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		code  string
		field string
	}{
		{"valid", `{"format":"rollcall-inventory","version":1,"source":"collect","hosts":[{"name":"a","updates":["kb4012212"],"software":[{"name":"bash","purl":"pkg:deb/debian/bash@5.2"}]}]}`, "", ""},
		{"other version", `{"format":"rollcall-inventory","version":2,"hosts":[]}`, rollcall.EINVALID, "version"},
		{"no hosts", `{"format":"rollcall-inventory","version":1,"hosts":[]}`, rollcall.EINVALID, "hosts"},
		{"bad purl", `{"format":"rollcall-inventory","version":1,"hosts":[{"name":"a","software":[{"name":"x"},{"name":"y","purl":"z"}]}]}`, rollcall.EINVALID, "hosts[0].software[1].purl"},
		{"bad update", `{"format":"rollcall-inventory","version":1,"hosts":[{"name":"a","updates":["KB1","x"]}]}`, rollcall.EINVALID, "hosts[0].updates[0]"},
		{"unknown member", `{"format":"rollcall-inventory","version":1,"hosts":[{"name":"a","colour":"red"}]}`, rollcall.EINVALID, ""},
		{"unknown JSON", `{"hello":"world"}`, rollcall.EINVALID, ""},
		{"JSON array", `[{"name":"bash"}]`, rollcall.EINVALID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inventory.Parse(strings.NewReader(tt.json), inventory.Options{})
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantError(t, err, tt.code, tt.field)
		})
	}
}
