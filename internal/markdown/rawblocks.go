package markdown

import (
	"regexp"

	"github.com/yuin/goldmark/ast"
)

// maxRawBlockRepairs bounds how many never-closed raw-text blocks Render repairs by parsing
// again; any beyond are still made harmless by dropUnclosedRawText, only shown as plain text.
const maxRawBlockRepairs = 16

// rawBlockOpen matches the start tag that opens a CommonMark type 1 HTML block of an element
// whose text an HTML parser would read raw (pre stays: its text is shown either way).
var rawBlockOpen = regexp.MustCompile(`(?i)<(?:script|style|textarea)(?:\s[^>]*)?/?>`)

// rawBlockClose matches the end tag that closes such a block (on any of its lines).
var rawBlockClose = regexp.MustCompile(`(?i)</(?:script|style|textarea)>`)

// unclosedRawBlock returns the byte range of the opening tag of the first script, style or
// textarea HTML block that is never closed, or ok false. Such a block runs to the end of
// its container, so everything after the tag would be kept as raw HTML instead of markdown;
// Render removes the tag and parses again, so the rest of the article renders as written.
func unclosedRawBlock(doc ast.Node, source []byte) (start, end int, ok bool) {
	walkBlocks(doc, func(n ast.Node) bool {
		if ok {
			return false
		}
		b, isBlock := n.(*ast.HTMLBlock)
		if !isBlock || b.HTMLBlockType != ast.HTMLBlockType1 || b.HasClosure() || b.Lines().Len() == 0 {
			return true
		}
		// A block closed on its first line has no closure line: look at its text too.
		lines := b.Lines()
		if rawBlockClose.Match(source[lines.At(0).Start:lines.At(lines.Len()-1).Stop]) {
			return true
		}
		first := lines.At(0)
		if m := rawBlockOpen.FindIndex(first.Value(source)); m != nil {
			start, end, ok = first.Start+m[0], first.Start+m[1], true
		}
		return !ok
	})
	return start, end, ok
}
