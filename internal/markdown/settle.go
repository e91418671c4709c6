package markdown

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// settle parses out as a fragment inside a <div>, the way htmlcheck and a
// page see it, applies finishTags, and returns it with its nodes. The parser refuses markup
// nested more than 512 elements deep (easy to produce with thousands of
// "*" or pasted <em> tags); such a document is reduced to its text in a
// single paragraph, so the stored HTML is always parseable and checkable.
func settle(out string) (string, []*html.Node) {
	nodes, err := parseFragment(out)
	if err == nil {
		finishTags(nodes)
		return renderNodes(nodes, len(out)), nodes
	}
	flat := flatten(out)
	nodes, err = parseFragment(flat)
	if err != nil {
		// Unreachable for escaped text in one <p>; keep the invariant anyway.
		return "", nil
	}
	return flat, nodes
}

// renderNodes writes parsed nodes back out (size: the expected length). The parser has closed every element the markup
// left open (a lone <a href> or <table>), so the stored HTML cannot swallow or restyle the
// page around it.
func renderNodes(nodes []*html.Node, size int) string {
	var b strings.Builder
	b.Grow(size + size/8)
	for _, n := range nodes {
		if err := html.Render(&b, n); err != nil {
			return ""
		}
	}
	return b.String()
}

func parseFragment(s string) ([]*html.Node, error) {
	return html.ParseFragment(strings.NewReader(s), &html.Node{
		Type: html.ElementNode, Data: "div", DataAtom: atom.Div,
	})
}

// flatten keeps only the text of s, whitespace-collapsed and escaped.
func flatten(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			text := collapseSpace(b.String())
			if text == "" {
				return ""
			}
			return "<p>" + html.EscapeString(text) + "</p>\n"
		case html.TextToken:
			b.Write(z.Text())
		default:
			b.WriteByte(' ')
		}
	}
}
