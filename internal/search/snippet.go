package search

import (
	"strings"
	"unicode/utf8"
)

// snippetTokens and snippetEllipsis are the snippet's size and its cut marker, as passed to
// FTS5's snippet() where Go cannot make the snippet.
const (
	snippetTokens   = 24
	snippetEllipsis = "…"
)

// phrase is one quoted term of a match: the stems of its tokens, which must follow each other.
type phrase []string

// phrasesOf parses a Query result ("a" "b c" ...) into its phrases, tokenized and stemmed as
// FTS5 does with a quoted string. A term with no tokens gives no phrase.
func phrasesOf(match string) []phrase {
	var out []phrase
	for i := 0; i < len(match); {
		if match[i] != '"' {
			i++
			continue
		}
		var term strings.Builder
		for i++; i < len(match); i++ {
			if match[i] == '"' {
				if i+1 < len(match) && match[i+1] == '"' {
					term.WriteByte('"')
					i++
					continue
				}
				i++
				break
			}
			term.WriteByte(match[i])
		}
		text := term.String()
		toks, _ := scanTokens(text, nil, nil)
		var p phrase
		var buf []byte
		for _, t := range toks {
			buf = foldToken(buf[:0], text[t.start:t.end])
			p = append(p, stem(buf))
		}
		out = append(out, p)
	}
	return out
}

// instance is one place a phrase matches in a column: its first token and the phrase.
type instance struct {
	pos, phrase, size int
}

// column is one indexed column of a hit, tokenized.
type column struct {
	text   string
	toks   []span
	firsts []int
	insts  []instance
}

// newColumn tokenizes text and finds every instance of phrases in it, ordered by position and
// then by phrase, as FTS5 orders them.
func newColumn(text string, phrases []phrase) column {
	c := column{text: text}
	c.toks, c.firsts = scanTokens(text, nil, nil)
	var buf []byte
	stemAt := func(pos int) string {
		t := c.toks[pos]
		buf = foldToken(buf[:0], text[t.start:t.end])
		return stem(buf)
	}
	// starts[b]: some phrase's stem begins with byte b (ASCII letters folded to lower case).
	var starts [256]bool
	for _, p := range phrases {
		if len(p) > 0 && len(p[0]) > 0 {
			starts[p[0][0]] = true
		}
	}
	for pos, t := range c.toks {
		if b := text[t.start]; b < utf8.RuneSelf && !starts[b|0x20] {
			continue // an ASCII letter or digit no phrase starts with (digits have 0x20 set)
		}
		var headBuf [16]byte
		var head []byte
		for k, p := range phrases {
			if len(p) == 0 || pos+len(p) > len(c.toks) || t.end-t.start < len(p[0]) {
				continue
			}
			if head == nil {
				head = foldToken(headBuf[:0], text[t.start:min(t.end, t.start+8)])
			}
			if !mayStemTo(head, p[0]) || stemAt(pos) != p[0] {
				continue
			}
			match := true
			for j := 1; j < len(p) && match; j++ {
				match = stemAt(pos+j) == p[j]
			}
			if match {
				c.insts = append(c.insts, instance{pos: pos, phrase: k, size: len(p)})
			}
		}
	}
	return c
}

// mayStemTo rules out most tokens by the first bytes of their folded form (head): a porter
// stem keeps its word's first letter, and its second unless that is a final y turned to i.
func mayStemTo(head []byte, stem string) bool {
	if len(head) == 0 || len(stem) == 0 || head[0] != stem[0] {
		return false
	}
	return len(stem) < 2 || len(head) >= 2 && (head[1] == stem[1] || head[1] == 'y' && stem[1] == 'i')
}

// score is FTS5's snippet score of the window of n tokens from pos: 1000 for each phrase found
// in it, 1 for each further instance. adj is the window moved to centre the instances in it.
func (c *column) score(pos, n, phrases int) (score, adj int) {
	seen := make([]bool, phrases)
	first, last := -1, 0
	for _, in := range c.insts {
		if in.pos < pos {
			continue
		}
		if in.pos >= pos+n {
			break
		}
		if seen[in.phrase] {
			score++
		} else {
			score += 1000
			seen[in.phrase] = true
		}
		if first < 0 {
			first = in.pos
		}
		last = in.pos + in.size
	}
	adj = first - (n-(last-first))/2
	if adj+n > len(c.toks) {
		adj = len(c.toks) - n
	}
	return score, max(adj, 0)
}

