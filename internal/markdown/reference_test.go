package markdown

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// The passes below are the earlier, string-based forms of pipeline steps
// that now work on the parsed tree. They are kept as oracles: the faster
// pipeline must give byte-identical HTML on every input.

// referenceFinishTags is finishTags as a tokenizer pass over the sanitized
// string, before settle parsed it.
func referenceFinishTags(sanitized string) string {
	z := html.NewTokenizer(strings.NewReader(sanitized))
	var b strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw())
		tok := z.Token()
		if tok.Data != "a" && tok.Data != "img" {
			b.WriteString(raw)
			continue
		}
		before := tok.String()
		tok.Attr = fixAttrs(tok.Data, tok.Attr)
		if tok.String() == before && (tok.Data != "a" || !hasAttr(tok.Attr, "href")) {
			b.WriteString(raw)
		} else {
			b.WriteString(tok.String())
		}
	}
}

func hasAttr(attrs []html.Attribute, key string) bool {
	_, ok := attrOf(attrs, key)
	return ok
}

// referenceSanitize is Sanitize as it was built from the reference passes.
func referenceSanitize(r *Renderer, in string) string {
	finished := referenceFinishTags(r.policy.Sanitize(dropUnclosedRawText(in)))
	nodes, err := parseFragment(finished)
	if err != nil {
		out, _ := settle(finished)
		return out
	}
	return renderNodes(nodes, len(finished))
}

// referenceInputs are HTML inputs for the oracle tests: the hostile corpora
// as HTML, and the corpora and the typical article as goldmark renders them.
func referenceInputs(tb testing.TB, r *Renderer) []string {
	tb.Helper()
	srcs := append(loadCorpus(tb, publicCorpus), loadCorpus(tb, ownCorpus)...)
	article, err := os.ReadFile("testdata/article.md")
	if err != nil {
		tb.Fatal(err)
	}
	srcs = append(srcs, string(article))
	for _, tc := range goldenCases {
		srcs = append(srcs, tc.in)
	}
	srcs = append(srcs,
		`<a href="https://e.org" rel="x" rel="y">x</a><a rel="nofollow">no href</a>`,
		`<IMG SRC="/a.png" LOADING="eager" referrerpolicy="origin" referrerpolicy="unsafe-url">`,
		`<a href="/in" title='q"&amp;'>in</a><a href="//out">out</a><a href=" tel:1 ">t</a>`,
		`<img src="x.png"/><a href="mailto:a@b">m</a><p><a href=https://x.org>u`,
	)
	inputs := append([]string{}, srcs...)
	for _, src := range srcs {
		var b strings.Builder
		if err := r.md.Convert([]byte(src), &b); err == nil {
			inputs = append(inputs, b.String())
		}
	}
	return inputs
}

func TestSanitizeMatchesReference(t *testing.T) {
	t.Parallel()
	r := New()
	inputs := referenceInputs(t, r)
	for _, in := range inputs {
		if got, want := r.Sanitize(in), referenceSanitize(r, in); got != want {
			t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", in, got, want)
		}
	}
	if len(inputs) < 200 {
		t.Fatalf("only %d oracle inputs", len(inputs))
	}
}

// FuzzSanitizeMatchesReference compares Sanitize with the reference passes on
// any HTML.
//
//	go test -fuzz=FuzzSanitizeMatchesReference -fuzztime=60s ./internal/markdown
func FuzzSanitizeMatchesReference(f *testing.F) {
	r := New()
	for _, in := range referenceInputs(f, r) {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := r.Sanitize(in), referenceSanitize(r, in); got != want {
			t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", in, got, want)
		}
	})
}

// referenceCollapseSpace is collapseSpace rune by rune.
func referenceCollapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// referenceCountWords is the collapser's word count, rune by rune.
func referenceCountWords(s string) int {
	n := 0
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0 {
			n++
		}
	}
	return n
}

// checkText compares the text helpers with their references on s, whole and
// written to a collapser in pieces with word boundaries between them.
func checkText(t *testing.T, s string) {
	t.Helper()
	if got, want := collapseSpace(s), referenceCollapseSpace(s); got != want {
		t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
	}
	var c collapser
	var joined strings.Builder
	for i, piece := range strings.SplitAfter(s, "|") {
		if i%2 == 1 {
			c.Space()
			joined.WriteByte(' ')
		}
		c.WriteString(piece)
		joined.WriteString(piece)
	}
	if got, want := c.String(), referenceCollapseSpace(joined.String()); got != want {
		t.Errorf("collapser on pieces of %q = %q, want %q", s, got, want)
	}
	if got, want := c.Words(), referenceCountWords(joined.String()); got != want {
		t.Errorf("collapser counted %d words in pieces of %q, want %d", got, s, want)
	}
}

func TestTextHelpersMatchReference(t *testing.T) {
	t.Parallel()
	var every strings.Builder
	for r := rune(0); r < 0x3100; r++ {
		every.WriteRune(r)
		every.WriteString("a|")
	}
	checkText(t, every.String())
	alphabet := []string{" ", "\t", "\n", "\v", "\f", "\r", "\u0085", "\u00a0", "\u2003", "\u3000",
		"a", "Z", "0", "9", "@", "[", "`", "{", "-", "é", "ß", "٣", "→", "|", "\xff", "\x00"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		checkText(t, b.String())
	}
}

// FuzzTextHelpersMatchReference compares the text helpers with their
// references on any text.
func FuzzTextHelpersMatchReference(f *testing.F) {
	f.Add(" a\u00a0b |\tc\u2003 ")
	f.Fuzz(func(t *testing.T, s string) { checkText(t, s) })
}

// checkRenderMatchesReference compares Render with the pipeline that
// tokenizes every document for ids.
func checkRenderMatchesReference(t *testing.T, r *Renderer, src string) {
	t.Helper()
	got, err := r.Render(src)
	want, wantErr := r.render(src, false)
	if (err == nil) != (wantErr == nil) || !sameResult(got, want) {
		t.Errorf("Render(%q)\n got: %q (%v)\nwant: %q (%v)", src, got.HTML, err, want.HTML, wantErr)
	}
}

func TestRenderMatchesReference(t *testing.T) {
	t.Parallel()
	r := New()
	for _, src := range referenceInputs(t, r) {
		checkRenderMatchesReference(t, r, src)
	}
}

// FuzzRenderMatchesReference compares Render with the reference pipeline on
// any markdown.
//
//	go test -fuzz=FuzzRenderMatchesReference -fuzztime=60s ./internal/markdown
func FuzzRenderMatchesReference(f *testing.F) {
	r := New()
	for _, src := range referenceInputs(f, r) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > MaxSourceBytes {
			t.Skip("callers reject bodies over MaxSourceBytes")
		}
		checkRenderMatchesReference(t, r, src)
	})
}
