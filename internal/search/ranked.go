package search

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/publishing"
)

// Ranking from cached per-term scores.
//
// Why: FTS5's bm25 reads every position of every matching row before it can sort, and a
// common word matches nearly every article, so one uncached query cost 0.1-2 s at 10k
// articles. But bm25 is a sum over the query's phrases of a score that depends only on that
// phrase and the row (its IDF, its weighted frequency in the row, the row's length), so the
// score of "a b" equals the score of "a" plus that of "b" in every row matching both. A
// Ranker keeps, per content version, each term's (rowid, score) list and the public rows,
// and ranks a query by intersecting those lists: the ranking is FTS5's own, title-first
// weights included, and SQL runs only for a term not seen since the last change and for the
// snippets of the page's hits.

// bm25Weights are the column weights of the ranking: article_id, title, summary, body.
const bm25Weights = "0.0, 10.0, 4.0, 1.0"

// maxCachedPostings bounds the (rowid, score) pairs a Ranker keeps (postingBytes each, the
// terms' own bytes counted in the same units): past it, the term lists are dropped and
// rebuilt on demand.
const maxCachedPostings = 2 << 20

// postingBytes is the size of one posting.
const postingBytes = 16

// posting is one row matching a term, with the term's bm25 score in it (negative: lower is better).
type posting struct {
	rowid int64
	score float64
}

// Ranker answers ranked queries from per-term scores kept for one content version. Safe
// for concurrent use; the zero value is not usable, use NewRanker.
type Ranker struct {
	state contentcache.Versioned[rankState]
}

// NewRanker returns a Ranker with nothing cached.
func NewRanker() *Ranker { return &Ranker{} }

// rankState is what a Ranker knows about one content version.
type rankState struct {
	publicMu sync.Mutex
	public   map[int64]string // rowid -> article id of rows public when built; nil until read
	mu       sync.Mutex
	terms    map[string][]posting
	postings int
	// reading holds the terms being read now: a second query of the same term waits for the
	// first one's answer instead of reading it again (after a save, a flood of searches would
	// otherwise read a common word's 10,000 scores once per request).
	reading map[string]*termRead
}

// termRead is one read of a term's scores in progress; done closes when list and err are set.
type termRead struct {
	done chan struct{}
	list []posting
	err  error
}

// Run finds one page of published articles (public at now) matching every term of match (a
// Query result), best first as RankQuery orders them, and the total number of matches.
// version is the content version (contentcache.Cache.Version) the caller read before
// calling: every saved or deleted article, and every scheduled article coming due, bumps it,
// which is what makes the rows public at the first call of a version public at the later ones.
func (rk *Ranker) Run(app core.App, version uint64, match string, now time.Time, page, perPage int) ([]Hit, int, error) {
	s := rk.state.For(version, func() *rankState {
		return &rankState{terms: map[string][]posting{}, reading: map[string]*termRead{}}
	})
	public, err := s.publicRows(app, now)
	if err != nil {
		return nil, 0, err
	}
	terms := strings.Fields(match)
	if len(terms) == 0 {
		return nil, 0, nil
	}
	lists := make([][]posting, len(terms))
	for i, t := range terms {
		l, err := s.term(app, t)
		if err != nil {
			return nil, 0, err
		}
		lists[i] = l
	}
	matched := rank(lists, public)
	total := len(matched)
	from := min((page-1)*perPage, total)
	to := min(from+perPage, total)
	ranked := best(matched, to)
	hits := make([]Hit, 0, to-from)
	for _, p := range ranked[from:to] {
		hits = append(hits, Hit{RowID: p.rowid, ArticleID: public[p.rowid]})
	}
	if err := addSnippets(app, match, hits); err != nil {
		return nil, 0, err
	}
	return hits, total, nil
}

// publicRows returns the public rows of the state's version, read on the first call that
// succeeds: a failed read (a storage fault) is not remembered, so the next search tries again.
func (s *rankState) publicRows(app core.App, now time.Time) (map[int64]string, error) {
	s.publicMu.Lock()
	defer s.publicMu.Unlock()
	if s.public == nil {
		public, err := publicRows(app, now)
		if err != nil {
			return nil, err
		}
		s.public = public
	}
	return s.public, nil
}

