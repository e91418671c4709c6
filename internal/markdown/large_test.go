package markdown

import (
	"strings"
	"testing"
)

// TestLargeHostileInputs renders MaxSourceBytes of the shapes that stress
// parsers (deep nesting, long runs of delimiters, thousands of headings or
// footnotes). Each must render without error or panic and stay safe.
func TestLargeHostileInputs(t *testing.T) {
	t.Parallel()
	n := MaxSourceBytes
	cases := map[string]string{
		"block quotes":        strings.Repeat(">", n),
		"quotes and lists":    strings.Repeat("> - ", n/4),
		"ordered lists":       strings.Repeat("1. ", n/3),
		"emphasis":            strings.Repeat("*", n/2) + "a" + strings.Repeat("*", n/2),
		"pasted em":           strings.Repeat("<em>", n/4) + "x",
		"pasted blockquotes":  strings.Repeat("<blockquote>", n/12),
		"brackets":            strings.Repeat("[", n),
		"links":               strings.Repeat("[a](https://example.org/)", n/25),
		"headings":            strings.Repeat("## FAQ\n", n/7),
		"footnote refs":       strings.Repeat("[^a]", n/4) + "\n\n[^a]: x\n",
		"table":               "|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", n/6),
		"wide table":          "|" + strings.Repeat("a|", n/4) + "\n|" + strings.Repeat("-|", n/4) + "\n",
		"backticks":           strings.Repeat("`a", n/2),
		"open tags":           strings.Repeat("<a", n/2),
		"autolinks":           strings.Repeat("www.example.com ", n/16),
		"nested indented":     strings.Repeat("- a\n  ", 300),
		"one long line":       strings.Repeat("word ", n/5),
		"script soup":         strings.Repeat("<script>alert(1)</script><img src=x onerror=alert(1)>", n/53),
		"unterminated fences": strings.Repeat("```\n", n/4),
	}
	r := New()
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if len(src) > MaxSourceBytes+16 {
				t.Fatalf("case is %d bytes, larger than the app allows", len(src))
			}
			checkRendered(t, r, src)
		})
	}
}

func TestLimitContainerMarkers(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat(">", maxContainerMarkers+10) + " text\n"
	cases := []struct{ in, want string }{
		{"", ""},
		{"> quote\n- item\n1. one\n", "> quote\n- item\n1. one\n"},
		{strings.Repeat("> ", maxContainerMarkers) + "x", strings.Repeat("> ", maxContainerMarkers) + "x"},
		{deep, strings.Repeat(">", maxContainerMarkers) + "text\n"},
		{"keep\n" + deep + "keep", "keep\n" + strings.Repeat(">", maxContainerMarkers) + "text\nkeep"},
		{strings.Repeat("- ", 40) + "x", strings.Repeat("- ", maxContainerMarkers) + "x"},
		{strings.Repeat("1. ", 40) + "x", strings.Repeat("1. ", maxContainerMarkers) + "x"},
		{strings.Repeat("-", 100), strings.Repeat("-", 100)},
		{"3.14159265358979323846264338327950288419716939937510", "3.14159265358979323846264338327950288419716939937510"},
	}
	for _, tc := range cases {
		if got := limitContainerMarkers(tc.in); got != tc.want {
			t.Errorf("limitContainerMarkers(%.50q) = %.80q, want %.80q", tc.in, got, tc.want)
		}
	}
}

// TestSettleFlattensUnparseableNesting covers the fallback directly: the
// HTML parser refuses more than 512 open elements.
func TestSettleFlattensUnparseableNesting(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("<em>", 600) + "a &amp; b" + strings.Repeat("</em>", 600)
	out, nodes := settle(deep)
	if out != "<p>a &amp; b</p>\n" || len(nodes) == 0 {
		t.Errorf("settle(deep) = %q with %d nodes", out, len(nodes))
	}
	fine := "<p><em>ok</em></p>"
	if out, _ := settle(fine); out != fine {
		t.Errorf("settle(%q) = %q, want it unchanged", fine, out)
	}
}

// TestHeavyInputsRender checks the other benchmark bodies: every footnote
// reference becomes a link to the one note, and the text before the stray
// style tags still renders as a paragraph.
func TestHeavyInputsRender(t *testing.T) {
	t.Parallel()
	r := New()
	in := heavyInputs()
	for name, src := range in {
		if len(src) > MaxSourceBytes {
			t.Errorf("%s is %d bytes, larger than the app allows", name, len(src))
		}
	}
	fn := checkRendered(t, r, in["footnotes"])
	if got, want := strings.Count(fn.HTML, `href="#fn-1"`), strings.Count(in["footnotes"], "[^a]")-1; got != want {
		t.Errorf("footnotes: %d references link to the note, want %d", got, want)
	}
	raw := checkRendered(t, r, in["rawblocks"])
	if !strings.HasPrefix(raw.HTML, "<p>[](") || strings.Contains(raw.HTML, "<style") {
		t.Errorf("rawblocks: HTML starts %.40q", raw.HTML)
	}
}
