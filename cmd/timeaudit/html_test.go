package main

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The HTML report stands alone: nothing to fetch, nothing to run.
func TestHTMLSelfContained(t *testing.T) {
	runs := [][]string{
		args([]string{"report"}, args(icsWeek, "-f", "html")...),
		{"report", sampleICS, "--tz", "Europe/Berlin", "--weeks", "5", "--week", "2026-W12", "--compare", "previous", "-f", "html"},
		{"report", sample, "-f", "html", "--by", "day"},
		{"report", sample, sampleICS, "--per-source", "--week", "2026-W12", "-f", "html"},
		{"report", article, "-f", "html"},
	}
	for _, a := range runs {
		out, errOut, code := runCLI(t, testEnv{}, a...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", a, code, errOut)
		}
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		svgs := 0
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "base", "form":
					t.Errorf("%v: <%s> in the HTML report", a, n.Data)
				case "svg":
					svgs++
				}
				for _, at := range n.Attr {
					k := strings.ToLower(at.Key)
					if k == "src" || k == "href" || k == "srcset" || k == "action" || k == "xlink:href" || k == "background" || strings.HasPrefix(k, "on") {
						t.Errorf("%v: <%s %s=%q> in the HTML report", a, n.Data, at.Key, at.Val)
					}
					if strings.Contains(at.Val, "url(") && !regexp.MustCompile(`^url\(#[\w-]+\)$`).MatchString(at.Val) {
						t.Errorf("%v: external url in <%s %s=%q>", a, n.Data, at.Key, at.Val)
					}
				}
			}
			if n.Type == html.ElementNode && n.Data == "style" && n.FirstChild != nil {
				css := n.FirstChild.Data
				if strings.Contains(css, "@import") || strings.Contains(css, "url(") || strings.Contains(css, "@font-face") {
					t.Errorf("%v: the style sheet loads something", a)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if strings.Contains(out, "http://") || strings.Contains(out, "https://") {
			// Text may mention addresses, but the sample data has none.
			t.Errorf("%v: an address in the HTML report", a)
		}
		if a[1] == sampleICS && svgs < 3 {
			t.Errorf("%v: %d charts", a, svgs)
		}
	}
}

func TestHTMLTimelineLanes(t *testing.T) {
	out, errOut, code := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "html")...)...)
	if code != 0 {
		t.Fatal(errOut)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	type box struct {
		x, y, w, h float64
		title      string
	}
	attr := func(n *html.Node, k string) string {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val
			}
		}
		return ""
	}
	num := func(n *html.Node, k string) float64 {
		v, err := strconv.ParseFloat(attr(n, k), 64)
		if err != nil {
			t.Fatalf("<%s %s=%q>", n.Data, k, attr(n, k))
		}
		return v
	}
	var events []box
	marks := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "rect" && attr(n, "class") == "ev" {
			b := box{x: num(n, "x"), y: num(n, "y"), w: num(n, "width"), h: num(n, "height")}
			if n.FirstChild != nil && n.FirstChild.FirstChild != nil {
				b.title = n.FirstChild.FirstChild.Data
			}
			events = append(events, b)
		}
		if n.Type == html.ElementNode && n.Data == "path" && n.FirstChild != nil && n.FirstChild.FirstChild != nil &&
			strings.Contains(n.FirstChild.FirstChild.Data, "context switch") {
			marks[attr(n, "d")]++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(events) < 15 {
		t.Fatalf("%d events in the timeline", len(events))
	}
	lanes := 0
	for i, a := range events {
		for _, b := range events[i+1:] {
			if math.Min(a.x+a.w, b.x+b.w)-math.Max(a.x, b.x) > 0.01 && math.Min(a.y+a.h, b.y+b.h)-math.Max(a.y, b.y) > 0.01 {
				t.Errorf("%q covers %q", a.title, b.title)
			}
			if a.y != b.y && math.Min(a.x+a.w, b.x+b.w) > math.Max(a.x, b.x) {
				lanes++
			}
		}
	}
	if lanes < 2 { // the sample has two overlaps: Tue 14:00 and Thu 09:15
		t.Errorf("%d events in a second lane, want 2", lanes)
	}
	for d, n := range marks {
		if n > 1 {
			t.Errorf("the switch mark %q drawn %d times", d, n)
		}
	}
	if !strings.Contains(out, "<title>2 context switches at 14:00</title>") {
		t.Error("two switches at one minute are not said as such")
	}
}
