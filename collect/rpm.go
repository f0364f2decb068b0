package collect

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/package-url/packageurl-go"

	"rollcall"
	"rollcall/inventory"
)

// RPMQueryFormat is the query format to export an rpm host's packages:
//
//	rpm -qa --qf '%{NAME}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{VENDOR}\n' > packages.tsv
//
// one tab-separated line a package, which RPMQuery reads.
const RPMQueryFormat = `%{NAME}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{VENDOR}\n`

// RPMQuery reads `rpm -qa --qf RPMQueryFormat` output into items with
// version "VERSION-RELEASE" and purl pkg:rpm/DISTRO/NAME@VERSION-RELEASE
// (with arch, and epoch when not 0). distro is os-release's ID ("rhel" is
// written "redhat", as purl does). Errors name the line.
func RPMQuery(r io.Reader, distro string) ([]inventory.Item, error) {
	var items []inventory.Item
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			return nil, rollcall.FieldError(fmt.Sprintf("rpm query: line %d", n), "%d tab-separated fields, want 6 (%s)", len(f), RPMQueryFormat)
		}
		it, err := rpmItem(distro, f[0], f[1], f[2], f[3], f[4], f[5])
		if err != nil {
			return nil, rollcall.FieldError(fmt.Sprintf("rpm query: line %d", n), "%s", rollcall.ErrorMessage(err))
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read rpm query: %w", err)
	}
	return items, nil
}

// rpmItem maps one rpm package to an item: version "VERSION-RELEASE",
// purl pkg:rpm/DISTRO/NAME@VERSION-RELEASE?arch=ARCH&epoch=EPOCH (epoch
// when not 0). rpm prints "(none)" for an empty tag.
func rpmItem(distro, name, epoch, version, release, arch, vendor string) (inventory.Item, error) {
	if distro == "" || distro == "rhel" {
		distro = "redhat"
	}
	if name == "" || version == "" {
		return inventory.Item{}, rollcall.Errorf(rollcall.EINVALID, "a package without name or version")
	}
	if release != "" && release != "(none)" {
		version += "-" + release
	}
	var q packageurl.Qualifiers
	if arch != "" && arch != "(none)" {
		q = append(q, packageurl.Qualifier{Key: "arch", Value: arch})
	}
	if epoch != "" && epoch != "0" && epoch != "(none)" {
		q = append(q, packageurl.Qualifier{Key: "epoch", Value: epoch})
	}
	if vendor == "(none)" {
		vendor = ""
	}
	purl := packageurl.NewPackageURL("rpm", distro, name, version, q, "")
	it := inventory.Item{Name: name, Vendor: vendor, Version: version, PURL: purl.ToString()}
	if err := it.Normalize(); err != nil {
		return inventory.Item{}, err
	}
	return it, it.Validate()
}

// RPMQueryFile reads RPMQuery's format from the file at path.
func RPMQueryFile(path, distro string) ([]inventory.Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, rollcall.Errorf(rollcall.EINVALID, "rpm query file: %v", err)
	}
	defer f.Close()
	return RPMQuery(f, distro)
}