// publicRows maps the index rowid of every article public at now to its id.
func publicRows(app core.App, now time.Time) (map[int64]string, error) {
	var rows []struct {
		RowID     int64  `db:"fts_rowid"`
		ArticleID string `db:"article_id"`
	}
	// CROSS JOIN keeps the index table outer: the other order would scan it once per article.
	err := app.ConcurrentDB().Select("articles_fts.rowid AS fts_rowid", "articles_fts.article_id").
		From("articles_fts").
		Join("CROSS JOIN", "articles", dbx.NewExp("articles.id = articles_fts.article_id")).
		Where(publishing.PublicExp(now)).All(&rows)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.RowID] = r.ArticleID
	}
	return out, nil
}

// term returns the rows matching one quoted term with its bm25 score, in rowid order, read
// once per content version however many queries ask for it at the same time.
func (s *rankState) term(app core.App, term string) ([]posting, error) {
	s.mu.Lock()
	if l, ok := s.terms[term]; ok {
		s.mu.Unlock()
		return l, nil
	}
	if r, ok := s.reading[term]; ok {
		s.mu.Unlock()
		<-r.done
		return r.list, r.err
	}
	r := &termRead{done: make(chan struct{})}
	s.reading[term] = r
	s.mu.Unlock()

	r.list, r.err = readTerm(app, term)
	s.mu.Lock()
	delete(s.reading, term)
	if r.err == nil { // a failed read is not remembered: the next query tries again
		// A term costs its postings and its own bytes: terms matching nothing (random
		// words a visitor sends) must fill the budget too.
		cost := len(r.list) + 1 + len(term)/postingBytes
		if s.postings+cost > maxCachedPostings {
			s.terms, s.postings = map[string][]posting{}, 0
		}
		s.terms[term] = r.list
		s.postings += cost
	}
	s.mu.Unlock()
	close(r.done)
	return r.list, r.err
}

// readTerm reads the rows matching one quoted term with its bm25 score, in rowid order.
func readTerm(app core.App, term string) ([]posting, error) {
	rows, err := app.ConcurrentDB().NewQuery(`SELECT rowid, bm25(articles_fts, ` + bm25Weights + `) FROM articles_fts
		WHERE articles_fts MATCH {:term} ORDER BY rowid`).Bind(dbx.Params{"term": term}).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var l []posting
	for rows.Next() {
		var p posting
		if err := rows.Scan(&p.rowid, &p.score); err != nil {
			return nil, err
		}
		l = append(l, p)
	}
	return l, rows.Err()
}

// rank intersects the term lists (each in rowid order), keeps the public rows and sums the
// scores, in rowid order.
func rank(lists [][]posting, public map[int64]string) []posting {
	shortest := 0
	for i, l := range lists {
		if len(l) < len(lists[shortest]) {
			shortest = i
		}
	}
	acc := make([]posting, 0, len(lists[shortest]))
	for _, p := range lists[shortest] {
		if _, ok := public[p.rowid]; ok {
			acc = append(acc, posting{rowid: p.rowid})
		}
	}
	// Every list, the shortest too, adds its score once per occurrence of its term in the
	// query, as bm25 counts a repeated phrase once per occurrence.
	for _, l := range lists {
		out := acc[:0]
		j := 0
		for _, p := range acc {
			for j < len(l) && l[j].rowid < p.rowid {
				j++
			}
			if j < len(l) && l[j].rowid == p.rowid {
				out = append(out, posting{rowid: p.rowid, score: p.score + l[j].score})
			}
		}
		acc = out
	}
	return acc
}

// better orders postings best first: lower score, ties by rowid, so pages never overlap.
func better(a, b posting) int {
	if c := cmp.Compare(a.score, b.score); c != 0 {
		return c
	}
	return cmp.Compare(a.rowid, b.rowid)
}

// best returns the k best postings of all, best first. A common word matches most
// articles while a page needs the first few dozen: a heap of k keeps the rest unsorted.
func best(all []posting, k int) []posting {
	if k >= len(all)/4 {
		slices.SortFunc(all, better)
		return all[:k]
	}
	// h is a max-heap (the worst of the k kept at h[0]).
	h := make([]posting, 0, k)
	down := func(i int) {
		for {
			worst, l, r := i, 2*i+1, 2*i+2
			if l < len(h) && better(h[l], h[worst]) > 0 {
				worst = l
			}
			if r < len(h) && better(h[r], h[worst]) > 0 {
				worst = r
			}
			if worst == i {
				return
			}
			h[i], h[worst] = h[worst], h[i]
			i = worst
		}
	}
	for _, p := range all {
		switch {
		case len(h) < k:
			h = append(h, p)
			for i := len(h) - 1; i > 0 && better(h[i], h[(i-1)/2]) > 0; i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
		case k > 0 && better(p, h[0]) < 0:
			h[0] = p
			down(0)
		}
	}
	slices.SortFunc(h, better)
	return h
}
