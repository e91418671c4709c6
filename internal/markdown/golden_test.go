package markdown

import (
	"testing"

	"recoverycms/internal/htmlcheck"
)

// goldenCases pin the exact HTML for each feature the issue names. A change
// here is a change in what front ends receive, so it should be deliberate.
var goldenCases = []struct {
	name, in, want string
}{
	{"headings",
		"# Title\n\n## Location\n\n### Sub *part*\n",
		"<h1 id=\"h-title\">Title</h1>\n<h2 id=\"h-location\">Location</h2>\n<h3 id=\"h-sub-part\">Sub <em>part</em></h3>\n"},
	{"duplicates",
		"## Intro\n\n## Intro\n\n## Intro 1\n\n## Intro\n",
		"<h2 id=\"h-intro\">Intro</h2>\n<h2 id=\"h-intro-1\">Intro</h2>\n<h2 id=\"h-intro-1-1\">Intro 1</h2>\n<h2 id=\"h-intro-2\">Intro</h2>\n"},
	{"unicode",
		"## Über uns\n\n## Ça va? Straße\n\n## ?!\n\n## 日本語\n",
		"<h2 id=\"h-uber-uns\">Über uns</h2>\n<h2 id=\"h-ca-va-strasse\">Ça va? Straße</h2>\n<h2 id=\"h-section\">?!</h2>\n<h2 id=\"h-section-1\">日本語</h2>\n"},
	{"heading link",
		"## Call [Samaritans](tel:116123) now\n",
		"<h2 id=\"h-call-samaritans-now\">Call <a href=\"tel:116123\">Samaritans</a> now</h2>\n"},
	{"table",
		"| Left | Right | Centre |\n|:-----|------:|:------:|\n| a | b | c |\n",
		"<table>\n<thead>\n<tr>\n<th>Left</th>\n<th>Right</th>\n<th>Centre</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n<td>c</td>\n</tr>\n</tbody>\n</table>\n"},
	{"strikethrough",
		"~~gone~~ and ~kept~\n",
		"<p><del>gone</del> and <del>kept</del></p>\n"},
	{"tasks",
		"- [x] Call my sponsor\n- [ ] Go to a meeting\n",
		"<ul>\n<li>☑ Call my sponsor</li>\n<li>☐ Go to a meeting</li>\n</ul>\n"},
	{"autolinks",
		"Visit https://example.org/path?q=1 or www.example.com or <https://example.net> or help@example.org.\n",
		"<p>Visit <a href=\"https://example.org/path?q=1\" rel=\"nofollow noopener noreferrer\">https://example.org/path?q=1</a> or <a href=\"http://www.example.com\" rel=\"nofollow noopener noreferrer\">www.example.com</a> or <a href=\"https://example.net\" rel=\"nofollow noopener noreferrer\">https://example.net</a> or <a href=\"mailto:help@example.org\">help@example.org</a>.</p>\n"},
	{"footnotes",
		"Recovery is possible.[^1] Again.[^1] Other.[^n]\n\n[^1]: See the study.\n[^n]: Second note.\n",
		"<p>Recovery is possible.<sup id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup> Again.<sup id=\"fnref-1-2\"><a href=\"#fn-1\">1</a></sup> Other.<sup id=\"fnref-2\"><a href=\"#fn-2\">2</a></sup></p>\n<hr/>\n<ol>\n<li id=\"fn-1\">\n<p>See the study.\u00a0<a href=\"#fnref-1\">↩︎</a>\u00a0<a href=\"#fnref-1-2\">↩︎</a></p>\n</li>\n<li id=\"fn-2\">\n<p>Second note.\u00a0<a href=\"#fnref-2\">↩︎</a></p>\n</li>\n</ol>\n"},
	{"code",
		"```go\nfmt.Println(\"<hi>\")\n```\n\n```c++\nx\n```\n\n```\"><script>\ny\n```\n\n    indented\n",
		"<pre><code class=\"language-go\">fmt.Println(&#34;&lt;hi&gt;&#34;)\n</code></pre>\n<pre><code class=\"language-c++\">x\n</code></pre>\n<pre><code>y\n</code></pre>\n<pre><code>indented\n</code></pre>\n"},
	{"inline code",
		"Use `<script>` carefully.\n",
		"<p>Use <code>&lt;script&gt;</code> carefully.</p>\n"},
	{"tel mailto",
		"[Call](tel:+441234567890) or [mail](mailto:help@example.org).\n",
		"<p><a href=\"tel:+441234567890\">Call</a> or <a href=\"mailto:help@example.org\">mail</a>.</p>\n"},
	{"links",
		"[ext](https://example.org \"Title\") [rel](/articles/x) [frag](#h-location) [proto](//cdn.example/x) [up](../x)\n",
		"<p><a href=\"https://example.org\" rel=\"nofollow noopener noreferrer\" title=\"Title\">ext</a> <a href=\"/articles/x\">rel</a> <a href=\"#h-location\">frag</a> <a href=\"//cdn.example/x\" rel=\"nofollow noopener noreferrer\">proto</a> <a href=\"../x\">up</a></p>\n"},
	{"images",
		"![A calm lake](https://example.org/lake.jpg \"Lake\") ![rel](/img/a.png) ![bad](javascript:alert(1))\n",
		"<p><img src=\"https://example.org/lake.jpg\" alt=\"A calm lake\" title=\"Lake\" loading=\"lazy\" referrerpolicy=\"no-referrer\"/> <img src=\"/img/a.png\" alt=\"rel\" loading=\"lazy\" referrerpolicy=\"no-referrer\"/> <img alt=\"bad\" loading=\"lazy\" referrerpolicy=\"no-referrer\"/></p>\n"},
	{"raw html",
		"<p onclick=\"x()\" style=\"color:red\">Hi <script>alert(1)</script><b>bold</b> <em class=\"x\">em</em></p>\n",
		"<p>Hi bold <em>em</em></p>\n"},
	{"raw inline",
		"Text <span style=\"x\">span</span> <img src=x onerror=alert(1)> <a href=\"https://e.org\" target=\"_blank\" rel=\"opener\">a</a>\n",
		"<p>Text span <img src=\"x\" loading=\"lazy\" referrerpolicy=\"no-referrer\"/> <a href=\"https://e.org\" rel=\"nofollow noopener noreferrer\">a</a></p>\n"},
	{"user ids",
		"<a id=\"__proto__\" href=\"/x\">x</a>\n\n<h2 id=\"h-fake\">Fake</h2>\n\n<h2 id=\"h-real\">Before</h2>\n\n## Real\n",
		"<p><a href=\"/x\">x</a></p>\n<h2>Fake</h2>\n<h2>Before</h2>\n<h2 id=\"h-real\">Real</h2>\n"},
	{"ordered",
		"3. three\n4. four\n",
		"<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n"},
	{"blocks",
		"> quoted\n> line  \nbreak\n\n---\n\nafter\n",
		"<blockquote>\n<p>quoted\nline<br/>\nbreak</p>\n</blockquote>\n<hr/>\n<p>after</p>\n"},
	{"empty",
		"",
		""},
	{"empty heading",
		"#\n\n## \n",
		"<h1 id=\"h-section\"></h1>\n<h2 id=\"h-section-1\"></h2>\n"},
	{"user footnote ids",
		"<sup id=\"fnref-1\">fake</sup> <li id=\"fn-1\">x</li>\n\nReal[^a]\n\n[^a]: Note\n",
		"<p><sup>fake</sup> </p><li>x</li><p></p>\n<p>Real<sup id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup></p>\n<hr/>\n<ol>\n<li id=\"fn-1\">\n<p>Note\u00a0<a href=\"#fnref-1\">↩︎</a></p>\n</li>\n</ol>\n"},
	{"links autolink angle",
		"<javascript:alert(1)> <mailto:a@b.c> <tel:+44123>\n",
		"<p>javascript:alert(1) <a href=\"mailto:a@b.c\">mailto:a@b.c</a> <a href=\"tel:+44123\">tel:+44123</a></p>\n"},
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	r := New()
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := r.Render(tc.in)
			if err != nil {
				t.Fatalf("Render(%q) error: %v", tc.in, err)
			}
			if res.HTML != tc.want {
				t.Errorf("Render(%q).HTML\n got: %q\nwant: %q", tc.in, res.HTML, tc.want)
			}
			if v := htmlcheck.Violations(res.HTML); len(v) != 0 {
				t.Errorf("golden output is unsafe: %q", v)
			}
		})
	}
}
