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
// loading="lazy" and referrerpolicy="no-referrer" (an image host must not learn which
// recovery article a reader was on). It only removes attributes or adds fixed values;
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
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken || !mayBeLinkOrImage(z.Raw()) {
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
	var drop, add string
	var extra []html.Attribute
	switch tok.Data {
	case "a":
		href, ok := attrOf(tok, "href")
		if !ok {
			// No destination: rel means nothing, and stripping it could
			// leave a bare <a> that a second Sanitize would then remove.
			return false
		}
		drop = "rel"
		if leavesSite(href) {
			add = htmlcheck.ExternalLinkRel
		}
	case "img":
		drop, add = "loading", "lazy"
		extra = []html.Attribute{{Key: "referrerpolicy", Val: "no-referrer"}}
	default:
		return false
	}
	attrs := tok.Attr[:0:0]
	for _, a := range tok.Attr {
		if a.Key != drop && (len(extra) == 0 || a.Key != extra[0].Key) {
			attrs = append(attrs, a)
		}
	}
	if add != "" {
		attrs = append(attrs, html.Attribute{Key: drop, Val: add})
	}
	tok.Attr = append(attrs, extra...)
	return true
}

func attrOf(tok *html.Token, key string) (string, bool) {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
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

// mayBeLinkOrImage reports whether a raw start tag could be <a> or <img>, the
// only tags fixAttrs changes (a tag name starts right after "<").
func mayBeLinkOrImage(raw []byte) bool {
	return len(raw) > 1 && (raw[1]|0x20 == 'a' || raw[1]|0x20 == 'i')
}
