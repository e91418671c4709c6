// Package markdown turns an article's markdown into the sanitized HTML and
// derived fields (table of contents, word count, summary, search text) that
// front-end sites publish as-is. It does not import PocketBase so it can be
// tested, benchmarked and fuzzed on its own.
package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxSourceBytes is the largest markdown body the app accepts. Render does
// not enforce it (callers validate input against it and report a field
// error), but it is exported so every caller uses the same limit.
const MaxSourceBytes = 100 * 1024

// Result is everything derived from one markdown document, computed together
// so the stored fields can never disagree with the stored HTML.
type Result struct {
	// HTML is rendered and sanitized; safe to place into a page unescaped.
	HTML string
	// TOC lists h2 and h3 in document order; each ID equals an id attribute in HTML.
	TOC []Heading
	// WordCount counts words of visible text (tokens with a letter or digit).
	WordCount int
	// ReadingMinutes is WordCount at WordsPerMinute, rounded up, at least 1.
	ReadingMinutes int
	// Summary is the first paragraph's plain text, cut to SummaryMaxRunes.
	Summary string
	// PlainText is all visible text, whitespace-collapsed, for full-text search.
	PlainText string
}

// Renderer holds the markdown converter and the sanitizer policy. Build it
// once at start-up with New and share it: both parts are immutable after
// construction, so Render and Sanitize are safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds the converter (GFM, footnotes, prefixed heading ids, raw HTML
// passed through) and the one sanitizer policy every output goes through.
func New() *Renderer { return newRenderer(newParser()) }

// newRenderer builds the Renderer around the block and inline parser p
// (tests pass goldmark's own to show linkGuard changes no output).
func newRenderer(p parser.Parser) *Renderer {
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
			extension.TaskList,
			extension.Footnote,
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(headingIDTransformer{}, 1000)),
		),
		goldmark.WithRendererOptions(
			// Editors paste HTML; it is kept here and cleaned by the policy below.
			html.WithUnsafe(),
			renderer.WithNodeRenderers(
				util.Prioritized(footnoteRenderer{}, 100),
				util.Prioritized(taskMarkerRenderer{}, 100),
			),
		),
	)
	return &Renderer{md: md, policy: newPolicy()}
}

// newParser is goldmark's default parser with its link parser wrapped in
// linkGuard, so hostile runs of "[](" cost linear time (see linkguard.go).
func newParser() parser.Parser {
	inline := parser.DefaultInlineParsers()
	guarded := false
	for i, p := range inline {
		if ip, ok := p.Value.(parser.InlineParser); ok && bytes.Equal(ip.Trigger(), newLinkGuard().Trigger()) {
			inline[i] = util.Prioritized(newLinkGuard(), p.Priority)
			guarded = true
		}
	}
	if !guarded {
		// A goldmark upgrade moved the link parser: fail at start, not on hostile input.
		panic("markdown: goldmark's default link parser was not found")
	}
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// Render converts src to sanitized HTML and derives the other fields from
// that HTML. Hostile input is sanitized, not rejected: the only error is an
// internal failure (including a recovered panic), never the content itself.
func (r *Renderer) Render(src string) (Result, error) { return r.render(src, true) }

// render is Render; fastIDs false tokenizes every document for ids, as if
// it held raw HTML (the tests' reference for the fast path).
func (r *Renderer) render(src string, fastIDs bool) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = Result{}, fmt.Errorf("markdown: render failed: %v", p)
		}
	}()
	if paddedCellBound(src) > MaxPaddedTableCells {
		return Result{}, ErrTooComplex
	}
	source := []byte(limitContainerMarkers(src))
	doc := r.parse(source)
	// Markdown without "<" has no raw HTML (every HTML block and inline tag starts with one):
	// nothing to repair, and no id that the pipeline did not generate, so no marker either.
	mayHoldHTML := bytes.IndexByte(source, '<') >= 0 || !fastIDs
	for range maxRawBlockRepairs {
		if !mayHoldHTML {
			break
		}
		start, end, ok := unclosedRawBlock(doc, source)
		if !ok {
			break
		}
		source = append(source[:start:start], source[end:]...)
		doc = r.parse(source)
	}
	marker := ""
	if mayHoldHTML {
		marker = idMarker(source)
	}
	raw := markGeneratedIDs(doc, marker) || !fastIDs
	var buf strings.Builder
	buf.Grow(len(source) + len(source)/2)
	if err := r.md.Renderer().Render(&buf, source, doc); err != nil {
		return Result{}, fmt.Errorf("markdown: render: %w", err)
	}
	claimed := claimIDs(buf.String(), marker, raw)
	if mayHoldHTML {
		// Only pasted HTML can open a raw-text element (goldmark writes none of its own).
		claimed = dropUnclosedRawText(claimed)
	}
	out, nodes := settle(sanitize(r.policy, claimed))
	return derive(out, nodes), nil
}

// parse builds the markdown tree of source with fresh heading-id state.
func (r *Renderer) parse(source []byte) ast.Node {
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	return r.md.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
}

// Sanitize applies the output policy alone to HTML from elsewhere (defence
// in depth for fields that did not come through Render): the bluemonday
// policy (after dropping never-closed raw-text tags), then the fixed rel on external links and lazy loading on images,
// then the nesting guard (see settle).
func (r *Renderer) Sanitize(html string) string {
	out, _ := settle(sanitize(r.policy, dropUnclosedRawText(html)))
	return out
}
