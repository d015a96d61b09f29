//go:build ignore

// layoutcheck loads HTML reports in headless Chromium at given viewport
// widths and fails when the page does not fit the screen:
//
//   - an element's box overflows the viewport horizontally (except inside
//     an element marked data-scroll, a deliberately scrollable chart, which
//     must itself fit and carry a visible cue);
//   - a chart's text or shape sticks out of its SVG (clipped on screen);
//   - two events in the timeline overlap, or two texts in a chart overlap.
//
// Run by .ci/run as
//
//	go run .ci/layoutcheck.go -chromium chromium -widths 390,1280 report.html ...
//
// The reports themselves have no scripts: the check is a script added to
// a copy of each page, which writes what it finds into the DOM that
// Chromium dumps.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const checker = `<script>
(function(){
  var out = [], vw = document.documentElement.clientWidth;
  function name(el){
    var s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    var c = el.getAttribute('class'); if (c) s += '.' + c.split(' ').join('.');
    var sec = el.closest('section'); if (sec && sec !== el) s = 'section#' + sec.id + ' ' + s;
    var t = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    if (t && el.children.length === 0) s += ' "' + t + '"';
    return s;
  }
  function overlap(a, b){
    var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0.5 && h > 0.5;
  }
  if (document.documentElement.scrollWidth > vw + 1)
    out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + 'px wide in a ' + vw + 'px viewport');
  document.querySelectorAll('body *').forEach(function(el){
    if (el.closest('[data-scroll]') && !el.hasAttribute('data-scroll')) return;
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') return;
    if (el.closest('title,desc,style,script')) return;
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    if (r.right > vw + 0.5 || r.left < -0.5)
      out.push('overflows the ' + vw + 'px viewport (' + Math.round(r.left) + '..' + Math.round(r.right) + '): ' + name(el));
  });
  document.querySelectorAll('[data-scroll]').forEach(function(el){
    if (el.scrollWidth > el.clientWidth + 1 && !el.querySelector('[data-scroll-cue]'))
      out.push('scrolls sideways without a visible cue: ' + name(el));
    var cue = el.querySelector('[data-scroll-cue]');
    if (cue && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(cue).display === 'none')
      out.push('scroll cue hidden though the chart scrolls: ' + name(el));
  });
  document.querySelectorAll('svg').forEach(function(svg){
    if (svg.closest('.legend')) return;
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll('text,rect,line,circle,path,polyline').forEach(function(el){
      if (el.closest('defs,pattern')) return;
      var r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        out.push('sticks out of its chart: ' + name(el));
    });
    var evs = svg.querySelectorAll('.ev');
    for (var i = 0; i < evs.length; i++) for (var j = i + 1; j < evs.length; j++) {
      if (overlap(evs[i].getBoundingClientRect(), evs[j].getBoundingClientRect()))
        out.push('timeline events overlap: ' + evs[i].textContent.trim() + ' / ' + evs[j].textContent.trim());
    }
    var seen = {};
    svg.querySelectorAll('path').forEach(function(p){
      if (p.closest('defs,pattern')) return;
      var k = p.getAttribute('d');
      if (seen[k]) out.push('drawn twice: ' + name(p) + ' ' + (p.textContent || '').trim());
      seen[k] = true;
    });
    var ts = svg.querySelectorAll('text');
    for (var i = 0; i < ts.length; i++) for (var j = i + 1; j < ts.length; j++) {
      if (overlap(ts[i].getBoundingClientRect(), ts[j].getBoundingClientRect()))
        out.push('texts overlap in a chart: ' + name(ts[i]) + ' / ' + name(ts[j]));
    }
  });
  var res = parent.document.getElementById('layoutcheck');
  res.textContent = JSON.stringify({height: Math.ceil(document.body.getBoundingClientRect().bottom), problems: out});
})();
</script>`

var resultRE = regexp.MustCompile(`(?s)<pre id="layoutcheck">(.*?)</pre>`)

// Chromium's headless window is at least 500 px wide, so a page is loaded
// in an iframe of the width to check: the iframe is the page's viewport,
// and media queries see its width. srcdoc keeps the page same-origin, so
// its script can write the findings into the outer page.
func wrap(page []byte, w, h int) []byte {
	return []byte(fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}iframe{display:block;border:0;width:%dpx;height:%dpx}</style></head><body><iframe srcdoc="%s"></iframe><pre id="layoutcheck"></pre></body></html>`,
		w, h, html.EscapeString(string(page))))
}

