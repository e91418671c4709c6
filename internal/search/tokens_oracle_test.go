package search

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// ftsTerms returns FTS5's terms of body, in order, through an fts5vocab table over db's
// articles_fts.
func ftsTerms(tb testing.TB, db *sql.DB, body string) []string {
	tb.Helper()
	if _, err := db.Exec(`DELETE FROM articles_fts`); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO articles_fts (rowid, article_id, title, summary, body) VALUES (1, 'x', '', '', ?)`, body); err != nil {
		tb.Fatal(err)
	}
	rows, err := db.Query(`SELECT term FROM vocab WHERE col = 'body' ORDER BY offset`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var terms []string
	for rows.Next() {
		var term string
		if err := rows.Scan(&term); err != nil {
			tb.Fatal(err)
		}
		terms = append(terms, term)
	}
	return terms
}

// goTerms is ftsTerms by this package's tokenizer, folding and stemming.
func goTerms(body string) []string {
	toks, _ := scanTokens(body, nil, nil)
	terms := make([]string, 0, len(toks))
	for _, tk := range toks {
		terms = append(terms, stem(foldToken(nil, body[tk.start:tk.end])))
	}
	return terms
}

// TestTokensMatchFTS5ForEveryCodePoint: for every code point, the words "q<c>z" and "<c>y"
// give the terms articles_fts's tokenizer (porter, unicode61, remove_diacritics 2) gives:
// unicode61_tables.go still agrees with the SQLite the app links.
func TestTokensMatchFTS5ForEveryCodePoint(t *testing.T) {
	t.Parallel()
	db := openFTS(t)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE vocab USING fts5vocab(articles_fts, instance)`); err != nil {
		t.Fatal(err)
	}
	var diffs []string
	const batch = 1024
	for lo := rune(1); lo <= utf8.MaxRune; lo += batch {
		var words []string
		for c := lo; c < lo+batch && c <= utf8.MaxRune; c++ {
			if utf8.ValidRune(c) && c != 0xE000 && c != 0xE001 {
				words = append(words, "q"+string(c)+"z", string(c)+"y")
			}
		}
		body := strings.Join(words, " ")
		if strings.Join(ftsTerms(t, db, body), "|") == strings.Join(goTerms(body), "|") {
			continue
		}
		for _, w := range words {
			if f, g := ftsTerms(t, db, w), goTerms(w); strings.Join(f, "|") != strings.Join(g, "|") {
				c, _ := utf8.DecodeRuneInString(strings.TrimPrefix(w, "q"))
				diffs = append(diffs, fmt.Sprintf("U+%04X %q: FTS5 %q, Go %q", c, w, f, g))
			}
		}
	}
	for i, d := range diffs {
		if i < 40 {
			t.Error(d)
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%d words tokenized differently", len(diffs))
	}
}
