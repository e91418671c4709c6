package markdown

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawTextElements are the elements whose content an HTML parser reads as raw text up to the
// matching end tag: opened and never closed, each swallows the rest of the document.
var rawTextElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Title: true, atom.Xmp: true,
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Noscript: true, atom.Plaintext: true,
}

// rawTextNames are the names of rawTextElements, for mayHoldRawText.
var rawTextNames = []string{"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}

// mayHoldRawText reports whether s has "<" followed by the name of a raw-text element in any
// case, so HTML without one is not tokenized a second time. One IndexByte scan per "<".
func mayHoldRawText(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0; {
		rest := s[i+1:]
		for _, name := range rawTextNames {
			if len(rest) >= len(name) && strings.EqualFold(rest[:len(name)], name) {
				return true
			}
		}
		j := strings.IndexByte(rest, '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// dropUnclosedRawText removes every start tag of a raw-text element that is never closed,
// so an editor's stray "<style>" cannot make the sanitizer discard the rest of the article
// (CommonMark ends such an HTML block only at its end tag, and HTML reads everything after
// the tag as the element's text). Closed elements are left to the policy, which drops script
// and style with their content. What follows a dropped tag is parsed as ordinary HTML.
func dropUnclosedRawText(s string) string {
	if !mayHoldRawText(s) {
		return s // the common case: one scan, no tokenizing
	}
	var out strings.Builder
	for {
		start, end, found := firstUnclosedRawText(s)
		if !found {
			out.WriteString(s)
			return out.String()
		}
		out.WriteString(s[:start])
		s = s[end:]
	}
}

// offsetTokenizer is an html.Tokenizer that knows how many bytes it has read.
type offsetTokenizer struct {
	*html.Tokenizer
	offset int
}

func (t *offsetTokenizer) next() (html.TokenType, int) {
	tt := t.Next()
	start := t.offset
	t.offset += len(t.Raw())
	return tt, start
}

// firstUnclosedRawText finds the first start tag of a raw-text element that has no end tag
// and returns the byte range of that tag in s.
func firstUnclosedRawText(s string) (start, end int, found bool) {
	z := &offsetTokenizer{Tokenizer: html.NewTokenizer(strings.NewReader(s))}
	for {
		tt, at := z.next()
		switch tt {
		case html.ErrorToken:
			return 0, 0, false
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if !rawTextElements[a] {
				continue
			}
			tagEnd := z.offset
			if !z.closes(a) {
				return at, tagEnd, true
			}
		}
	}
}

// closes reads past the text of the raw-text element a, whose start tag was just read, and
// reports whether its end tag comes before the end of the input.
func (t *offsetTokenizer) closes(a atom.Atom) bool {
	for {
		tt, _ := t.next()
		switch tt {
		case html.ErrorToken:
			return false
		case html.EndTagToken:
			if name, _ := t.TagName(); atom.Lookup(name) == a {
				return true
			}
		}
	}
}
