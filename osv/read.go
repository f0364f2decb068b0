package osv

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"rollcall"
)

// Refusal is a record that could not be read, and why.
type Refusal struct {
	Name string // the file (or zip entry) it came from
	Err  error
}

// Batch is what reading a file, folder or zip gave: the advisories to
// import, the records refused, and how many affected packages were left
// out as not matchable by version.
type Batch struct {
	Advisories      []*rollcall.Advisory
	Refused         []Refusal
	SkippedPackages int
}

// maxBatchRecords bounds one import; the largest ecosystem database today
// holds tens of thousands of records.
const maxBatchRecords = 500000

// ReadPath reads OSV records from a JSON file (one record, or an array of
// records), a folder of JSON files, or a zip of them in the layout of
// OSV's bulk download (all.zip). A malformed record is refused on its own;
// the rest are read.
func ReadPath(path string) (*Batch, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, rollcall.FieldError("path", "%v", err)
	}
	b := &Batch{}
	switch {
	case info.IsDir():
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(strings.ToLower(p), ".json") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(path, p)
			return b.add(rel, data)
		})
	case strings.HasSuffix(strings.ToLower(path), ".zip"):
		err = b.readZip(path)
	default:
		var data []byte
		if data, err = os.ReadFile(path); err == nil {
			err = b.add(filepath.Base(path), data)
		}
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(b.Advisories, func(i, j int) bool { return b.Advisories[i].SourceID < b.Advisories[j].SourceID })
	return b, nil
}

// ReadBytes reads OSV records from a document fetched whole: a zip in the
// bulk-download layout (told by its first bytes), or JSON (one record or
// an array). name is where it came from, for messages.
func ReadBytes(name string, data []byte) (*Batch, error) {
	b := &Batch{}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, rollcall.FieldError("path", "%s is not a readable zip: %v", name, err)
		}
		if err := b.readZipFiles(name, zr.File); err != nil {
			return nil, err
		}
	} else if err := b.add(name, data); err != nil {
		return nil, err
	}
	sort.Slice(b.Advisories, func(i, j int) bool { return b.Advisories[i].SourceID < b.Advisories[j].SourceID })
	return b, nil
}

func (b *Batch) readZip(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return rollcall.FieldError("path", "%s is not a readable zip: %v", path, err)
	}
	defer zr.Close()
	return b.readZipFiles(path, zr.File)
}

// maxZipBytes bounds what one zip may decompress to, whatever its entries
// claim: the largest ecosystem's all.zip holds some hundreds of MiB of
// records, and a zip of tiny compressed entries must not fill the memory.
const maxZipBytes = 2 << 30

func (b *Batch) readZipFiles(path string, files []*zip.File) error {
	var total int64
	for _, f := range files {
		if f.FileInfo().IsDir() || !strings.HasSuffix(strings.ToLower(f.Name), ".json") {
			continue
		}
		if f.UncompressedSize64 > maxRecordBytes {
			b.Refused = append(b.Refused, Refusal{Name: f.Name, Err: rollcall.Errorf(rollcall.ETOOLARGE, "The record is larger than %d MiB.", maxRecordBytes>>20)})
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxRecordBytes+1))
		rc.Close()
		if err != nil {
			return rollcall.FieldError("path", "%s: reading %s: %v", path, f.Name, err)
		}
		if total += int64(len(data)); total > maxZipBytes {
			return rollcall.Errorf(rollcall.ETOOLARGE, "%s decompresses to more than %d GiB: split it.", path, maxZipBytes>>30)
		}
		if err := b.add(f.Name, data); err != nil {
			return err
		}
	}
	return nil
}

// add reads one file's records: one record, or an array of them.
func (b *Batch) add(name string, data []byte) error {
	if len(b.Advisories)+len(b.Refused) >= maxBatchRecords {
		return rollcall.Errorf(rollcall.ETOOLARGE, "More than %d records in one import: split it.", maxBatchRecords)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var records []json.RawMessage
		if err := json.Unmarshal(trimmed, &records); err != nil {
			b.Refused = append(b.Refused, Refusal{Name: name, Err: rollcall.FieldError("record", "Not a JSON array of OSV records: %v.", err)})
			return nil
		}
		for i, r := range records {
			b.addOne(fmt.Sprintf("%s[%d]", name, i), r)
		}
		return nil
	}
	b.addOne(name, trimmed)
	return nil
}

func (b *Batch) addOne(name string, data []byte) {
	a, skipped, err := Parse(data)
	b.SkippedPackages += skipped
	if err != nil {
		b.Refused = append(b.Refused, Refusal{Name: name, Err: err})
		return
	}
	b.Advisories = append(b.Advisories, a)
}
