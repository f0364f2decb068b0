package inventory_test

import (
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
)

func TestParseOsqueryWindows(t *testing.T) {
	snap := parseFile(t, "testdata/windows.osquery.json", inventory.Options{})
	if snap.Source != "osquery" || len(snap.Hosts) != 1 {
		t.Fatalf("got source %q, %d hosts; want osquery, 1", snap.Source, len(snap.Hosts))
	}
	h := snap.Hosts[0]
	if h.Name != "WS-0142" {
		t.Errorf("got host %q, want WS-0142", h.Name)
	}
	if want := (inventory.OS{Name: "Microsoft Windows 7 Professional", Version: "6.1", Build: "7601"}); h.OS != want {
		t.Errorf("got OS %+v, want %+v", h.OS, want)
	}
	if got := strings.Join(h.Updates, " "); got != "KB4012212 KB2533552" {
		t.Errorf("got updates %q", got)
	}
	if it := findItem(t, h, "7-Zip 19.00 (x64)"); it.Vendor != "Igor Pavlov" || it.Version != "19.00" || it.PURL != "" {
		t.Errorf("got %+v", it)
	}
	if len(h.Software) != 3 {
		t.Errorf("got %d items, want 3", len(h.Software))
	}
}

func TestParseOsqueryLinux(t *testing.T) {
	snap := parseFile(t, "testdata/linux.osquery.json", inventory.Options{})
	h := snap.Hosts[0]
	if h.Name != "srv-records-01" {
		t.Errorf("got host %q, want the system_info hostname", h.Name)
	}
	if h.OS.Name != "Debian GNU/Linux" || h.OS.Version != "12 (bookworm)" {
		t.Errorf("got OS %+v", h.OS)
	}
	for _, p := range []string{
		"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64",
		"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64",
		"pkg:pypi/jinja2@3.1.2",
	} {
		if !hasPURL(h, p) {
			t.Errorf("no item with purl %s in %+v", p, h.Software)
		}
	}
}

func TestParseOsqueryFleetLog(t *testing.T) {
	snap := parseFile(t, "testdata/fleet-results.log", inventory.Options{})
	if len(snap.Hosts) != 2 {
		t.Fatalf("got %d hosts, want 2", len(snap.Hosts))
	}
	rhel, ws := snap.Hosts[0], snap.Hosts[1]
	if rhel.Name != "rhel-lab-02" || rhel.OS.Name != "Red Hat Enterprise Linux" {
		t.Errorf("got %q %+v", rhel.Name, rhel.OS)
	}
	if it := findItem(t, rhel, "openssl"); it.Version != "3.0.7-27.el9" || it.Vendor != "Red Hat, Inc." ||
		it.PURL != "pkg:rpm/redhat/openssl@3.0.7-27.el9?arch=x86_64&epoch=1" {
		t.Errorf("got %+v", it)
	}
	if len(rhel.Software) != 2 {
		t.Errorf("got %d rpm items, want 2 (the uptime query is skipped)", len(rhel.Software))
	}
	// The differential log removed Chrome 118 and added 119.
	if chrome := findItem(t, ws, "Google Chrome"); chrome.Version != "119.0.6045.106" {
		t.Errorf("got Chrome %s, want 119.0.6045.106", chrome.Version)
	}
	if len(ws.Software) != 2 || strings.Join(ws.Updates, " ") != "KB4012212" {
		t.Errorf("got %+v", ws)
	}
}

func TestParseOsquery(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		host  string
		want  string // host name when no error
		code  string
		field string
	}{
		{"host given", `{"programs":[{"name":"7-Zip","version":"19.00","publisher":"Igor Pavlov"}]}`, "ws-9", "ws-9", "", ""},
		{"numbers as values", `{"hostname":"a","rpm_packages":[{"name":"bash","version":"5.1","release":"2","epoch":0}]}`, "", "a", "", ""},
		{"query names", `{"hostname":"a","pack/Global/deb_packages":[{"name":"bash","version":"5.2"}]}`, "", "a", "", ""},
		{"no host", `{"programs":[]}`, "", "", rollcall.EINVALID, "hostname"},
		{"rows not an array", `{"hostname":"a","programs":{"name":"x"}}`, "", "", rollcall.EINVALID, "programs"},
		{"object value", `{"hostname":"a","programs":[{"name":"x"},{"name":{"a":1}}]}`, "", "", rollcall.EINVALID, "programs[1].name"},
		{"bad hotfix", `{"hostname":"a","patches":[{"hotfix_id":"KB4012212"},{"hotfix_id":"Update for Windows"}]}`, "", "", rollcall.EINVALID, "patches[1].hotfix_id"},
		{"no name", `{"hostname":"a","deb_packages":[{"version":"1"}]}`, "", "", rollcall.EINVALID, "deb_packages[0].name"},
		{"log: broken line", "{\"name\":\"programs\",\"hostIdentifier\":\"a\",\"action\":\"snapshot\",\"snapshot\":[]}\n{\"name\":", "", "", rollcall.EINVALID, "line 2"},
		{"log: bad action", `{"name":"programs","hostIdentifier":"a","action":"deleted","columns":{}}`, "", "", rollcall.EINVALID, "line 1, action"},
		{"log: no host", `{"name":"programs","hostIdentifier":"","action":"snapshot","snapshot":[]}`, "", "", rollcall.EINVALID, "line 1, hostIdentifier"},
		{"log: bad row", "{\"name\":\"uptime\",\"hostIdentifier\":\"a\",\"action\":\"snapshot\",\"snapshot\":[]}\n{\"name\":\"pack/p/patches\",\"hostIdentifier\":\"a\",\"action\":\"snapshot\",\"snapshot\":[{\"hotfix_id\":\"x\"}]}", "", "", rollcall.EINVALID, "line 2, snapshot[0].hotfix_id"},
		{"log: nothing known", `{"name":"uptime","hostIdentifier":"a","action":"snapshot","snapshot":[]}`, "", "", rollcall.EINVALID, "line 1"},
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
