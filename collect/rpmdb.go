package collect

import (
	"fmt"
	"os"
	"path/filepath"

	rpmdb "github.com/erikvarga/go-rpmdb/pkg"
	_ "modernc.org/sqlite" // the "sqlite" driver go-rpmdb uses for rpmdb.sqlite

	"rollcall"
	"rollcall/inventory"
)

// rpmDatabases are where rpm keeps its database, newest layout first:
// SQLite (RHEL 9, Fedora 33+), NDB (SUSE), Berkeley DB (RHEL 7 and 8).
var rpmDatabases = []string{
	"usr/lib/sysimage/rpm/rpmdb.sqlite",
	"var/lib/rpm/rpmdb.sqlite",
	"usr/lib/sysimage/rpm/Packages.db",
	"var/lib/rpm/Packages.db",
	"var/lib/rpm/Packages",
}

// rpmDatabase returns the path of root's rpm database, or "".
func rpmDatabase(root string) string {
	for _, p := range rpmDatabases {
		path := filepath.Join(root, p)
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
			return path
		}
	}
	return ""
}

// readRPMDatabase lists the packages of the rpm database at path, read
// without rpm itself (github.com/erikvarga/go-rpmdb, which reads all three
// formats). A database it cannot read is an EINVALID error that points at
// RPMQueryFile.
func readRPMDatabase(path, distro string) ([]inventory.Item, error) {
	db, err := rpmdb.Open(path)
	if err != nil {
		return nil, rpmDatabaseError(path, err)
	}
	defer db.Close()
	pkgs, err := db.ListPackages()
	if err != nil {
		return nil, rpmDatabaseError(path, err)
	}
	items := make([]inventory.Item, 0, len(pkgs))
	for _, p := range pkgs {
		epoch := ""
		if p.Epoch != nil {
			epoch = fmt.Sprint(*p.Epoch)
		}
		it, err := rpmItem(distro, p.Name, epoch, p.Version, p.Release, p.Arch, p.Vendor)
		if err != nil {
			return nil, rollcall.FieldError(path, "package %q: %s", p.Name, rollcall.ErrorMessage(err))
		}
		items = append(items, it)
	}
	return items, nil
}

func rpmDatabaseError(path string, err error) error {
	return rollcall.Errorf(rollcall.EINVALID, "cannot read the rpm database %s (%v): export `rpm -qa --qf '%s'` to a file and give it instead", path, err, RPMQueryFormat)
}
