package markdown

import (
	"crypto/sha256"
	"encoding/base32"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/net/html"
)

// Ids in an article must come from the pipeline, never from pasted HTML: a
// pasted <h2 id="h-faq"> ahead of "## FAQ" must not take that heading's
// anchor, and <a id="__proto__"> must not survive at all. The renderer
// therefore writes every id it generates behind a marker derived from a hash
// of the whole source (an author cannot write the hash of a text into that
// same text, so cannot forge it, and the same source always gets the same
// marker, keeping output deterministic). claimIDs keeps exactly the marked
// ids, unmarked, and any stray copy of the marker (in raw-text elements the
// tokenizer does not open) is removed, all before the sanitizer runs.

// idMarker returns the marker for source.
func idMarker(source []byte) string {
	sum := sha256.Sum256(source)
	return "m" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:16])
}

// markGeneratedIDs sets the marked id attribute on every heading and
// footnote node; the heading and footnote renderers write it out as is. It
// reports whether doc holds raw HTML (an HTML block or inline tag), the only
// source of ids the pipeline did not generate.
func markGeneratedIDs(doc ast.Node, marker string) (raw bool) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if v, ok := n.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok {
					n.SetAttributeString("id", []byte(marker+string(b)))
				}
			}
		case *extast.FootnoteLink:
			n.SetAttributeString("id", []byte(marker+footnoteRefID(n.Index, n.RefIndex)))
		case *extast.Footnote:
			n.SetAttributeString("id", []byte(marker+footnoteID(n.Index)))
		case *ast.HTMLBlock, *ast.RawHTML:
			raw = true
		}
		return ast.WalkContinue, nil
	})
	return raw
}

// claimIDs drops every id attribute in rendered that does not carry marker
// and strips the marker from the rest. Tags without ids are copied byte for
// byte; the sanitizer runs on the result. When the document had no raw HTML
// (raw false), every id in rendered is a generated one, so the tags need no
// tokenizing and removing the marker is all that is left to do.
func claimIDs(rendered, marker string, raw bool) string {
	if marker == "" {
		if raw {
			panic("markdown: raw HTML rendered without an id marker")
		}
		return rendered // no raw HTML, so every id is a generated one, written without a marker
	}
	if raw {
		rendered = claimTaggedIDs(rendered, marker)
	}
	return strings.ReplaceAll(rendered, marker, "")
}

// claimTaggedIDs keeps, in every tag of rendered, only the id attributes
// that carry marker.
func claimTaggedIDs(rendered, marker string) string {
	z := html.NewTokenizer(strings.NewReader(rendered))
	var b strings.Builder
	b.Grow(len(rendered))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			if !mayHaveID(z.Raw()) {
				b.Write(z.Raw()) // most tags: no id attribute, no token to build
				continue
			}
			raw := string(z.Raw())
			tok := z.Token()
			if claimTagIDs(&tok, marker) {
				b.WriteString(tok.String())
			} else {
				b.WriteString(raw)
			}
		default:
			b.Write(z.Raw())
		}
	}
}

// claimTagIDs applies claimIDs to one tag and reports whether it changed.
func claimTagIDs(tok *html.Token, marker string) bool {
	changed := false
	attrs := tok.Attr[:0:0]
	for _, a := range tok.Attr {
		if a.Key == "id" {
			changed = true
			id, ok := strings.CutPrefix(a.Val, marker)
			if !ok {
				continue
			}
			a.Val = id
		}
		attrs = append(attrs, a)
	}
	tok.Attr = attrs
	return changed
}

// mayHaveID reports whether the raw tag could hold an id attribute: the
// tokenizer takes attribute names literally (only lowercasing them), so a tag
// without "id" in any case has none.
func mayHaveID(raw []byte) bool {
	for i := 0; i+1 < len(raw); i++ {
		if raw[i]|0x20 == 'i' && raw[i+1]|0x20 == 'd' {
			return true
		}
	}
	return false
}
