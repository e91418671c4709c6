package htmlcheck

import (
	"strings"
	"testing"
)

// TestViolationsReportsUnsafe feeds known-bad fragments and requires a
// report that names the problem; a checker that stays silent would let the
// corpus and fuzz tests pass vacuously.
func TestViolationsReportsUnsafe(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, html, want string
	}{
		{"script", `<script>alert(1)</script>`, "element <script>"},
		{"style element", `<style>p{}</style>`, "element <style>"},
		{"iframe", `<iframe src="https://e.org"></iframe>`, "element <iframe>"},
		{"frame via token scan", `<frameset><frame src="x"></frameset>`, "frameset"},
		{"object", `<object data="x"></object>`, "element <object>"},
		{"embed", `<embed src="x">`, "element <embed>"},
		{"form", `<form><p>x</p></form>`, "element <form>"},
		{"button", `<button>x</button>`, "element <button>"},
		{"textarea", `<textarea>x</textarea>`, "element <textarea>"},
		{"select", `<select><option>x</option></select>`, "element <select>"},
		{"svg", `<svg><circle r="1"/></svg>`, "foreign element <svg:svg>"},
		{"math", `<math><mi>x</mi></math>`, "foreign element <math:math>"},
		{"meta", `<meta http-equiv="refresh" content="0">`, "element <meta>"},
		{"base", `<base href="https://e.org/">`, "element <base>"},
		{"link", `<link rel="stylesheet" href="x.css">`, "element <link>"},
		{"template", `<template><p>x</p></template>`, "element <template>"},
		{"noscript", `<noscript>x</noscript>`, "element <noscript>"},
		{"xmp", `<xmp>x</xmp>`, "element <xmp>"},
		{"marquee", `<marquee>x</marquee>`, "element <marquee>"},
		{"video", `<video src="x.mp4"></video>`, "element <video>"},
		{"audio", `<audio src="x.mp3"></audio>`, "element <audio>"},
		{"source", `<video><source src="x"></video>`, "element <source>"},
		{"div", `<div>x</div>`, "element <div>"},
		{"body onload dropped by fragment parser", `<body onload="alert(1)">`, "tag <body>"},
		{"html tag", `<html><p>x</p>`, "tag <html>"},
		{"head tag", `<head><title>x</title></head>`, "tag <head>"},
		{"event handler", `<p onclick="alert(1)">x</p>`, "event handler attribute onclick"},
		{"event handler uppercase", `<img src="a.png" ONERROR="alert(1)">`, "event handler attribute onerror"},
		{"event handler on forbidden element", `<svg onload=alert(1)>`, "event handler attribute onload"},
		{"style attribute", `<p style="color:red">x</p>`, "forbidden attribute style"},
		{"srcset", `<img src="a.png" srcset="javascript:alert(1) 1x">`, "forbidden attribute srcset"},
		{"name", `<img src="a.png" name="getElementById">`, "forbidden attribute name"},
		{"formaction", `<p formaction="x">x</p>`, "forbidden attribute formaction"},
		{"background", `<table><tr><td background="x.png">x</td></tr></table>`, "forbidden attribute background"},
		{"target", `<a href="/x" target="_blank">x</a>`, "forbidden attribute target"},
		{"xlink href", `<svg><a xlink:href="javascript:alert(1)">x</a></svg>`, `uses URL scheme "javascript"`},
		{"unexpected attribute", `<p title="x">x</p>`, "unexpected attribute title"},
		{"javascript href", `<a href="javascript:alert(1)">x</a>`, `scheme "javascript"`},
		{"mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`, `scheme "javascript"`},
		{"entity encoded", `<a href="&#x6A;avascript&colon;alert(1)">x</a>`, `scheme "javascript"`},
		{"tab inside scheme", `<a href="jav&Tab;ascript:alert(1)">x</a>`, `scheme "javascript"`},
		{"leading control chars", `<a href=" &#14; javascript:alert(1)">x</a>`, `scheme "javascript"`},
		{"vbscript", `<a href="vbscript:msgbox(1)">x</a>`, `scheme "vbscript"`},
		{"data href", `<a href="data:text/html,x">x</a>`, `scheme "data"`},
		{"data img", `<img src="data:image/png;base64,AAAA">`, `scheme "data"`},
		{"file", `<a href="file:///etc/passwd">x</a>`, `scheme "file"`},
		{"mailto image", `<img src="mailto:a@b.c">`, `scheme "mailto"`},
		{"unexpected url attribute", `<p cite="javascript:alert(1)">x</p>`, `scheme "javascript"`},
		{"id on anchor", `<a href="/x" id="h-x">x</a>`, `<a> has id="h-x"`},
		{"proto id", `<h2 id="__proto__">x</h2>`, `id="__proto__"`},
		{"unprefixed heading id", `<h2 id="location">x</h2>`, `id="location"`},
		{"footnote id on heading", `<h2 id="fn-1">x</h2>`, `id="fn-1"`},
		{"heading id on li", `<ul><li id="h-x">x</li></ul>`, `id="h-x"`},
		{"class on p", `<p class="language-go">x</p>`, `<p> has class`},
		{"class not language", `<code class="hidden">x</code>`, `<code> has class="hidden"`},
		{"class with space", `<code class="language-go big">x</code>`, `<code> has class`},
		{"external without rel", `<a href="https://e.org">x</a>`, `lacks rel "nofollow"`},
		{"external partial rel", `<a href="https://e.org" rel="nofollow noreferrer">x</a>`, `lacks rel "noopener"`},
		{"scheme relative", `<a href="//evil.example" rel="opener">x</a>`, `lacks rel "nofollow"`},
		{"backslash relative", `<a href="\\evil.example">x</a>`, `lacks rel "noreferrer"`},
		{"opaque https", `<a href="https:evil.example">x</a>`, `lacks rel "nofollow"`},
		{"text input", `<input type="text">`, "<input> other than a disabled checkbox"},
		{"enabled checkbox", `<input type="checkbox">`, "<input> other than a disabled checkbox"},
		{"input handler", `<input type="checkbox" disabled onfocus="x">`, "event handler attribute onfocus"},
		{"comment", `<!-- x -->`, "comment"},
		{"too deep", strings.Repeat("<em>", 600) + "x", "does not parse"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Violations(tc.html)
			if len(got) == 0 {
				t.Fatalf("Violations(%q) found nothing, want a report containing %q", tc.html, tc.want)
			}
			for _, v := range got {
				if strings.Contains(v, tc.want) {
					return
				}
			}
			t.Fatalf("Violations(%q) = %q, want one containing %q", tc.html, got, tc.want)
		})
	}
}