type result struct {
	Height   int      `json:"height"`
	Problems []string `json:"problems"`
}

func main() {
	chromium := flag.String("chromium", "chromium", "the browser to run")
	widths := flag.String("widths", "390,1280", "viewport widths in CSS pixels")
	shots := flag.String("screenshots", "", "a directory to write a screenshot of each page at each width to")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: go run .ci/layoutcheck.go [-chromium PATH] [-widths 390,1280] [-screenshots DIR] REPORT.html ...")
		os.Exit(2)
	}
	tmp, err := os.MkdirTemp("", "layoutcheck")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	problems := 0
	for _, page := range flag.Args() {
		src, err := os.ReadFile(page)
		if err != nil {
			fail(err)
		}
		i := bytes.LastIndex(src, []byte("</body>"))
		if i < 0 {
			fail(fmt.Errorf("%s: no </body>", page))
		}
		withChecker := append(append(append([]byte(nil), src[:i]...), checker...), src[i:]...)
		for _, ws := range strings.Split(*widths, ",") {
			w, err := strconv.Atoi(strings.TrimSpace(ws))
			if err != nil || w <= 0 {
				fail(fmt.Errorf("bad width %q", ws))
			}
			probe := filepath.Join(tmp, fmt.Sprintf("probe-%d.html", w))
			if err := os.WriteFile(probe, wrap(withChecker, w, 2400), 0o600); err != nil {
				fail(err)
			}
			res, err := check(*chromium, probe, w)
			if err != nil {
				fail(fmt.Errorf("%s at %dpx: %v", page, w, err))
			}
			for _, p := range res.Problems {
				fmt.Printf("%s at %dpx: %s\n", page, w, p)
			}
			problems += len(res.Problems)
			if len(res.Problems) == 0 {
				fmt.Printf("%s at %dpx: fits\n", page, w)
			}
			if *shots != "" {
				h := min(max(res.Height, 100), 12000)
				shot := filepath.Join(tmp, fmt.Sprintf("shot-%d.html", w))
				if err := os.WriteFile(shot, wrap(src, w, h), 0o600); err != nil {
					fail(err)
				}
				out := filepath.Join(*shots, fmt.Sprintf("%s-%d.png", strings.TrimSuffix(filepath.Base(page), ".html"), w))
				if err := screenshot(*chromium, shot, w, h, out); err != nil {
					fail(fmt.Errorf("%s at %dpx: %v", page, w, err))
				}
			}
		}
	}
	if problems > 0 {
		fmt.Printf("%d layout problems\n", problems)
		os.Exit(1)
	}
}

func browser(chromium string, w, h int, args ...string) (*exec.Cmd, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--hide-scrollbars", "--force-device-scale-factor=1", fmt.Sprintf("--window-size=%d,%d", max(w, 500), h)}
	return exec.CommandContext(ctx, chromium, append(base, args...)...), cancel
}

func check(chromium, page string, w int) (result, error) {
	cmd, cancel := browser(chromium, w, 2400, "--dump-dom", "file://"+page)
	defer cancel()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("%v: %s", err, lastLine(stderr.String()))
	}
	var res result
	m := resultRE.FindSubmatch(dom)
	if m == nil || len(bytes.TrimSpace(m[1])) == 0 {
		return res, fmt.Errorf("the check did not run (no result in the DOM): %s", lastLine(stderr.String()))
	}
	err = json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &res)
	return res, err
}

// screenshot writes the page at width w, cropped to w when the window is
// wider.
func screenshot(chromium, page string, w, h int, out string) error {
	raw := out + ".full.png"
	cmd, cancel := browser(chromium, w, h, "--screenshot="+raw, "file://"+page)
	defer cancel()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%v: %s", err, lastLine(stderr.String()))
	}
	defer os.Remove(raw)
	f, err := os.Open(raw)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return err
	}
	if sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		b := img.Bounds()
		img = sub.SubImage(image.Rect(b.Min.X, b.Min.Y, min(b.Max.X, b.Min.X+w), b.Max.Y))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "layoutcheck:", err)
	os.Exit(1)
}
