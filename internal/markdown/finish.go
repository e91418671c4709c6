package markdown

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"recoverycms/internal/htmlcheck"
)

// finishTags makes the attribute changes bluemonday cannot express, on its
// already-sanitized output: every <a> gets exactly rel=ExternalLinkRel when
// its href leaves the site and no rel otherwise, and every <img> gets
// loading="lazy". It only removes attributes or adds fixed values;
// untouched tokens are copied byte for byte.
func finishTags(sanitized string) string {
	z := html.NewTokenizer(strings.NewReader(sanitized))
	var b strings.Builder
	b.Grow(len(sanitized) + len(sanitized)/8)
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
		if fixAttrs(&tok) {
			b.WriteString(tok.String())
		} else {
			b.WriteString(raw)
		}
	}
}

// fixAttrs rewrites tok's attributes as finishTags describes and reports
// whether anything changed.
func fixAttrs(tok *html.Token) bool {
	changed := false
	attrs := tok.Attr[:0:0]
	href, hasHref := "", false
	for _, a := range tok.Attr {
		switch {
		case tok.Data == "a" && a.Key == "rel", tok.Data == "img" && a.Key == "loading":
			changed = true
			continue
		case tok.Data == "a" && a.Key == "href":
			href, hasHref = a.Val, true
		}
		attrs = append(attrs, a)
	}
	switch {
	case tok.Data == "a" && hasHref && leavesSite(href):
		attrs = append(attrs, html.Attribute{Key: "rel", Val: htmlcheck.ExternalLinkRel})
		changed = true
	case tok.Data == "img":
		attrs = append(attrs, html.Attribute{Key: "loading", Val: "lazy"})
		changed = true
	}
	tok.Attr = attrs
	return changed
}

// leavesSite reports whether a sanitized href points away from this site.
// Anything that is not clearly same-site (fragment, path, mailto:, tel:) is
// treated as external, erring towards adding rel.
func leavesSite(href string) bool {
	h := strings.TrimSpace(href)
	if strings.HasPrefix(h, "#") {
		return false
	}
	if len(h) >= 2 && (h[0] == '/' || h[0] == '\\') && (h[1] == '/' || h[1] == '\\') {
		return true
	}
	u, err := url.Parse(h)
	if err != nil {
		return true
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		return u.Host != ""
	case "mailto", "tel":
		return false
	}
	return true
}
