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
// FTS5 does with a quoted string. A term with no tokens gives an empty phrase.
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

// phraseGroup is one distinct phrase of a match: a word repeated in the query is one group
// counted as often as it is repeated, so repeats cost nothing more to find and score.
type phraseGroup struct {
	stems phrase
	count int // how many of the match's phrases are this one
	last  int // the highest index among them: FTS5 lists a position's instances in phrase order
}

// groupPhrases groups equal phrases, in order of first appearance.
func groupPhrases(phrases []phrase) []phraseGroup {
	var groups []phraseGroup
	for i, p := range phrases {
		key := strings.Join(p, " ")
		found := false
		for g := range groups {
			if len(groups[g].stems) == len(p) && strings.Join(groups[g].stems, " ") == key {
				groups[g].count++
				groups[g].last = i
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, phraseGroup{stems: p, count: 1, last: i})
		}
	}
	return groups
}

// instance is one place a phrase group matches in a column: its first token, the group and
// the phrase's length in tokens.
type instance struct {
	pos, group, size int
}

// column is one indexed column of a hit, tokenized, with where each phrase group matches.
type column struct {
	text   string
	toks   []span
	firsts []int
	insts  []instance // by position
	// positions are the distinct instance positions, ascending; lastSize[i] is the length of
	// the last phrase (in FTS5's order) matching at positions[i]; byGroup[g] the positions of
	// group g.
	positions []int
	lastSize  []int
	byGroup   [][]int
}

// newColumn tokenizes text and finds every instance of the phrase groups in it.
func newColumn(text string, groups []phraseGroup) column {
	c := column{text: text, byGroup: make([][]int, len(groups))}
	c.toks, c.firsts = scanTokens(text, nil, nil)
	var buf []byte
	// stems[pos] is the stem of token pos once some phrase group needed it: each token is
	// folded and stemmed at most once, however many groups and phrases look at it.
	var stems []string
	var stemmed []bool
	stemAt := func(pos int) string {
		if stems == nil {
			stems, stemmed = make([]string, len(c.toks)), make([]bool, len(c.toks))
		}
		if !stemmed[pos] {
			t := c.toks[pos]
			buf = foldToken(buf[:0], text[t.start:t.end])
			stems[pos], stemmed[pos] = stem(buf), true
		}
		return stems[pos]
	}
	// starts[b]: some phrase's stem begins with byte b (ASCII letters folded to lower case).
	var starts [256]bool
	for _, g := range groups {
		if len(g.stems) > 0 && len(g.stems[0]) > 0 {
			starts[g.stems[0][0]] = true
		}
	}
	for pos, t := range c.toks {
		if b := text[t.start]; b < utf8.RuneSelf && !starts[b|0x20] {
			continue // an ASCII letter or digit no phrase starts with (digits have 0x20 set)
		}
		var headBuf [16]byte
		var head []byte
		lastPhrase, lastSize := -1, 0
		for gi, g := range groups {
			p := g.stems
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
				c.insts = append(c.insts, instance{pos: pos, group: gi, size: len(p)})
				c.byGroup[gi] = append(c.byGroup[gi], pos)
				if g.last > lastPhrase {
					lastPhrase, lastSize = g.last, len(p)
				}
			}
		}
		if lastPhrase >= 0 {
			c.positions = append(c.positions, pos)
			c.lastSize = append(c.lastSize, lastSize)
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

// window scores windows of n tokens of a column, FTS5's way, at positions that never move
// back between calls: a pointer per phrase group slides forward, so all the windows of a
// column cost one pass over its instances, however many there are.
type window struct {
	c        *column
	groups   []phraseGroup
	n        int
	from, to int   // positions[from:to] are in the current window
	lo, hi   []int // byGroup[g][lo[g]:hi[g]] are in the current window
}

func newWindow(c *column, groups []phraseGroup, n int) *window {
	return &window{c: c, groups: groups, n: n, lo: make([]int, len(groups)), hi: make([]int, len(groups))}
}

// score is FTS5's snippet score of the window from pos: 1000 for each phrase found in it, 1
// for each further instance. adj is the window moved to centre the instances in it.
func (w *window) score(pos int) (score, adj int) {
	c, end := w.c, pos+w.n
	w.from = advance(c.positions, w.from, pos)
	w.to = advance(c.positions, max(w.to, w.from), end)
	for g, at := range c.byGroup {
		w.lo[g] = advance(at, w.lo[g], pos)
		w.hi[g] = advance(at, max(w.hi[g], w.lo[g]), end)
		if found := w.hi[g] - w.lo[g]; found > 0 {
			// Each of the group's phrases: 1000 for its first instance here, 1 for each other.
			score += w.groups[g].count * (1000 + found - 1)
		}
	}
	if w.from == w.to {
		return 0, 0
	}
	first, last := c.positions[w.from], c.positions[w.to-1]+c.lastSize[w.to-1]
	adj = first - (w.n-(last-first))/2
	if adj+w.n > len(c.toks) {
		adj = len(c.toks) - w.n
	}
	return score, max(adj, 0)
}

// advance moves i forward past the values of sorted below bound.
func advance(sorted []int, i, bound int) int {
	for i < len(sorted) && sorted[i] < bound {
		i++
	}
	return i
}

// snippetOf makes the snippet FTS5's snippet(articles_fts, -1, markOpen, markClose, '…', 24)
// gives for a hit whose indexed columns (title, summary, body) hold cols. ok is false when some
// phrase is found in none of them (the tokenizers disagree): the caller asks FTS5 then.
func snippetOf(cols []string, phrases []phrase) (raw string, ok bool) {
	const n = snippetTokens
	groups := groupPhrases(phrases)
	columns := make([]column, len(cols))
	found := make([]bool, len(groups))
	for i, text := range cols {
		columns[i] = newColumn(text, groups)
		for g, at := range columns[i].byGroup {
			found[g] = found[g] || len(at) > 0
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
		// FTS5 scores a window from every instance; instances sharing a position score the
		// same, and only a higher score replaces the best, so one window per position is enough.
		jj := 0
		at, sentence := newWindow(c, groups, n), newWindow(c, groups, n)
		for _, pos := range c.positions {
			s, adj := at.score(pos)
			if s > bestScore {
				bestScore, bestCol, bestStart = s, ci, adj
			}
			if len(c.toks) <= n {
				continue
			}
			for jj < len(c.firsts)-1 && c.firsts[jj+1] <= pos {
				jj++
			}
			if start := c.firsts[jj]; start < pos {
				s, _ := sentence.score(start)
				if start == 0 {
					s += 120
				} else {
					s += 100
				}
				if s > bestScore {
					bestScore, bestCol, bestStart = s, ci, start
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
