package inventory_test

import (
	"strings"
	"testing"

	"rollcall"
	"rollcall/inventory"
)

func TestParseCSVFixture(t *testing.T) {
	snap := parseFile(t, "testdata/estate.csv", inventory.Options{})
	if snap.Source != "csv" || len(snap.Hosts) != 2 {
		t.Fatalf("got source %q and %d hosts, want csv and 2", snap.Source, len(snap.Hosts))
	}
	ws := snap.Hosts[0]
	if want := (inventory.OS{Name: "Microsoft Windows 7 Professional", Version: "6.1", Build: "7601"}); ws.OS != want {
		t.Errorf("got OS %+v, want %+v", ws.OS, want)
	}
	if got := strings.Join(ws.Updates, " "); got != "KB4012212 KB4012215" {
		t.Errorf("got updates %q, want KB4012212 KB4012215", got)
	}
	if got := len(ws.Software); got != 2 {
		t.Errorf("got %d items on WS-001, want 2", got)
	}
	if ff := findItem(t, ws, "Mozilla Firefox"); ff.Vendor != "Mozilla" || ff.Version != "115.0.2" || !strings.HasPrefix(ff.CPE, "cpe:2.3:a:mozilla:firefox") {
		t.Errorf("got %+v", ff)
	}
	if !hasPURL(snap.Hosts[1], "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64") {
		t.Errorf("got %+v, want the openssl purl", snap.Hosts[1].Software)
	}
}

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name  string
		csv   string
		hosts int
		items int
		code  string // when an error is wanted
		field string
	}{
		{"columns in any order", "software_name,host\nfirefox,a\nchrome,a\n7zip,b\n", 2, 3, "", ""},
		{"semicolon separated", "host;software_name;updates\na;firefox;\"KB1234567;KB7654321\"\n", 1, 1, "", ""},
		{"host facts only", "host,os_name\na,Windows 10\n", 1, 0, "", ""},
		{"blank lines", "host,software_name\n\na,firefox\n\n", 1, 1, "", ""},
		{"host names merge case-insensitively", "host,software_name\nWS-1,a\nws-1,b\n", 1, 2, "", ""},
		{"purl gives the name", "host,purl\na,pkg:npm/left-pad@1.3.0\n", 1, 1, "", ""},
		{"byte-order mark", "\xef\xbb\xbfhost,software_name\r\na,b\r\n", 1, 1, "", ""},
		{"not UTF-8", "host,software_name\na,caf\xe9\n", 0, 0, rollcall.EINVALID, "line 2, column software_name"},
		{"host name too long", "host\n" + strings.Repeat("a", 256) + "\n", 0, 0, rollcall.EINVALID, "line 2, column host"},
		{"empty file", "", 0, 0, rollcall.EINVALID, "line 1"},
		{"no host column", "name,version\nfirefox,1\n", 0, 0, rollcall.EINVALID, "line 1"},
		{"unknown column", "host,colour\na,red\n", 0, 0, rollcall.EINVALID, "line 1, column 2"},
		{"column twice", "host,host\na,a\n", 0, 0, rollcall.EINVALID, "line 1, column 2"},
		{"header only", "host,software_name\n", 0, 0, rollcall.EINVALID, "line 2"},
		{"missing host", "host,software_name\na,firefox\n,chrome\n", 0, 0, rollcall.EINVALID, "line 3, column host"},
		{"conflicting OS", "host,os_name,software_name\na,Windows 7,x\na,Windows 10,y\n", 0, 0, rollcall.EINVALID, "line 3, column os_name"},
		{"bad update", "host,updates\na,KB12;KBxyz\n", 0, 0, rollcall.EINVALID, "line 2, column updates"},
		{"bad purl", "host,software_name,purl\na,x,pkg:npm/ok@1\na,y,notapurl\n", 0, 0, rollcall.EINVALID, "line 3, column purl"},
		{"bad cpe", "host,software_name,cpe\na,x,cpe:2.3:a:v:p:1\na,y,firefox\n", 0, 0, rollcall.EINVALID, "line 3, column cpe"},
		{"no name", "host,software_version\na,1.0\n", 0, 0, rollcall.EINVALID, "line 2, column software_name"},
		{"too many fields", "host,software_name\na,b,c\n", 0, 0, rollcall.EINVALID, "line 2"},
		{"broken quoting", "host,software_name\na,\"b\n", 0, 0, rollcall.EMALFORMED, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := inventory.Parse(strings.NewReader(tt.csv), inventory.Options{})
			if tt.code != "" {
				wantError(t, err, tt.code, tt.field)
				if snap != nil {
					t.Errorf("got a snapshot with the error, want none")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(snap.Hosts) != tt.hosts || snap.ItemCount() != tt.items {
				t.Errorf("got %d hosts and %d items, want %d and %d", len(snap.Hosts), snap.ItemCount(), tt.hosts, tt.items)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	csv := "host,software_name\na,1\nb,2\nc,3\n"
	_, err := inventory.Parse(strings.NewReader(csv), inventory.Options{MaxHosts: 2})
	wantError(t, err, rollcall.ETOOLARGE, "")
	_, err = inventory.Parse(strings.NewReader(csv), inventory.Options{MaxItems: 2})
	wantError(t, err, rollcall.ETOOLARGE, "")
	_, err = inventory.Parse(strings.NewReader(strings.Repeat(" ", inventory.MaxSize+1)), inventory.Options{})
	wantError(t, err, rollcall.ETOOLARGE, "")
}