// snippetOf makes the snippet FTS5's snippet(articles_fts, -1, markOpen, markClose, '…', 24)
// gives for a hit whose indexed columns (title, summary, body) hold cols. ok is false when some
// phrase is found in none of them (the tokenizers disagree): the caller asks FTS5 then.
func snippetOf(cols []string, phrases []phrase) (raw string, ok bool) {
	const n = snippetTokens
	columns := make([]column, len(cols))
	found := make([]bool, len(phrases))
	for i, text := range cols {
		columns[i] = newColumn(text, phrases)
		for _, in := range columns[i].insts {
			found[in.phrase] = true
		}
	}
	for _, f := range found {
		if !f {
			return "", false
		}
	}
	bestScore, bestCol, bestStart := 0, -1, 0
	for ci := range columns {
		c := &columns[ci]
		for _, in := range c.insts {
			s, adj := c.score(in.pos, n, len(phrases))
			if s > bestScore {
				bestScore, bestCol, bestStart = s, ci, adj
			}
			if len(c.toks) <= n {
				continue
			}
			jj := 0
			for jj < len(c.firsts)-1 && c.firsts[jj+1] <= in.pos {
				jj++
			}
			if at := c.firsts[jj]; at < in.pos {
				s, _ := c.score(at, n, len(phrases))
				if at == 0 {
					s += 120
				} else {
					s += 100
				}
				if s > bestScore {
					bestScore, bestCol, bestStart = s, ci, at
				}
			}
		}
	}
	if bestCol < 0 {
		return "", false
	}
	return columns[bestCol].highlight(bestStart, bestStart+n-1), true
}

// highlight writes tokens from..to of the column with each (coalesced) instance starting in
// that range between the markers, as FTS5's snippet() writes its chosen window.
func (c *column) highlight(from, to int) string {
	// Coalesce overlapping instances, keeping those starting at or after from.
	type run struct{ start, end int }
	var runs []run
	for _, in := range c.insts {
		end := in.pos + in.size - 1
		if len(runs) > 0 && in.pos <= runs[len(runs)-1].end {
			runs[len(runs)-1].end = max(runs[len(runs)-1].end, end)
			continue
		}
		runs = append(runs, run{in.pos, end})
	}
	for len(runs) > 0 && runs[0].start < from {
		runs = runs[1:]
	}
	next := run{-1, -1}
	advance := func() {
		if len(runs) > 0 {
			next, runs = runs[0], runs[1:]
		} else {
			next = run{-1, -1}
		}
	}
	advance()

	var b strings.Builder
	if from > 0 {
		b.WriteString(snippetEllipsis)
	}
	off, open := 0, false
	for pos := from; pos <= to && pos < len(c.toks); pos++ {
		t := c.toks[pos]
		if from > 0 && pos == from {
			off = t.start
		}
		if open && (pos <= next.start || next.start < 0) && t.start > off {
			b.WriteString(markClose)
			open = false
		}
		if pos == next.start && !open {
			b.WriteString(c.text[off:t.start])
			b.WriteString(markOpen)
			off, open = t.start, true
		}
		if pos == next.end {
			if !open {
				b.WriteString(markOpen)
				open = true
			}
			b.WriteString(c.text[off:t.end])
			off = t.end
			advance()
		}
		if pos == to {
			if open {
				if next.start >= 0 && pos >= next.start {
					b.WriteString(c.text[off:t.end])
					off = t.end
				}
				b.WriteString(markClose)
				open = false
			}
			b.WriteString(c.text[off:t.end])
			off = t.end
		}
	}
	if open {
		b.WriteString(markClose)
	}
	if to >= len(c.toks)-1 {
		b.WriteString(c.text[off:])
	} else {
		b.WriteString(snippetEllipsis)
	}
	return b.String()
}
