package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"rollcall/collect"
	"rollcall/inventory"
)

const collectUsage = `
Usage: rollcall collect [--out FILE] [--root DIR]
       rollcall collect --windows-programs FILE [--windows-hotfixes FILE] [--windows-systeminfo FILE] [--out FILE]

Gathers a host's software inventory and writes it as Rollcall inventory
JSON, a form that Rollcall's inventory import takes.

On Linux it reads the host's own /etc/os-release, the dpkg status file and
the rpm database (--root reads another root file system, such as a mounted
image). For Windows, export these on the host with PowerShell and give the
files:

  Get-ItemProperty HKLM:\Software\Microsoft\Windows\CurrentVersion\Uninstall\* |
    Select-Object DisplayName,DisplayVersion,Publisher | Export-Csv programs.csv
  Get-CimInstance Win32_QuickFixEngineering | Export-Csv hotfixes.csv
  systeminfo /fo csv > systeminfo.csv

The output file is written whole or not at all. Without --out, the JSON goes
to standard output.
`

func runCollect(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("collect")
	out := fs.String("out", "", "the file to write (default: standard output)")
	root := fs.String("root", "/", "the root file system of the Linux host to read")
	programs := fs.String("windows-programs", "", "a Windows installed-programs export (CSV)")
	hotfixes := fs.String("windows-hotfixes", "", "a Windows Win32_QuickFixEngineering export (CSV)")
	sysinfo := fs.String("windows-systeminfo", "", "the output of 'systeminfo /fo csv'")
	rest, err := parseFlags(e, fs, collectUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"collect", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	var snap *inventory.Snapshot
	if *programs != "" || *hotfixes != "" || *sysinfo != "" {
		if *programs == "" {
			return usageError{"collect", "--windows-programs is needed with the other Windows exports"}
		}
		snap, err = collectWindows(*programs, *hotfixes, *sysinfo)
	} else {
		snap, err = collect.Linux(*root)
	}
	if err != nil {
		return err
	}
	items := 0
	for _, h := range snap.Hosts {
		items += len(h.Software)
	}
	if *out == "" {
		return inventory.WriteJSON(e.stdout, snap)
	}
	if err := writeWhole(*out, func(w io.Writer) error { return inventory.WriteJSON(w, snap) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Collected %d software items of %d host(s) into %s.\n", items, len(snap.Hosts), *out)
	return nil
}

// collectWindows reads the Windows export files; only the programs file is
// required.
func collectWindows(programs, hotfixes, sysinfo string) (*inventory.Snapshot, error) {
	open := func(path string) (io.Reader, func(), error) {
		if path == "" {
			return nil, func() {}, nil
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	p, closeP, err := open(programs)
	if err != nil {
		return nil, err
	}
	defer closeP()
	h, closeH, err := open(hotfixes)
	if err != nil {
		return nil, err
	}
	defer closeH()
	s, closeS, err := open(sysinfo)
	if err != nil {
		return nil, err
	}
	defer closeS()
	return collect.Windows(h, p, s)
}

// writeWhole writes a file through a temporary file in the same folder and
// renames it into place, so a reader never sees half of it.
func writeWhole(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
