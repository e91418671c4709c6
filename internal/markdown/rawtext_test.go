package markdown

import (
	"strings"
	"testing"
)

// TestRawTextElementsKeepTheRest: a script, style or other raw-text element, closed or not,
// never removes the text and headings after it, and is itself never in the output.
func TestRawTextElementsKeepTheRest(t *testing.T) {
	t.Parallel()
	r := New()
	cases := []struct {
		src      string
		headings []string
		kept     []string
	}{
		{"<style>\n\n## After style\n\ntext after", []string{"h-after-style"}, []string{"text after"}},
		{"<style>p{color:red}</style>\n\n## B\n\nafter text", []string{"h-b"}, []string{"after text"}},
		{"<STYLE type=\"text/css\">\n## T\n\nkeep", []string{"h-t"}, []string{"keep"}},
		{"a <script>\n\n## S\n\nb", []string{"h-s"}, []string{"<p>b</p>"}},
		{"x <style> y\n\n## H\n\nend", []string{"h-h"}, []string{"end"}},
		{"> <textarea>\n> q\n\n## Out\n\nz", []string{"h-out"}, []string{"<p>z</p>"}},
		{"<style>a{}\n## B\n\n<script>\n\n## C\n\nd", []string{"h-b", "h-c"}, []string{"<p>d</p>"}},
		{"<title>x\n\n## After\n\nkeep <xmp> more <noscript> and <iframe> end", []string{"h-after"}, []string{"end"}},
		{"```html\n<style>\n```\n\n## After code\n\nok", []string{"h-after-code"}, []string{"&lt;style&gt;", "<p>ok</p>"}},
	}
	for _, c := range cases {
		res, err := r.Render(c.src)
		if err != nil {
			t.Fatalf("Render(%q): %v", c.src, err)
		}
		var ids []string
		for _, h := range res.TOC {
			ids = append(ids, h.ID)
		}
		if strings.Join(ids, ",") != strings.Join(c.headings, ",") {
			t.Errorf("Render(%q) toc = %v, want %v (html %q)", c.src, ids, c.headings, res.HTML)
		}
		for _, k := range c.kept {
			if !strings.Contains(res.HTML, k) {
				t.Errorf("Render(%q) = %q lost %q", c.src, res.HTML, k)
			}
		}
		for _, tag := range []string{"<style", "<script", "<textarea", "<title", "<xmp", "<noscript", "<iframe"} {
			if strings.Contains(strings.ToLower(res.HTML), tag) {
				t.Errorf("Render(%q) = %q keeps %s", c.src, res.HTML, tag)
			}
		}
	}
}

func TestSanitizeDropsUnclosedRawText(t *testing.T) {
	t.Parallel()
	out := New().Sanitize("<p>a</p><style><h2>kept</h2><p>b</p>")
	if !strings.Contains(out, "kept") || !strings.Contains(out, "<p>b</p>") {
		t.Fatalf("Sanitize lost the rest: %q", out)
	}
}

func TestMayHoldRawText(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"":                        false,
		"<p>plain</p>":            false,
		"a < b and <em>c</em>":    false,
		"<scrip":                  false,
		"<p>x</p><SCRIPT>":        true,
		"<StYlE":                  true,
		"<<textarea":              true,
		"text <plaintext>":        true,
		"<noembed><b>":            true,
		"<\u017fcript":            false, // an HTML tokenizer folds ASCII only: not a script tag
		"<p>a</p>\n<title>x":      true,
		"<iframe src=x></iframe>": true,
	}
	for in, want := range cases {
		if got := mayHoldRawText(in); got != want {
			t.Errorf("mayHoldRawText(%q) = %v, want %v", in, got, want)
		}
	}
}
