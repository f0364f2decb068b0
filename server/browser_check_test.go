package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The checks every page the browser tests open must pass, at every
// width they open it: nothing spills out sideways, and axe-core finds no
// critical or serious accessibility fault.

// axeScriptPath is axe-core's browser script, installed from the pinned
// lock file beside it by `npm ci` (.ci/run does; see the README).
var axeScriptPath = filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js")

// screenSize is a window the pages are checked at.
type screenSize struct {
	Name string
	W, H int64
}

// Desktop is the narrowest common laptop screen; phone a small phone's.
var (
	desktop     = screenSize{"desktop", 1280, 900}
	phone       = screenSize{"phone", 375, 812}
	screenSizes = []screenSize{desktop, phone}
)

// pageChecker runs the checks in one browser tab.
type pageChecker struct {
	t   *testing.T
	ctx context.Context
	// axe is axe-core's script; empty when it is not installed and the
	// browser is not required, and the accessibility checks are skipped.
	axe string
}

// newPageChecker reads axe-core. Without it the accessibility checks are
// skipped with a message, unless ROLLCALL_REQUIRE_BROWSER is 1 (as in
// CI), when a missing axe-core fails the test.
func newPageChecker(t *testing.T, ctx context.Context) *pageChecker {
	t.Helper()
	script, err := os.ReadFile(axeScriptPath)
	switch {
	case errors.Is(err, fs.ErrNotExist) && os.Getenv("ROLLCALL_REQUIRE_BROWSER") != "1":
		t.Logf("axe-core is not installed at server/%s (run `npm ci` in server/testdata/axe): skipping the accessibility checks", axeScriptPath)
	case err != nil:
		t.Fatalf("reading axe-core (run `npm ci` in server/testdata/axe): %v", err)
	}
	return &pageChecker{t: t, ctx: ctx, axe: string(script)}
}

// open shows path at a screen size, waits for its heading and checks it.
func (c *pageChecker) open(url string, size screenSize) {
	c.t.Helper()
	err := chromedp.Do(c.ctx, chromedp.EmulateViewport(size.W, size.H), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("h1")))
	if err != nil {
		c.t.Fatalf("opening %s on a %s: %v", url, size.Name, err)
	}
	c.check(url, size)
}

// check checks the page the tab shows, as laid out at size.
func (c *pageChecker) check(url string, size screenSize) {
	c.t.Helper()
	if over := c.overflow(); over != "" {
		c.t.Errorf("%s is wider than a %s screen: %s", url, size.Name, over)
	}
	for _, tag := range c.brokenMidWord(".nhsuk-tag") {
		c.t.Errorf("%s on a %s: the tag %q breaks in the middle of a word", url, size.Name, tag)
	}
	for _, v := range c.axeViolations() {
		c.t.Errorf("%s on a %s: %s", url, size.Name, v)
	}
}

// brokenMidWord returns the text of the elements matching selector that
// the browser wraps in the middle of a word: between two letters or
// digits on either side of a line break.
func (c *pageChecker) brokenMidWord(selector string) []string {
	c.t.Helper()
	found, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(`+"`"+selector+"`"+`)].filter(el => {
		let top = null, prev = "";
		const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			for (let i = 0; i < node.length; i++) {
				const r = document.createRange();
				r.setStart(node, i);
				r.setEnd(node, i + 1);
				const rect = r.getClientRects()[0];
				if (!rect) continue;
				if (top !== null && rect.top > top + 1 && /\w/.test(prev) && /\w/.test(node.data[i])) return true;
				top = rect.top;
				prev = node.data[i];
			}
		}
		return false;
	}).map(el => el.textContent.trim())`))
	if err != nil {
		c.t.Fatalf("looking for words broken across lines: %v", err)
	}
	return found
}

// overflow describes what reaches past the right of the screen, outside
// a table's scrolling region, or is "" when nothing does. A new viewport
// is laid out after a frame or two, so it asks for at most two seconds.
func (c *pageChecker) overflow() string {
	c.t.Helper()
	var over string
	for range 20 {
		var err error
		over, err = chromedp.Run(c.ctx, chromedp.Evaluate[string](`(() => {
			const doc = document.scrollingElement;
			if (doc.scrollWidth <= doc.clientWidth) return "";
			for (const el of document.querySelectorAll("body *")) {
				if (el.closest(".nhsuk-scroll__content") && !el.matches(".nhsuk-scroll__content")) continue;
				if (el.getBoundingClientRect().right > doc.clientWidth + 1)
					return el.outerHTML.slice(0, 160);
			}
			return "something (scrollWidth " + doc.scrollWidth + " of " + doc.clientWidth + ")";
		})()`))
		if err != nil {
			c.t.Fatalf("measuring the page: %v", err)
		}
		if over == "" {
			return ""
		}
		time.Sleep(100 * time.Millisecond)
	}
	return over
}

// axeViolation is one rule axe-core found broken, where, and how badly.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

func (v axeViolation) String() string {
	return fmt.Sprintf("axe %s (%s): %s, at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "; "))
}

// axeViolations runs axe-core on the page and returns its critical and
// serious violations, each with every element it was found on, and any
// content outside a landmark (the "region" rule, moderate in axe's eyes,
// but it hides the back link from those who move by landmarks).
func (c *pageChecker) axeViolations() []axeViolation {
	c.t.Helper()
	if c.axe == "" {
		return nil
	}
	// The page's Content-Security-Policy does not stop a script the
	// test evaluates through the DevTools protocol.
	if err := chromedp.Do(c.ctx, chromedp.Evaluate[chromedp.Void](c.axe)); err != nil {
		c.t.Fatalf("injecting axe-core: %v", err)
	}
	found, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
		r.violations.filter(v => v.impact === "critical" || v.impact === "serious" || v.id === "region").map(v => ({
			id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.map(n => n.target.join(" ")),
		})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		c.t.Fatalf("running axe-core: %v", err)
	}
	return found
}

// scrollingRegions names the table regions of the page that have more
// to show than fits: the columns a reader must scroll to.
func (c *pageChecker) scrollingRegions() []string {
	c.t.Helper()
	names, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".nhsuk-scroll__content")]
		.filter(el => el.scrollWidth > el.clientWidth + 1)
		.map(el => el.getAttribute("aria-label") + " (" + el.scrollWidth + " px in " + el.clientWidth + ")")`))
	if err != nil {
		c.t.Fatalf("measuring the tables: %v", err)
	}
	return names
}

// pageHeight is the height of the whole page the tab shows, in CSS pixels.
func (c *pageChecker) pageHeight() int {
	c.t.Helper()
	h, err := chromedp.Run(c.ctx, chromedp.Evaluate[int](`document.scrollingElement.scrollHeight`))
	if err != nil {
		c.t.Fatalf("measuring the page's height: %v", err)
	}
	return h
}

// screenshot leaves the whole page in /tmp/rollcall-NAME.png for people to
// look at.
func (c *pageChecker) screenshot(name string) {
	c.t.Helper()
	png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		c.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile("/tmp/rollcall-"+name+".png", png, 0o644); err != nil {
		c.t.Logf("saving screenshot: %v", err)
	}
}
