package markdown

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// renderBoth renders src with the app's Renderer and with one built on
// goldmark's unwrapped parser, and fails when any derived field differs.
func renderBoth(t *testing.T, guarded, plain *Renderer, src string) {
	t.Helper()
	got, err := guarded.Render(src)
	if err != nil {
		t.Fatalf("Render(%.60q): %v", src, err)
	}
	want, err := plain.Render(src)
	if err != nil {
		t.Fatalf("reference Render(%.60q): %v", src, err)
	}
	if got.HTML != want.HTML || got.PlainText != want.PlainText || got.Summary != want.Summary ||
		got.WordCount != want.WordCount || len(got.TOC) != len(want.TOC) {
		t.Fatalf("Render(%.80q) differs from goldmark's link parser:\n got %.300q\nwant %.300q", src, got.HTML, want.HTML)
	}
}

// longLine pads s with a plain prefix so the line is long enough for
// linkGuard to take part (it leaves short lines to goldmark).
func longLine(s string) string {
	return strings.Repeat("x", minGuardedLine) + " " + s
}

// TestLinkGuardMatchesGoldmark shows the guard changes no output: the hostile
// corpora, the sample articles, link shapes on long lines and random
// bracket soup render exactly as with goldmark's own link parser.
func TestLinkGuardMatchesGoldmark(t *testing.T) {
	t.Parallel()
	guarded, plain := New(), newRenderer(goldmark.DefaultParser())
	var inputs []string
	inputs = append(inputs, loadCorpus(t, publicCorpus)...)
	inputs = append(inputs, loadCorpus(t, ownCorpus)...)
	articles, err := filepath.Glob("../../content/articles/*.md")
	if err != nil || len(articles) == 0 {
		t.Fatalf("sample articles: %v (%d found)", err, len(articles))
	}
	articles = append(articles, "testdata/article.md")
	for _, path := range articles {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Joined into one line too, so the guard sees every real link shape.
		inputs = append(inputs, string(data), strings.ReplaceAll(string(data), "\n", " "))
	}
	shapes := []string{
		"[a](https://example.org/)", "[a](<https://example.org/a b>)", "[a](/x \"title\")",
		"[a](/x 'title')", "[a](/x (title))", "[a](  /x  )", "[a]()", "[a](<>)", "[a](<)",
		"[a](b(c)d)", "[a](b(c)", "[a](b\\)c)", "[a](b\\(c)", "[a](\\\\)", "![i](/i.png)",
		"[a](b c)", "[a](b \"t\" x)", "[ref]", "[ref](", "[ref](x y", "[a](b)(c)", "[[a](b)](c)",
		"[a](b\n c)", "[a](<b\n>)", "[a](\n/x)", "[a](b)", "[^n](x", "[a](b |c)",
	}
	for _, s := range shapes {
		inputs = append(inputs, longLine(s), longLine(s)+"\n\n[ref]: /r\n", longLine(strings.Repeat(s, 60)))
	}
	inputs = append(inputs, "|h|\n|-|\n|"+longLine("[a](b|c)")+"|\n", "> "+longLine("[a](b (c)")+"\n> d)")
	// Bare URLs and addresses next to links: at line heads, after each of linkify's trigger
	// bytes, in a link label.
	for _, s := range []string{"https://example.org/x", "http://a.b", "ftp://a.b", "www.example.org", "WWW.example.org",
		"help@example.org", "a.b-c+d@e.fg.", "x@y", "@example.org", "me@localhost", "HTTPS://E.ORG", "https:",
		strings.Repeat("l", 64) + "@example.org", strings.Repeat("l", 65) + "@example.org", "(www.e.org)", "!a@b.co"} {
		for _, around := range []string{"%s", "x %s y", "*%s*", "_%s_", "~%s~", "(%s)", "[%s](/l)", "`%s`", "a\n%s"} {
			inputs = append(inputs, fmt.Sprintf(around, s))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "[[]]((()))!<>\\\"' a\n|x"
	for range 300 {
		b := []byte(strings.Repeat("x", minGuardedLine))
		for range 200 + rng.IntN(1200) {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		inputs = append(inputs, string(b), string(b)+"\n\n[a]: /ref\n")
	}
	for _, src := range inputs {
		renderBoth(t, guarded, plain, src)
	}
}

// TestPathologicalLinksRender checks what the 100 KB benchmark bodies
// render to: one paragraph holding every byte of the text, no links or
// images (none of the openers is ever closed), and safe output.
func TestPathologicalLinksRender(t *testing.T) {
	t.Parallel()
	r := New()
	for name, src := range pathologicalInputs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := checkRendered(t, r, src)
			want := "<p>" + src + "</p>\n"
			if res.HTML != want {
				t.Errorf("HTML is %.80q..., want the text as one paragraph", res.HTML)
			}
			if res.PlainText != src {
				t.Errorf("plain text lost bytes: %d, want %d", len(res.PlainText), len(src))
			}
		})
	}
}

func TestScanLine(t *testing.T) {
	t.Parallel()
	line := []byte(`a(b)c) d\)e)>f\>`)
	s := scanLine(line)
	cases := []struct{ from, destEnd, nextGT int }{
		{0, 5, 12},  // "a(b)c" stops at the unbalanced ")"
		{2, 3, 12},  // "b" stops at ")"
		{5, 5, 12},  // starting on ")" is empty
		{7, 11, 12}, // "d\)e": the escaped ")" does not count
		{13, 16, -1},
	}
	for _, c := range cases {
		if got := int(s.destEnd[c.from]); got != c.destEnd {
			t.Errorf("destEnd[%d] = %d, want %d", c.from, got, c.destEnd)
		}
		if got := int(s.nextGT[c.from]); got != c.nextGT {
			t.Errorf("nextGT[%d] = %d, want %d", c.from, got, c.nextGT)
		}
	}
}

// FuzzLinkGuard renders arbitrary markdown behind a line long enough for the
// guard to take part, with and without it, and requires the same output.
//
//	go test -fuzz=FuzzLinkGuard -fuzztime=60s ./internal/markdown
func FuzzLinkGuard(f *testing.F) {
	for _, s := range []string{"[a](b", "[](<", "[a](b (c", "![a](b \"t\" x", "[a](b\\)c) [x](", "|[a](b|c)|", "x *help@e.org* www.e.org"} {
		f.Add(s)
	}
	guarded, plain := New(), newRenderer(goldmark.DefaultParser())
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			t.Skip("long inputs make the unguarded reference slow")
		}
		renderBoth(t, guarded, plain, longLine(s))
		renderBoth(t, guarded, plain, longLine(strings.ReplaceAll(s, "\n", " "))+"\n\n[a]: /ref\n")
	})
}
