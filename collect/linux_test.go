package collect_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"rollcall"
	"rollcall/collect"
	"rollcall/inventory"
)

func TestLinuxFixture(t *testing.T) {
	snap, err := collect.Linux("testdata/debian12")
	if err != nil {
		t.Fatal(err)
	}
	h := snap.Hosts[0]
	if h.Name != "srv-records-01" {
		t.Errorf("got host %q, want srv-records-01", h.Name)
	}
	if want := (inventory.OS{Name: "Debian GNU/Linux", Version: "12"}); h.OS != want {
		t.Errorf("got OS %+v, want %+v", h.OS, want)
	}
	want := []inventory.Item{
		{Name: "openssl", Vendor: "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>", Version: "3.0.11-1~deb12u2", PURL: "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64"},
		{Name: "libssl3", Vendor: "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>", Version: "3.0.11-1~deb12u2", PURL: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64"},
		{Name: "tzdata", Vendor: "GNU Libc Maintainers <debian-glibc@lists.debian.org>", Version: "2024a-0+deb12u1", PURL: "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all"},
	}
	if !reflect.DeepEqual(h.Software, want) {
		t.Errorf("got %+v\nwant %+v (sudo is removed, not installed)", h.Software, want)
	}
}

func TestLinuxThisHost(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("not Linux")
	}
	if _, err := os.Stat("/var/lib/dpkg/status"); err != nil {
		t.Skip("no dpkg on this host")
	}
	snap, err := collect.Linux("/")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(snap.Hosts[0].Software); got <= 50 {
		t.Errorf("got %d packages on this host, want more than 50", got)
	}
	roundTrip(t, snap)
}

func TestLinuxErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		field string
	}{
		{"no hostname", map[string]string{"etc/os-release": "ID=debian\n"}, ""},
		{"no os-release", map[string]string{"etc/hostname": "a\n"}, ""},
		{"unreadable rpm database", map[string]string{"etc/hostname": "a\n", "etc/os-release": "ID=rhel\n", "var/lib/rpm/rpmdb.sqlite": ""}, ""},
		{"broken status", map[string]string{"etc/hostname": "a\n", "etc/os-release": "ID=debian\n", "var/lib/dpkg/status": "Package: a\nStatus: install ok installed\nVersion: 1\n\nthis is not a field\n"}, "dpkg status: line 5"},
		{"no version", map[string]string{"etc/hostname": "a\n", "etc/os-release": "ID=debian\n", "var/lib/dpkg/status": "\nPackage: a\nStatus: install ok installed\n"}, "dpkg status: line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for name, content := range tt.files {
				path := filepath.Join(root, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			snap, err := collect.Linux(root)
			if err == nil || snap != nil {
				t.Fatalf("got %v, %v; want an error and no snapshot", snap, err)
			}
			if code := rollcall.ErrorCode(err); code != rollcall.EINVALID {
				t.Errorf("got code %q (%v), want %q", code, err, rollcall.EINVALID)
			}
			if got := rollcall.ErrorField(err); got != tt.field {
				t.Errorf("got field %q, want %q", got, tt.field)
			}
		})
	}
}

func TestRPMQuery(t *testing.T) {
	out := "openssl\t1\t3.0.7\t27.el9\tx86_64\tRed Hat, Inc.\n" +
		"gpg-pubkey\t0\tfd431d51\t4ae0493b\t(none)\t(none)\n"
	items, err := collect.RPMQuery(strings.NewReader(out), "rhel")
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.Item{
		{Name: "openssl", Vendor: "Red Hat, Inc.", Version: "3.0.7-27.el9", PURL: "pkg:rpm/redhat/openssl@3.0.7-27.el9?arch=x86_64&epoch=1"},
		{Name: "gpg-pubkey", Version: "fd431d51-4ae0493b", PURL: "pkg:rpm/redhat/gpg-pubkey@fd431d51-4ae0493b"},
	}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("got %+v\nwant %+v", items, want)
	}
	_, err = collect.RPMQuery(strings.NewReader(out+"bash 5.1\n"), "rhel")
	if got := rollcall.ErrorField(err); got != "rpm query: line 3" {
		t.Errorf("got field %q (%v), want rpm query: line 3", got, err)
	}
}

// roundTrip checks that inventory.Parse reads back what collect gathered.
func roundTrip(t *testing.T, snap *inventory.Snapshot) {
	t.Helper()
	var buf bytes.Buffer
	if err := inventory.WriteJSON(&buf, snap); err != nil {
		t.Fatal(err)
	}
	got, err := inventory.Parse(&buf, inventory.Options{})
	if err != nil {
		t.Fatalf("inventory.Parse(WriteJSON(collected)): %v", err)
	}
	if !reflect.DeepEqual(got, snap) {
		t.Errorf("round trip: got %+v, want %+v", got, snap)
	}
}
