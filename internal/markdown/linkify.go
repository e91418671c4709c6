package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkifyProtocols are the schemes bare URLs are linked for.
var linkifyProtocols = []string{"http:", "https:"}

// stockLinkify is goldmark's linkify extension as articles use it (the tests' reference).
func stockLinkify() goldmark.Extender {
	return extension.NewLinkify(extension.WithLinkifyAllowedProtocols(linkifyProtocols))
}

// quickLinkify is goldmark's linkify with a cheap first look. goldmark calls it at every
// space of every paragraph; most words there cannot start a link, and it rules those out
// from their first bytes before the stock parser's regular expressions and address scan.
type quickLinkify struct{}

// Extend implements goldmark.Extender.
func (quickLinkify) Extend(m goldmark.Markdown) {
	stock := extension.NewLinkifyParser(extension.WithLinkifyAllowedProtocols(linkifyProtocols))
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(linkifyFilter{stock}, 999)))
}

// linkifyFilter answers nil, as the stock parser would, for a word that is neither an
// allowed URL, a www. address nor an email address, and passes the rest on.
type linkifyFilter struct{ parser.InlineParser }

// Parse implements parser.InlineParser.
func (f linkifyFilter) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if mayLinkify(line) {
		return f.InlineParser.Parse(parent, block, pc)
	}
	return nil
}

// mayLinkify reports whether the stock linkify parser could return a link at line, which
// starts with one of its trigger bytes or at a line's head. It links a word only when it
// starts with an allowed protocol or "www.", or when it is an email address, whose local
// part (at most 64 bytes, as the stock scan allows) ends with '@'.
func mayLinkify(line []byte) bool {
	if len(line) > 0 && bytes.IndexByte([]byte{' ', '*', '_', '~', '('}, line[0]) >= 0 {
		line = line[1:]
	}
	for _, p := range linkifyProtocols {
		if bytes.HasPrefix(line, []byte(p)) {
			return true
		}
	}
	return bytes.HasPrefix(line, []byte("www.")) || bytes.IndexByte(line[:min(len(line), 65)], '@') >= 0
}
