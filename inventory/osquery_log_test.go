package inventory_test

import (
	"slices"
	"strings"
	"testing"

	"rollcall/inventory"
)

// logLine is one osquery result-log line for host h of table deb_packages.
func logLine(action, rows string) string {
	if action == "snapshot" {
		return `{"name":"pack/Global/deb_packages","hostIdentifier":"h","action":"snapshot","snapshot":[` + rows + `]}`
	}
	return `{"name":"pack/Global/deb_packages","hostIdentifier":"h","action":"` + action + `","columns":` + rows + `}`
}

func deb(name, version string) string {
	return `{"name":"` + name + `","version":"` + version + `","arch":"amd64"}`
}

func TestOsqueryLogRemovals(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"a removal after a snapshot removes that row, not another",
			[]string{logLine("added", deb("zlib", "1.0")), logLine("snapshot", deb("openssl", "3.0.1")+","+deb("sudo", "1.9")), logLine("removed", deb("zlib", "1.0"))},
			[]string{"openssl 3.0.1", "sudo 1.9"}},
		{"a removal of a row the snapshot no longer has does not crash",
			[]string{logLine("added", deb("a", "1")), logLine("added", deb("zlib", "1.0")), logLine("snapshot", ""), logLine("removed", deb("zlib", "1.0"))},
			nil},
		{"a removal of a snapshot row removes it (an upgrade)",
			[]string{logLine("snapshot", deb("openssl", "3.0.1")+","+deb("sudo", "1.9")), logLine("removed", deb("openssl", "3.0.1")), logLine("added", deb("openssl", "3.0.2"))},
			[]string{"openssl 3.0.2", "sudo 1.9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := inventory.Parse(strings.NewReader(strings.Join(tt.lines, "\n")), inventory.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range snap.Hosts[0].Software {
				got = append(got, it.Name+" "+it.Version)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("software = %v, want %v", got, tt.want)
			}
		})
	}
}
