package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"recoverycms/internal/htmlcheck"
)

// footnoteID is the id of footnote n's list item ("fn-1").
func footnoteID(index int) string {
	return htmlcheck.FootnoteIDPrefix + strconv.Itoa(index)
}

// footnoteRefID is the id of a reference to footnote n: "fnref-1" for the
// first reference, "fnref-1-2" for the second, and so on.
func footnoteRefID(index, refIndex int) string {
	id := htmlcheck.FootnoteRefIDPrefix + strconv.Itoa(index)
	if refIndex > 0 {
		id += "-" + strconv.Itoa(refIndex+1)
	}
	return id
}

// footnoteRenderer replaces goldmark's footnote HTML. goldmark's ids look
// like "fn:1" behind a configurable prefix and come with class and role
// attributes and a wrapping div, none of which the policy keeps; this writes
// exactly what survives: prefixed ids and same-page links, nothing else.
type footnoteRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (footnoteRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindFootnoteLink, renderFootnoteLink)
	reg.Register(extast.KindFootnoteBacklink, renderFootnoteBacklink)
	reg.Register(extast.KindFootnote, renderFootnote)
	reg.Register(extast.KindFootnoteList, renderFootnoteList)
}

func renderFootnoteLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*extast.FootnoteLink)
		_, _ = w.WriteString(`<sup id="` + nodeID(n, footnoteRefID(n.Index, n.RefIndex)) + `"><a href="#` +
			footnoteID(n.Index) + `">` + strconv.Itoa(n.Index) + `</a></sup>`)
	}
	return ast.WalkContinue, nil
}

func renderFootnoteBacklink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*extast.FootnoteBacklink)
		_, _ = w.WriteString(`&#160;<a href="#` + footnoteRefID(n.Index, n.RefIndex) + `">&#x21a9;&#xfe0e;</a>`)
	}
	return ast.WalkContinue, nil
}

func renderFootnote(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<li id="` + nodeID(node, footnoteID(node.(*extast.Footnote).Index)) + "\">\n")
	} else {
		_, _ = w.WriteString("</li>\n")
	}
	return ast.WalkContinue, nil
}

func renderFootnoteList(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<hr>\n<ol>\n")
	} else {
		_, _ = w.WriteString("</ol>\n")
	}
	return ast.WalkContinue, nil
}

// nodeID returns the (marked) id attribute set on n by markGeneratedIDs, or
// fallback when there is none. Ids contain only ASCII letters, digits and
// hyphens, so they need no escaping.
func nodeID(n ast.Node, fallback string) string {
	if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	}
	return fallback
}
