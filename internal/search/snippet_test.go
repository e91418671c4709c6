package search

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	_ "modernc.org/sqlite"
)

// ftsTable is articles_fts as its migration creates it.
const ftsTable = `CREATE VIRTUAL TABLE articles_fts USING fts5(
	article_id UNINDEXED, title, summary, body,
	tokenize = 'porter unicode61 remove_diacritics 2'
)`

// openFTS opens an in-memory SQLite database holding an empty articles_fts, closed when tb ends.
func openFTS(tb testing.TB) *sql.DB {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1) // one connection: each :memory: connection is a database of its own
	if _, err := db.Exec(ftsTable); err != nil {
		tb.Fatal(err)
	}
	return db
}

// awkwardTexts are bodies that test the tokenizer's edges: diacritics, case, apostrophes,
// hyphens, numbers, sentence ends, long tokens, private-use and combining characters.
var awkwardTexts = []string{
	"Café naïve CAFÉ résumé: Ærøskøbing. Straße über Ça va? Déjà vu — “quoted” words’ end.",
	"Self-harm and self harm are different phrases; don't, won't, can't: it's fine.\n\nNew paragraph. Next: sentence.",
	"marker42 marker7 2024 3am 24/7 COVID-19 K2/Spice x2 a1b2c3 ids like abc123xyz",
	strings.Repeat("relapse ", 30) + "relapses relapsed relapsing. " + strings.Repeat("support ", 40),
	"supercalifragilisticexpialidocioussupercalifragilisticexpialidocious longwords and short ones",
	"e\u0301cole combining e\u0301 marks; private \ue123use\ue124 letters; ﬁ ligature; Ǆ titlecase",
	"Ends with the word relapse",
	"relapse",
	"Hope. Hope: hope\thope\nhope\r\nhope    hope.",
	strings.Repeat("filler ", 30) + "one two three " + strings.Repeat("filler ", 6) + "one two" + strings.Repeat(" filler", 30),
	strings.Repeat("filler ", 40) + "self self harm " + strings.Repeat("filler ", 40),
	strings.Repeat("filler ", 60) + "alpha one two three four beta five six seven eight nine gamma " + strings.Repeat("filler ", 60),
	// Where Go's Unicode tables and SQLite's part: marks unicode61 treats as separators, letters
	// it folds otherwise or does not know.
	strings.Repeat("a\u0305b ", 30) + "hope and more words here, q\u0313z and x\u0322y",
	"µ micro ſ long s Ǡ ǡ Ǣ ǽ Ǿ ꭰ Ᏸ ɐ ʒ relapse zero0 ༀ ߊ ࠀ",
}

