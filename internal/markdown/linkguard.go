package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// minGuardedLine is the shortest line on which linkGuard does its own
// look-ahead. On shorter lines goldmark's rescans cost at most the square of
// a short line, so they are left to goldmark alone.
const minGuardedLine = 1024

// linkGuard wraps goldmark's link parser to remove its quadratic case.
// For every "](" goldmark scans the would-be destination to the next space or
// unbalanced ")" and, when that is not followed by ")" or a title, drops the
// link and moves on one character: a 100 KB line of "[](" or "![a](" is
// scanned again from every bracket and costs seconds. linkGuard answers the
// same question from one linear pass per line (destEnds) and, when the link
// is bound to fail, shows goldmark a "]" not followed by "(", which takes
// goldmark down exactly the path a failed inline link takes (shortcut
// reference or literal text). Links that can succeed, titles and short lines
// go through goldmark unchanged, so output is identical.
type linkGuard struct {
	inner parser.InlineParser
}

func newLinkGuard() linkGuard { return linkGuard{inner: parser.NewLinkParser()} }

var lineScanKey = parser.NewContextKey()

// Trigger is the wrapped link parser's: "[", "!" and "]".
func (g linkGuard) Trigger() []byte { return g.inner.Trigger() }

// Parse hides the "(" after a "]" when the inline link it opens cannot parse.
func (g linkGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if line, _ := block.PeekLine(); len(line) > 1 && line[0] == ']' && line[1] == '(' {
		if at, ok := g.doomedParen(block, pc); ok {
			return g.inner.Parse(parent, hiddenParen{Reader: block, at: at}, pc)
		}
	}
	return g.inner.Parse(parent, block, pc)
}

// CloseBlock lets the wrapped parser drop the bracket state of a finished block.
func (g linkGuard) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	g.inner.(parser.CloseBlocker).CloseBlock(parent, block, pc)
}

// doomedParen reports the source offset of the "(" after the "]" at the
// reader's position when goldmark's inline link parse starting there must
// fail. It follows goldmark's parseLink step by step on the real reader
// (restoring its position afterwards), replacing only the destination scan
// by a look-up. Any case it does not prove to fail is answered false.
func (g linkGuard) doomedParen(block text.Reader, pc parser.Context) (int, bool) {
	l, pos := block.Position()
	defer block.SetPosition(l, pos)
	block.Advance(1) // "]"
	_, paren := block.PeekLine()
	block.Advance(1) // "("
	block.SkipSpaces()
	if block.Peek() == ')' {
		return 0, false
	}
	line, seg := block.PeekLine()
	if len(line) < minGuardedLine || seg.Padding != 0 {
		return 0, false
	}
	scan := lineScanFor(pc, block.Source(), seg)
	i := seg.Start - scan.base
	var end int // relative to seg.Start, as goldmark's block.Advance takes it
	if line[0] == '<' {
		gt := scan.nextGT[i+1]
		if gt < 0 {
			return paren.Start, true // no ">": goldmark's destination fails
		}
		end = int(gt) + 1 - i
	} else {
		end = int(scan.destEnd[i]) - i
		if end == 0 {
			return paren.Start, true // empty destination fails
		}
	}
	advance(block, end, len(line))
	block.SkipSpaces()
	switch block.Peek() {
	case ')', '"', '\'', '(':
		return 0, false // a link or a title: leave it to goldmark
	}
	return paren.Start, true
}

// advance moves block n bytes along a line of length lineLen as
// block.Advance(n) does, in constant time: Advance steps byte by byte when
// n reaches the end of the line, so do the last step alone.
func advance(block text.Reader, n, lineLen int) {
	if n < lineLen {
		block.Advance(n)
		return
	}
	block.Advance(n - 1)
	block.Advance(1)
}

// hiddenParen is a reader that shows goldmark's link parser the byte at
// offset at (a "(") as end of input, so it treats the "]" before it as
// having no inline link after it.
type hiddenParen struct {
	text.Reader
	at int
}

func (h hiddenParen) Peek() byte {
	if _, pos := h.Position(); pos.Start == h.at && pos.Padding == 0 {
		return text.EOF
	}
	return h.Reader.Peek()
}

// lineScan holds, for one line from base to its end, where goldmark's link
// destination scan starting at each offset would stop (destEnd) and the
// next unescaped ">" (nextGT, -1 if none), both relative to base.
type lineScan struct {
	base, stop int
	destEnd    []int32
	nextGT     []int32
}

// lineScanFor returns the scan of the line segment seg, computing it on first
// use and keeping it in the parse context (one document, one goroutine).
func lineScanFor(pc parser.Context, source []byte, seg text.Segment) *lineScan {
	if s, ok := pc.Get(lineScanKey).(*lineScan); ok && s.stop == seg.Stop && s.base <= seg.Start {
		return s
	}
	s := scanLine(source[seg.Start:seg.Stop])
	s.base, s.stop = seg.Start, seg.Stop
	pc.Set(lineScanKey, s)
	return s
}

// scanLine computes lineScan for line in linear time. goldmark's
// destination scan from i skips backslash-escaped punctuation, counts "("
// and ")" and stops at a space or at the ")" that takes the count below
// zero, i.e. the first ")" at k >= i whose depth before it equals the depth
// before i. Scans only start just after "(", "<" or a space, never inside an
// escape pair, so one pass from the line's start pairs escapes as they do.
func scanLine(line []byte) *lineScan {
	n := len(line)
	const (
		other = iota
		open
		closing
		space
		gt
	)
	class := make([]byte, n)
	for k := 0; k < n; k++ {
		switch c := line[k]; {
		case c == '\\' && k < n-1 && util.IsPunct(line[k+1]):
			k++ // the escaped byte stays "other", like the backslash
		case c == '(':
			class[k] = open
		case c == ')':
			class[k] = closing
		case c == '>':
			class[k] = gt
		case util.IsSpace(c):
			class[k] = space
		}
	}
	depth := make([]int32, n+1) // depth before each offset
	for k, c := range class {
		depth[k+1] = depth[k]
		switch c {
		case open:
			depth[k+1]++
		case closing:
			depth[k+1]--
		}
	}
	s := &lineScan{destEnd: make([]int32, n+1), nextGT: make([]int32, n+1)}
	firstClose := make([]int32, 2*n+3) // by depth+n+1: nearest ")" at that depth
	for i := range firstClose {
		firstClose[i] = int32(n)
	}
	stopAt, nextGT := int32(n), int32(-1)
	s.destEnd[n], s.nextGT[n] = int32(n), -1
	for k := n - 1; k >= 0; k-- {
		d := int(depth[k]) + n + 1
		switch class[k] {
		case space:
			stopAt = int32(k)
		case closing:
			firstClose[d] = int32(k)
		case gt:
			nextGT = int32(k)
		}
		s.destEnd[k] = min(stopAt, firstClose[d])
		s.nextGT[k] = nextGT
	}
	return s
}
