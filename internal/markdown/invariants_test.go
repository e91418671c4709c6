package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"recoverycms/internal/htmlcheck"
)

// checkRendered asserts everything that must hold for any input: Render did
// not fail, the HTML passes htmlcheck, and the derived fields agree with the
// HTML. The corpus, extra hostile cases and the fuzz target all use it.
func checkRendered(t *testing.T, r *Renderer, src string) Result {
	t.Helper()
	res, err := r.Render(src)
	if err != nil {
		t.Fatalf("Render(%q) error: %v", src, err)
	}
	for _, v := range htmlcheck.Violations(res.HTML) {
		t.Errorf("Render(%q) produced unsafe HTML %q: %s", src, res.HTML, v)
	}
	if again := r.Sanitize(res.HTML); again != res.HTML {
		t.Errorf("Sanitize is not a no-op on Render output for %q:\n got: %q\nwant: %q", src, again, res.HTML)
	}
	checkDerived(t, src, res)
	return res
}

// checkDerived checks the fields computed next to the HTML.
func checkDerived(t *testing.T, src string, res Result) {
	t.Helper()
	if res.ReadingMinutes < 1 {
		t.Errorf("Render(%q).ReadingMinutes = %d, want >= 1", src, res.ReadingMinutes)
	}
	if n := utf8.RuneCountInString(res.Summary); n > SummaryMaxRunes {
		t.Errorf("Render(%q).Summary has %d runes, want <= %d", src, n, SummaryMaxRunes)
	}
	if res.PlainText != strings.Join(strings.Fields(res.PlainText), " ") {
		t.Errorf("Render(%q).PlainText is not whitespace-collapsed: %q", src, res.PlainText)
	}
	ids := map[string]string{} // id -> element
	nodes, err := parseFragment(res.HTML)
	if err != nil {
		t.Fatalf("Render(%q).HTML does not parse: %v", src, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id, ok := attrValue(n, "id"); ok {
				if prev, dup := ids[id]; dup {
					t.Errorf("Render(%q): id %q on <%s> repeats the one on <%s>", src, id, n.Data, prev)
				}
				ids[id] = n.Data
			}
			if n.Data == "img" {
				if v, _ := attrValue(n, "loading"); v != "lazy" {
					t.Errorf("Render(%q): <img> without loading=lazy in %q", src, res.HTML)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	for _, h := range res.TOC {
		if want := "h" + string(rune('0'+h.Level)); ids[h.ID] != want {
			t.Errorf("Render(%q): TOC entry %+v has no matching <%s id=%q> in HTML", src, h, want, h.ID)
		}
	}
}
