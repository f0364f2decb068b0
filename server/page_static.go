package server

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
)

// The stylesheet, script and icons are compiled into the binary: the NHS.UK
// frontend (vendored by scripts/update-nhsuk.sh) and Rollcall's own few
// additions.
//
//go:embed static
var staticFS embed.FS

// staticVersion is a digest of every static file. Pages add it to the
// addresses they load (?v=…), so browsers may keep the files for a year
// and still fetch new ones the moment a release changes them.
var staticVersion = digestFS(staticFS)

func digestFS(fsys fs.FS) string {
	h := sha256.New()
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// staticHandler serves /static/… from the embedded files with long cache
// headers. Directory listings are refused.
func (s *Server) staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == "" || p[len(p)-1] == '/' {
			s.handleNotFound(w, r)
			return
		}
		// Addresses with this release's digest never change content; others
		// (icons named in the stylesheet, the script's import) are kept an
		// hour.
		if r.URL.Query().Get("v") == staticVersion {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}

// staticURL is the address of a static file, with the release's digest.
func staticURL(p string) string { return "/static/" + p + "?v=" + staticVersion }