// TestSnippetsMatchFTS5: for every row FTS5 matches, the snippet made in Go is byte for byte
// FTS5's own snippet(), over the sample articles, generated text and awkward texts, for random
// queries of 1-10 of their words. No hit of this corpus may need FTS5's fallback.
func TestSnippetsMatchFTS5(t *testing.T) {
	t.Parallel()
	db := openFTS(t)

	docs := corpus(t)
	var vocab []string
	for i, d := range docs {
		if _, err := db.Exec(`INSERT INTO articles_fts (rowid, article_id, title, summary, body) VALUES (?, ?, ?, ?, ?)`,
			i+1, fmt.Sprintf("id%d", i), d[0], d[1], d[2]); err != nil {
			t.Fatal(err)
		}
		for _, c := range d {
			vocab = append(vocab, strings.Fields(c)...)
		}
	}

	rng := rand.New(rand.NewPCG(1, 2))
	queries := []string{"self-harm", "don't", "CAFÉ", "ecole", "relapse relapse", "hope hope hope", "marker42", "ǆ", "alpha gamma", "gamma beta alpha", "self-harm self", "self self-harm harm", "one-two two", "two one-two"}
	for range 400 {
		n := 1 + rng.IntN(10)
		q := make([]string, n)
		for i := range q {
			q[i] = vocab[rng.IntN(len(vocab))]
		}
		queries = append(queries, strings.Join(q, " "))
	}
	compared := 0
	for _, q := range queries {
		match := Query(q)
		if match == "" {
			continue
		}
		rows, err := db.Query(`SELECT title, summary, body, snippet(articles_fts, -1, ?, ?, ?, ?) FROM articles_fts WHERE articles_fts MATCH ?`,
			markOpen, markClose, snippetEllipsis, snippetTokens, match)
		if err != nil {
			t.Fatalf("%s: %v", match, err)
		}
		phrases := phrasesOf(match)
		for rows.Next() {
			var title, summary, body, want string
			if err := rows.Scan(&title, &summary, &body, &want); err != nil {
				t.Fatal(err)
			}
			got, ok := snippetOf([]string{title, summary, body}, phrases)
			compared++
			if !ok {
				t.Errorf("%s: Go found no snippet in %.60q; FTS5: %q", match, body, want)
			} else if got != want {
				t.Errorf("%s:\n got %q\nwant %q", match, got, want)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if compared < 1000 {
		t.Fatalf("only %d hits compared", compared)
	}
	t.Logf("%d hits compared", compared)
}

// corpus is (title, summary, body) triples: the sample articles, generated articles from
// their words, and the awkward texts.
func corpus(t *testing.T) [][3]string {
	files, err := filepath.Glob("../../content/articles/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("sample articles: %v", err)
	}
	var docs [][3]string
	var words []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		lines := strings.SplitN(text, "\n", 3)
		docs = append(docs, [3]string{lines[0], lines[1], text})
		words = append(words, strings.Fields(text)...)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 300 {
		// Every other text has no sentence ends, and some are about one snippet long, so
		// the centred windows and the column-size edges are compared too.
		var b strings.Builder
		size, stops := 10+rng.IntN(200), 12
		if i%2 == 1 {
			size, stops = 18+rng.IntN(60), 1<<30
		}
		for range size {
			b.WriteString(words[rng.IntN(len(words))])
			switch rng.IntN(stops) {
			case 0:
				b.WriteString(". ")
			case 1:
				b.WriteString("\n\n")
			case 2:
				b.WriteString(": ")
			default:
				b.WriteByte(' ')
			}
		}
		title := words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]
		summary := ""
		if i%3 != 0 {
			summary = words[rng.IntN(len(words))] + " and " + words[rng.IntN(len(words))]
		}
		docs = append(docs, [3]string{title, summary, b.String()})
	}
	for _, a := range awkwardTexts {
		docs = append(docs, [3]string{"Awkward text", "", a})
	}
	return docs
}

// TestSnippetsFallBackWhenAPhraseIsMissing: a row where Go's tokens find a phrase nowhere is
// left to FTS5.
func TestSnippetsFallBackWhenAPhraseIsMissing(t *testing.T) {
	t.Parallel()
	if _, ok := snippetOf([]string{"Title", "", "a body about hope"}, phrasesOf(`"hope" "relapse"`)); ok {
		t.Fatal("a snippet was made although relapse is in no column")
	}
	if _, ok := snippetOf([]string{"Title", "", "a body about hope"}, phrasesOf(`"hoping"`)); !ok {
		t.Fatal("hoping should match hope through the stemmer")
	}
}

// TestStemsKeepTheirHead: the prefilter of newColumn never rules out a token that stems to
// the phrase, for every word of the corpus.
func TestStemsKeepTheirHead(t *testing.T) {
	t.Parallel()
	for _, d := range corpus(t) {
		for _, text := range d {
			toks, _ := scanTokens(text, nil, nil)
			for _, tok := range toks {
				word := text[tok.start:tok.end]
				s := stem(foldToken(nil, word))
				if !mayStemTo(foldToken(nil, word[:min(len(word), 8)]), s) || len(word) < len(s) {
					t.Errorf("%q stems to %q, which the prefilter rules out", word, s)
				}
			}
		}
	}
}

// FuzzSnippetMatchesFTS5: for any text and query, a snippet made in Go is FTS5's, and Go
// never panics; where the tokenizers disagree Go must say so (ok false) rather than differ.
func FuzzSnippetMatchesFTS5(f *testing.F) {
	for _, a := range awkwardTexts {
		f.Add(a, "relapse hope")
	}
	f.Add("Self-harm: don't. Café", "self-harm cafe")
	f.Add("\x000", "0")
	db := openFTS(f)
	f.Fuzz(func(t *testing.T, body, q string) {
		match := Query(q)
		if match == "" || !utf8.ValidString(body) {
			return
		}
		if _, err := db.Exec(`DELETE FROM articles_fts`); err != nil {
			t.Fatal(err)
		}
		title := indexText(strings.ToUpper(body[:len(body)/3]))
		body = indexText(body)
		if _, err := db.Exec(`INSERT INTO articles_fts (rowid, article_id, title, summary, body) VALUES (1, 'x', ?, '', ?)`, title, body); err != nil {
			t.Fatal(err)
		}
		var want string
		err := db.QueryRow(`SELECT snippet(articles_fts, -1, ?, ?, ?, ?) FROM articles_fts WHERE articles_fts MATCH ?`,
			markOpen, markClose, snippetEllipsis, snippetTokens, match).Scan(&want)
		if err == sql.ErrNoRows {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", match, err)
		}
		if got, ok := snippetOf([]string{title, "", body}, phrasesOf(match)); ok && got != want {
			t.Fatalf("%s in %q:\n got %q\nwant %q", match, body, got, want)
		}
	})
}

// BenchmarkSnippet makes the snippet of one typical 8 KB generated body for a five-word query.
func BenchmarkSnippet(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	words := strings.Fields("recovery relapse support therapy counselling craving trigger plan hope family sleep routine walk")
	var body strings.Builder
	for body.Len() < 8000 {
		body.WriteString(words[rng.IntN(len(words))])
		if rng.IntN(12) == 0 {
			body.WriteString(". ")
		} else {
			body.WriteByte(' ')
		}
	}
	phrases := phrasesOf(Query("relapse support hope walk plan"))
	cols := []string{"Relapse and hope", "A plan for the first week", body.String()}
	for b.Loop() {
		if _, ok := snippetOf(cols, phrases); !ok {
			b.Fatal("no snippet")
		}
	}
}

// BenchmarkSnippetWorstCase is a 100 KB body of one repeated word searched with that word 32
// times (the most instances a query can find), and a body where a common word is a fifth of
// the text: snippet cost grows with the text, not with the instances squared.
func BenchmarkSnippetWorstCase(b *testing.B) {
	// 32 distinct words sharing their first letters, and bodies of tokens that start alike.
	var words []string
	for i := range 32 {
		words = append(words, fmt.Sprintf("ee%d", i))
	}
	tail, ees := strings.Join(words, " "), strings.Join(words, " ")
	for name, c := range map[string]struct{ body, q string }{
		"one-word":        {strings.Repeat("a ", 50_000), strings.Repeat("a ", 32)},
		"common-word":     {strings.Repeat("the cat and the dog. ", 5_000), strings.Repeat("the ", 31) + "dog"},
		"accented-tokens": {strings.Repeat("éé ", 19_000) + tail, ees},
		"accented-long":   {strings.Repeat("é", 49_000) + " " + tail, ees},
		"accented-60":     {strings.Repeat(strings.Repeat("é", 60)+" ", 800) + tail, ees},
		"ascii-prefix":    {strings.Repeat("eeee ", 19_000) + tail, ees},
	} {
		phrases := phrasesOf(Query(c.q))
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, ok := snippetOf([]string{"Title", "", c.body}, phrases); !ok {
					b.Fatal("no snippet")
				}
			}
		})
	}
}
