package markdown

import (
	"strings"

	"golang.org/x/net/html"

	"recoverycms/internal/htmlcheck"
)

// derive computes the Result fields from the final HTML and its parsed
// nodes (from settle) rather than from the markdown, so the table of
// contents, summary and search text describe exactly what readers see:
// pasted scripts that the policy removed, for example, add no words.
func derive(out string, nodes []*html.Node) Result {
	res := Result{HTML: out, TOC: []Heading{}} // [] rather than null in JSON
	var all collapser
	all.Grow(len(out) / 2)
	for _, n := range nodes {
		res.visit(n)
		walkText(n, all.WriteString, all.Space)
	}
	res.PlainText = all.String()
	res.WordCount = all.Words()
	res.ReadingMinutes = readingMinutes(res.WordCount)
	return res
}

// visit walks n in document order, filling the TOC (h2/h3 with an id) and
// the summary (the first paragraph that has text).
func (res *Result) visit(n *html.Node) {
	if n.Type != html.ElementNode {
		return
	}
	if lvl := tocLevel(n.Data); lvl > 0 {
		if id, ok := attrValue(n, "id"); ok {
			var text collapser
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walkText(c, text.WriteString, text.Space)
			}
			res.TOC = append(res.TOC, Heading{Level: lvl, ID: id, Text: text.String()})
		}
	}
	if n.Data == "p" && res.Summary == "" {
		res.Summary = Summarize(textOf(n), SummaryMaxRunes)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		res.visit(c)
	}
}

// textOf returns the visible text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(&b, c)
	}
	return b.String()
}

// appendText writes n's visible text to b, with a space around block
// elements so words in adjacent cells or items do not run together.
func appendText(b *strings.Builder, n *html.Node) {
	walkText(n, func(s string) { b.WriteString(s) }, func() { b.WriteByte(' ') })
}

// walkText calls text with each piece of n's visible text in document order,
// and boundary at the start and end of every block element (paragraph,
// heading, list item, table cell...). Footnote reference numbers and
// back-links are navigation, not prose, and are skipped.
func walkText(n *html.Node, text func(string), boundary func()) {
	switch n.Type {
	case html.TextNode:
		text(n.Data)
		return
	case html.ElementNode:
		if isFootnoteChrome(n) {
			return
		}
	}
	block := n.Type == html.ElementNode && isBlock(n.Data)
	if block {
		boundary()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkText(c, text, boundary)
	}
	if block {
		boundary()
	}
}

// isFootnoteChrome reports footnote reference markers (<sup id="fnref-...">)
// and back-links (<a href="#fnref-...">).
func isFootnoteChrome(n *html.Node) bool {
	switch n.Data {
	case "sup":
		id, _ := attrValue(n, "id")
		return strings.HasPrefix(id, htmlcheck.FootnoteRefIDPrefix)
	case "a":
		href, _ := attrValue(n, "href")
		return strings.HasPrefix(href, "#"+htmlcheck.FootnoteRefIDPrefix)
	}
	return false
}

func isBlock(name string) bool {
	switch name {
	case "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
		"ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "img":
		return true
	}
	return false
}

func attrValue(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// Describe derives the Result fields (summary, TOC, words) from HTML that Render produced
// earlier, without rendering the markdown again.
func Describe(rendered string) Result {
	nodes, err := parseFragment(rendered)
	if err != nil {
		return Result{HTML: rendered, TOC: []Heading{}}
	}
	return derive(rendered, nodes)
}
