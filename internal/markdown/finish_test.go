package markdown

import "testing"

func TestLeavesSite(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"https://example.org":  true,
		"HTTP://example.org":   true,
		"//cdn.example/x":      true,
		"\\\\evil.example":     true,
		"/\\evil.example":      true,
		"https:evil.example":   true,
		"ftp://example.org":    true,
		"/articles/x":          false,
		"../x":                 false,
		"x?y=1":                false,
		"#h-location":          false,
		"mailto:a@example.org": false,
		"tel:+441234567890":    false,
		"  /padded  ":          false,
		"http://%zz":           true, // unparseable errs towards rel
	}
	for href, want := range cases {
		if got := leavesSite(href); got != want {
			t.Errorf("leavesSite(%q) = %t, want %t", href, got, want)
		}
	}
}

func TestSanitizeKeepsTelAndFixesRel(t *testing.T) {
	t.Parallel()
	r := New()
	cases := map[string]string{
		`<a href="tel:+441234567890">call</a>`:                         `<a href="tel:+441234567890">call</a>`,
		`<a href="mailto:help@example.org" title="t">m</a>`:            `<a href="mailto:help@example.org" title="t">m</a>`,
		`<a href="https://e.org" rel="nofollow" target="_blank">x</a>`: `<a href="https://e.org" rel="nofollow noopener noreferrer">x</a>`,
		`<a href="/x" rel="nofollow noopener noreferrer">x</a>`:        `<a href="/x">x</a>`,
		`<img src="/a.png" alt="a" loading="eager">`:                   `<img src="/a.png" alt="a" loading="lazy" referrerpolicy="no-referrer"/>`,
		`<h2 id="h-ok">x</h2><h2 id="bad">y</h2>`:                      `<h2 id="h-ok">x</h2><h2>y</h2>`,
		`<p style="x" class="y" onclick="z">p</p>`:                     `<p>p</p>`,
		`<code class="language-go">c</code><code class="x">d</code>`:   `<code class="language-go">c</code><code>d</code>`,
		`<input type="checkbox" disabled checked> x`:                   ` x`,
	}
	for in, want := range cases {
		if got := r.Sanitize(in); got != want {
			t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", in, got, want)
		}
	}
}
