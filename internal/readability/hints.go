package readability

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// NearWords is how many words either side of a Term with Near, in the same sentence, are
// searched for one of its Near words.
const NearWords = 3

// Term is one entry of the language list: a word or phrase, what to say instead and why.
type Term struct {
	// Term is matched as whole words, case-insensitively, with an optional plural "s" or "es"
	// on its last word ("addict" matches "Addicts" and "addict's", not "addiction").
	Term       string `json:"term"`
	Suggestion string `json:"suggestion"`
	Note       string `json:"note,omitempty"`
	// Near, when set, limits the term to one sense: it is flagged only when one of these
	// words stands within NearWords words of it in the same sentence ("clean" near "urine").
	Near []string `json:"near,omitempty"`
}

// Hint is one use of a Term in the article.
type Hint struct {
	Term       string `json:"term"`
	Text       string `json:"text"` // as written: "Addicts"
	Suggestion string `json:"suggestion"`
	// Start and End are rune offsets into the markdown source, or -1 (see the package comment).
	Start int    `json:"start"`
	End   int    `json:"end"`
	Note  string `json:"note"`
}

// Checker finds the terms of one list. Build it once at start-up with NewChecker; it is
// safe for concurrent use.
type Checker struct {
	terms []compiledTerm
}

type compiledTerm struct {
	Term
	pattern *regexp.Regexp
	first   string // the first word, lower-cased: blocks without it are not searched
	near    map[string]bool
}

// NewChecker compiles terms; a term or suggestion that is empty is an error.
func NewChecker(terms []Term) (*Checker, error) {
	c := &Checker{}
	for i, term := range terms {
		words := strings.Fields(strings.ToLower(term.Term))
		if len(words) == 0 || strings.TrimSpace(term.Suggestion) == "" {
			return nil, fmt.Errorf("readability: language term %d (%q) needs a term and a suggestion", i+1, term.Term)
		}
		quoted := make([]string, len(words))
		for j, w := range words {
			quoted[j] = regexp.QuoteMeta(w)
		}
		ct := compiledTerm{Term: term, first: words[0], pattern: regexp.MustCompile(`(?i)` + strings.Join(quoted, `\s+`) + `(?:e?s)?`)}
		if len(term.Near) > 0 {
			ct.near = map[string]bool{}
			for _, n := range term.Near {
				ct.near[strings.ToLower(strings.TrimSpace(n))] = true
			}
		}
		c.terms = append(c.terms, ct)
	}
	return c, nil
}

// Hints lists every use of the checker's terms in t, in the order of the text. A nil
// Checker finds nothing.
func (c *Checker) Hints(t *Text) []Hint {
	hints := []Hint{}
	if c == nil {
		return hints
	}
	type found struct {
		Hint
		block, off int
	}
	var all []found
	for b, block := range t.blocks {
		lower := strings.ToLower(block)
		for _, ct := range c.terms {
			if !strings.Contains(lower, ct.first) {
				continue
			}
			for _, m := range ct.pattern.FindAllStringIndex(block, -1) {
				if !wholeWordAt(block, m[0], m[1]) || !ct.inSense(t, b, m[0], m[1]) {
					continue
				}
				start, end := t.span(b, m[0], m[1])
				all = append(all, found{Hint{Term: ct.Term.Term, Text: block[m[0]:m[1]], Suggestion: ct.Suggestion,
					Start: start, End: end, Note: ct.Note}, b, m[0]})
			}
		}
	}
	slices.SortStableFunc(all, func(x, y found) int {
		if x.block != y.block {
			return x.block - y.block
		}
		return x.off - y.off
	})
	for _, f := range all {
		hints = append(hints, f.Hint)
	}
	return hints
}

// inSense reports whether block[start:end] of block b is used in the term's sense: always
// for a term without Near, else when a Near word is close by in the same sentence.
func (ct compiledTerm) inSense(t *Text, b, start, end int) bool {
	if ct.near == nil {
		return true
	}
	first, last := t.wordAt(b, start, true), t.wordAt(b, end, false)
	if first < 0 || last < 0 {
		return false
	}
	sentence := t.words[first].sentence
	for i := max(0, first-NearWords); i <= min(len(t.words)-1, last+NearWords); i++ {
		if i >= first && i <= last || t.words[i].sentence != sentence {
			continue
		}
		for _, part := range strings.Split(strings.ToLower(t.words[i].text), "-") {
			if ct.near[part] {
				return true
			}
		}
	}
	return false
}