// TestViolationsAcceptsSafe keeps the checker honest in the other direction:
// everything the markdown pipeline legitimately emits must pass.
func TestViolationsAcceptsSafe(t *testing.T) {
	t.Parallel()
	cases := []string{
		``,
		`plain text & more`,
		`<p>Hello <em>a</em> <strong>b</strong> <del>c</del> <s>d</s> <sub>e</sub></p>`,
		`<h1 id="h-title">T</h1><h2 id="h-location">L</h2><h3 id="h-location-1">L</h3><h6>x</h6>`,
		`<p><a href="https://example.org" rel="nofollow noopener noreferrer">x</a></p>`,
		`<p><a href="//cdn.example" rel="noreferrer NOOPENER nofollow">x</a></p>`,
		`<p><a href="/relative">x</a> <a href="#h-x">y</a> <a href="page?q=1">z</a></p>`,
		`<p><a href="tel:+441234567890">call</a> <a href="mailto:help@example.org" title="mail">mail</a></p>`,
		`<p><img src="https://example.org/a.png" alt="a" title="t" loading="lazy"> <img src="/b.png" alt=""></p>`,
		`<pre><code class="language-c++">x</code></pre><p><code>y</code></p>`,
		`<ol start="3"><li>a</li></ol><ul><li><input type="checkbox" disabled checked> done</li></ul>`,
		`<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>`,
		`<p>x<sup id="fnref-1"><a href="#fn-1">1</a></sup><sup id="fnref-1-2"><a href="#fn-1">1</a></sup></p><hr><ol><li id="fn-1"><p>n <a href="#fnref-1">↩</a></p></li></ol>`,
		`<blockquote><p>q<br>r</p></blockquote>`,
		`<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p>`,
	}
	for _, html := range cases {
		if got := Violations(html); len(got) != 0 {
			t.Errorf("Violations(%q) = %q, want none", html, got)
		}
	}
}

func TestURLScheme(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"https://e.org":      "https",
		"javascript:x":       "javascript",
		"/a:b":               "",
		"a/b:c":              "",
		"?a:b":               "",
		"#a:b":               "",
		"relative":           "",
		":nothing":           "",
		"mailto:a@b.c":       "mailto",
		"c:\\windows\\x.png": "c",
	}
	for in, want := range cases {
		if got := urlScheme(normalizeURL(in)); got != want {
			t.Errorf("urlScheme(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestViolationsReportsUnbalancedMarkup covers markup that would change the page around it.
func TestViolationsReportsUnbalancedMarkup(t *testing.T) {
	t.Parallel()
	for _, fragment := range []string{
		`<a href="https://evil.example/login">`,
		`<table><tr><td>x`,
		`<em><strong>x</em></strong>`,
		`<p>open paragraph`,
		`</div>`,
	} {
		if len(Violations(fragment)) == 0 {
			t.Errorf("Violations(%q) reported nothing", fragment)
		}
	}
}
