// Package collect gathers the inventory of the host it runs on, or of a
// host's exported files, as an inventory.Snapshot that `rollcall collect`
// writes with inventory.WriteJSON and inventory.Parse reads back.
//
// Linux hosts are read directly: /etc/os-release, the dpkg status file and
// the rpm database (Berkeley DB, NDB or SQLite). Where the rpm database
// cannot be read, export `rpm -qa --qf` output (RPMQueryFormat) and read it
// with RPMQueryFile. Windows hosts are read from PowerShell and
// systeminfo export files (see Windows), since collect does not run there.
package collect

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Source is the inventory source of what this package collects.
const Source = "collect"

// decodeText returns data as UTF-8 without a byte-order mark. Windows
// PowerShell writes UTF-16LE with -Encoding Unicode, UTF-8 with a BOM with
// -Encoding UTF8, and ASCII by default.
func decodeText(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
		var out []byte
		for _, r := range utf16.Decode(u) {
			out = utf8.AppendRune(out, r)
		}
		return out
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:]
	}
	return data
}
