package markdown

import (
	stdhtml "html"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// headingIDTransformer gives every heading an id from its rendered text
// through the context's parser.IDs (headingIDs in Render). goldmark's own
// WithAutoHeadingID hands the generator the raw source line instead, so
// "## Call [us](tel:+44...)" would become "call-us-tel-44..."; working on
// the parsed inline text keeps ids equal to what readers see.
type headingIDTransformer struct{}

// Transform implements parser.ASTTransformer.
func (headingIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	ids := pc.IDs()
	walkBlocks(doc, func(n ast.Node) bool {
		h, ok := n.(*ast.Heading)
		if !ok {
			return true
		}
		var b strings.Builder
		inlineText(&b, h, src)
		h.SetAttributeString("id", ids.Generate([]byte(b.String()), ast.KindHeading))
		return false
	})
}

// walkBlocks calls visit on every block node under n in document order,
// descending into a block's children when visit returns true. Inline nodes
// (most of a document) are not visited: headings and HTML blocks, all the
// passes that use it look for, are blocks, and no block sits inside an inline.
func walkBlocks(n ast.Node, visit func(ast.Node) bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock && visit(c) {
			walkBlocks(c, visit)
		}
	}
}

// inlineText appends the visible text of n's inline children: link and
// emphasis text, code spans, autolink labels. Raw HTML, images and footnote
// references add nothing, so pasted markup cannot steer an id.
func inlineText(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if !c.IsRaw() {
				v = util.UnescapePunctuations(v)
			}
			b.WriteString(stdhtml.UnescapeString(string(v)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(stdhtml.UnescapeString(string(c.Value)))
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML, *ast.Image, *extast.FootnoteLink:
		default:
			inlineText(b, c, src)
		}
	}
}
