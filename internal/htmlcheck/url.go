package htmlcheck

import "strings"

// normalizeURL reproduces what a browser does before it looks at a URL's
// scheme, but more aggressively: it drops every ASCII control character and
// space anywhere (browsers drop leading/trailing ones and tabs/newlines
// inside) and lowercases, so "  JaVa\tScRiPt:" is seen as "javascript:".
// The HTML parser has already decoded character references.
func normalizeURL(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c <= 0x20 || c == 0x7f {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// urlScheme returns the scheme of a normalized URL, or "" when the URL is
// relative (no colon before the first '/', '?' or '#').
func urlScheme(u string) string {
	i := strings.IndexAny(u, ":/?#")
	if i <= 0 || u[i] != ':' {
		return ""
	}
	return u[:i]
}

// isExternal reports whether a normalized href leaves the site: an absolute
// http(s) URL or a scheme-relative one ("//host", including the backslash
// spellings browsers treat the same way).
func isExternal(u string) bool {
	switch urlScheme(u) {
	case "http", "https":
		return true
	case "":
		return len(u) >= 2 && (u[0] == '/' || u[0] == '\\') && (u[1] == '/' || u[1] == '\\')
	}
	return false
}
