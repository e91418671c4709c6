package markdown

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSummarize(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 100) // 500 runes
	cases := []struct {
		name, in string
		max      int
		want     string
	}{
		{"short kept", "Hello  world\n", 300, "Hello world"},
		{"exact length kept", "abcde", 5, "abcde"},
		{"cut at word", "one two three four", 10, "one two…"},
		{"boundary right after limit", "one two three", 8, "one two…"},
		{"trailing punctuation trimmed", "one two, three four", 9, "one two…"},
		{"single long word cut", "abcdefghij", 5, "abcd…"},
		{"max one", "abc", 1, "…"},
		{"max zero", "abc", 0, ""},
		{"multibyte counted as runes", "ééé ééé ééé", 8, "ééé ééé…"},
		{"empty", "", 10, ""},
	}
	for _, tc := range cases {
		if got := Summarize(tc.in, tc.max); got != tc.want {
			t.Errorf("%s: Summarize(%q, %d) = %q, want %q", tc.name, tc.in, tc.max, got, tc.want)
		}
	}
	got := Summarize(long, SummaryMaxRunes)
	if n := utf8.RuneCountInString(got); n > SummaryMaxRunes || !strings.HasSuffix(got, "…") || strings.Contains(got, "wor…") {
		t.Errorf("Summarize(long) = %q (%d runes)", got, n)
	}
}

func TestResultSummaryIsFirstParagraph(t *testing.T) {
	t.Parallel()
	r := New()
	res := checkRendered(t, r, "# Title\n\n<p></p>\n\nFirst **real** paragraph.[^1]\n\nSecond.\n\n[^1]: Note.\n")
	if res.Summary != "First real paragraph." {
		t.Errorf("Summary = %q", res.Summary)
	}
	res = checkRendered(t, r, "## Only a heading\n\n- and a list\n")
	if res.Summary != "" {
		t.Errorf("Summary without paragraphs = %q, want empty", res.Summary)
	}
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	res = checkRendered(t, r, string(src))
	if !strings.HasPrefix(res.Summary, "The first ninety days after you stop drinking") ||
		!strings.HasSuffix(res.Summary, "…") || utf8.RuneCountInString(res.Summary) > SummaryMaxRunes {
		t.Errorf("article Summary = %q", res.Summary)
	}
}

func TestWordCountAndReadingMinutes(t *testing.T) {
	t.Parallel()
	r := New()
	cases := []struct {
		in      string
		words   int
		minutes int
	}{
		{"", 0, 1},
		{"<script>one two three</script>", 0, 1},
		{"Hello, world — again!", 3, 1},
		{"- [x] done\n- [ ] todo\n", 2, 1},
		{"| a | b |\n|---|---|\n| c | d |\n", 4, 1},
		{"Note[^1]\n\n[^1]: Footnote text here.\n", 4, 1},
		{"don't e-mail 42", 3, 1},
		{strings.Repeat("word ", WordsPerMinute), WordsPerMinute, 1},
		{strings.Repeat("word ", WordsPerMinute+1), WordsPerMinute + 1, 2},
		{strings.Repeat("word ", 1000), 1000, 5},
	}
	for _, tc := range cases {
		res := checkRendered(t, r, tc.in)
		if res.WordCount != tc.words || res.ReadingMinutes != tc.minutes {
			t.Errorf("Render(%.40q): words=%d minutes=%d, want %d and %d (plain %q)",
				tc.in, res.WordCount, res.ReadingMinutes, tc.words, tc.minutes, res.PlainText)
		}
	}
}

func TestPlainTextIsVisibleTextOnly(t *testing.T) {
	t.Parallel()
	res := checkRendered(t, New(),
		"# Title\n\nSome *emphasis*<script>hidden()</script> and [a link](https://example.org).[^1]\n\n"+
			"| a | b |\n|---|---|\n| c | d |\n\n![alt text](/a.png)\n\n```\ncode line\n```\n\n[^1]: The note.\n")
	want := "Title Some emphasis and a link. a b c d code line The note."
	if res.PlainText != want {
		t.Errorf("PlainText\n got: %q\nwant: %q", res.PlainText, want)
	}
}
