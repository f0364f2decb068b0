package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"rollcall"
)

// upload posts a file to the inventory page as a browser's form does.
func (c *pageClient) upload(path, filename, content, host string) *pageResult {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.WriteField("host", host)
	mw.Close()
	req, err := http.NewRequest("POST", c.f.HTTP.URL+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func TestPageInventory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := fmt.Sprintf("/orgs/%d/inventory", f.Orgs["NTRUST"].ID)
	csv := "host,os_name,os_version,os_build,updates,software_name,software_version\nWS-001,Microsoft Windows 7 Professional,6.1,7601,KB4012215,Firefox,115.0\n"

	resp := f.browse("respN")
	resp.get(path).wantStatus(http.StatusOK).wantContains("No inventory has been sent", `name="file"`)
	resp.upload(path, "estate.csv", csv, "").wantRedirect(path)
	resp.get(path).wantContains("Saved 1 host and 3 software rows (csv).", "WS-001", "Microsoft Windows 7 Professional")

	// A broken file comes back with its place, beside the field; nothing saved.
	res := resp.upload(path, "estate.csv", csv+"WS-002,,,,,x,1.0,extra,columns,pkg:nope\n", "")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="file-error"`) {
		t.Errorf("broken file: %d\n%s", res.Status, excerpt(res.Body))
	}
	resp.upload(path, "", "", "").wantStatus(http.StatusUnprocessableEntity).wantContains("Choose an inventory file")

	// The data-security lead reads it but sends nothing; another trust's
	// responder does not even see it.
	f.browse("leadN").get(path).wantStatus(http.StatusOK).wantContains("WS-001").wantLacks(`name="file"`)
	if r := f.browse("leadN").upload(path, "estate.csv", csv, ""); r.Status != http.StatusForbidden {
		t.Errorf("lead uploading: %d, want 403", r.Status)
	}
	if r := f.browse("respS").get(path); r.Status != http.StatusNotFound {
		t.Errorf("another trust's responder: %d, want 404", r.Status)
	}
}

// TestPageInventoryStale: the stale flag follows the policy's freshness
// window, and says it.
func TestPageInventoryStale(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := fmt.Sprintf("/orgs/%d/inventory", f.Orgs["NTRUST"].ID)
	resp := f.browse("respN")
	resp.upload(path, "estate.csv", "host,os_name\nWS-001,Debian\n", "").wantRedirect(path)
	fresh := f.Svc.Policy().InventoryFreshness
	f.Clock.Advance(fresh - time.Hour)
	resp.get(path).wantLacks("Out of date")
	f.Clock.Advance(2 * time.Hour)
	resp.get(path).wantContains("Out of date", "more than "+rollcall.FormatDuration(fresh)+" ago", "not take it as evidence")
	// A new host sent now: the inventory is fresh again, partly.
	resp.upload(path, "more.csv", "host,os_name\nWS-002,Debian\n", "").wantRedirect(path)
	resp.get(path).wantContains("Partly out of date").wantLacks("not take it as evidence")
}
