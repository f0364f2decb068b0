package collect

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/package-url/packageurl-go"

	"rollcall"
	"rollcall/inventory"
)

// Linux returns the inventory of the Linux system under root ("/" for this
// host; another path for a mounted image or a test fixture): its OS from
// etc/os-release, its packages from the dpkg status file and the rpm
// database, whichever are there. The host name is os.Hostname when root is
// "/", else the content of root/etc/hostname.
//
// An rpm database that cannot be read is an error pointing at RPMQueryFile.
func Linux(root string) (*inventory.Snapshot, error) {
	host := inventory.Host{}
	var err error
	if host.Name, err = hostname(root); err != nil {
		return nil, err
	}
	osRelease, err := readOSRelease(root)
	if err != nil {
		return nil, err
	}
	host.OS = inventory.OS{Name: osRelease["NAME"], Version: osRelease["VERSION_ID"]}
	distro := osRelease["ID"]
	if distro == "" {
		distro = "debian"
	}

	data, err := os.ReadFile(filepath.Join(root, "var/lib/dpkg/status"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read dpkg status: %w", err)
	default:
		if host.Software, err = parseDpkgStatus(data, distro); err != nil {
			return nil, err
		}
	}
	if path := rpmDatabase(root); path != "" {
		items, err := readRPMDatabase(path, osRelease["ID"])
		if err != nil {
			return nil, err
		}
		host.Software = append(host.Software, items...)
	}
	snap := &inventory.Snapshot{Source: Source, Hosts: []inventory.Host{host}}
	if err := snap.Validate(); err != nil {
		return nil, err
	}
	return snap, nil
}

// hostname names the host under root.
func hostname(root string) (string, error) {
	if filepath.Clean(root) == "/" {
		name, err := os.Hostname()
		if err != nil {
			return "", fmt.Errorf("hostname: %w", err)
		}
		return name, nil
	}
	data, err := os.ReadFile(filepath.Join(root, "etc/hostname"))
	if err != nil {
		return "", rollcall.Errorf(rollcall.EINVALID, "no host name: %v", err)
	}
	name := strings.TrimSpace(string(data))
	if name == "" {
		return "", rollcall.Errorf(rollcall.EINVALID, "%s/etc/hostname is empty", root)
	}
	return name, nil
}

// readOSRelease reads os-release (etc/os-release, else usr/lib/os-release,
// as os-release(5) says) into its KEY=value pairs, quotes removed.
func readOSRelease(root string) (map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(root, "etc/os-release"))
	if errors.Is(err, fs.ErrNotExist) {
		data, err = os.ReadFile(filepath.Join(root, "usr/lib/os-release"))
	}
	if err != nil {
		return nil, rollcall.Errorf(rollcall.EINVALID, "no os-release: %v", err)
	}
	fields := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		key, value, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = strings.ReplaceAll(value[1:len(value)-1], `\"`, `"`)
		}
		fields[key] = value
	}
	return fields, sc.Err()
}

// parseDpkgStatus reads the dpkg status file: stanzas separated by blank
// lines, "Field: value" lines, continuation lines starting with a space.
// Only packages whose Status is "install ok installed" are taken; each gets
// a purl pkg:deb/DISTRO/NAME@VERSION?arch=ARCH. Errors name the line.
func parseDpkgStatus(data []byte, distro string) ([]inventory.Item, error) {
	var items []inventory.Item
	stanza := map[string]string{}
	start := 0
	flush := func() error {
		defer clear(stanza)
		if len(stanza) == 0 || stanza["Status"] != "install ok installed" {
			return nil
		}
		if stanza["Package"] == "" || stanza["Version"] == "" {
			return rollcall.FieldError(fmt.Sprintf("dpkg status: line %d", start), "an installed package without Package or Version")
		}
		var q packageurl.Qualifiers
		if arch := stanza["Architecture"]; arch != "" {
			q = packageurl.Qualifiers{{Key: "arch", Value: arch}}
		}
		purl := packageurl.NewPackageURL("deb", distro, stanza["Package"], stanza["Version"], q, "")
		it := inventory.Item{Name: stanza["Package"], Version: stanza["Version"], Vendor: stanza["Maintainer"], PURL: purl.ToString()}
		if err := it.Normalize(); err != nil {
			return rollcall.FieldError(fmt.Sprintf("dpkg status: line %d", start), "%s", rollcall.ErrorMessage(err))
		}
		items = append(items, it)
		return nil
	}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.TrimSpace(line) == "":
			if err := flush(); err != nil {
				return nil, err
			}
		case line[0] == ' ' || line[0] == '\t':
			// a continuation line (Description, Conffiles): not needed
		default:
			key, value, ok := strings.Cut(line, ":")
			if !ok {
				return nil, rollcall.FieldError(fmt.Sprintf("dpkg status: line %d", i+1), "expected \"Field: value\", got %q", line)
			}
			if len(stanza) == 0 {
				start = i + 1
			}
			stanza[key] = strings.TrimSpace(value)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return items, nil
}
