package collect_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"rollcall/collect"
	"rollcall/inventory"
)

func TestLinuxRPMBerkeleyDB(t *testing.T) {
	snap, err := collect.Linux("testdata/ubi8")
	if err != nil {
		t.Fatal(err)
	}
	h := snap.Hosts[0]
	if h.Name != "ubi8-app-01" || h.OS != (inventory.OS{Name: "Red Hat Enterprise Linux", Version: "8.8"}) {
		t.Errorf("got %q %+v", h.Name, h.OS)
	}
	want := []inventory.Item{{Name: "libuuid", Vendor: "Red Hat, Inc.", Version: "2.32.1-42.el8_8",
		PURL: "pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64"}}
	if !reflect.DeepEqual(h.Software, want) {
		t.Errorf("got %+v, want %+v", h.Software, want)
	}
	roundTrip(t, snap)
}

// TestLinuxRPMOtherFormats reads the SQLite and NDB rpm databases that
// go-rpmdb's own tests use, from the module cache; it is skipped when the
// go command cannot find them.
func TestLinuxRPMOtherFormats(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/erikvarga/go-rpmdb").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("go-rpmdb's test data not found: %v", err)
	}
	tests := []struct {
		name, db, into, distro, purl string
	}{
		{"Fedora 35, SQLite", "fedora35/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite", "fedora", "pkg:rpm/fedora/bash@"},
		{"SLE 15, NDB", "sle15-bci/Packages.db", "usr/lib/sysimage/rpm/Packages.db", "sles", "pkg:rpm/sles/bash@"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "pkg/testdata", tt.db))
			if err != nil {
				t.Skip(err)
			}
			root := t.TempDir()
			write(t, root, tt.into, string(data))
			write(t, root, "etc/os-release", "ID="+tt.distro+"\nNAME=test\n")
			write(t, root, "etc/hostname", "rpm-host\n")
			snap, err := collect.Linux(root)
			if err != nil {
				t.Fatal(err)
			}
			sw := snap.Hosts[0].Software
			found := false
			for _, it := range sw {
				found = found || strings.HasPrefix(it.PURL, tt.purl)
			}
			if len(sw) < 20 || !found {
				t.Errorf("got %d packages (bash found: %v), want at least 20 with a purl %s…", len(sw), found, tt.purl)
			}
		})
	}
}

func write(t *testing.T, root, name, content string) {
	t.Helper()
	path := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
