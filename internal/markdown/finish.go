package markdown

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"recoverycms/internal/htmlcheck"
)

// finishTags makes the attribute changes bluemonday cannot express, on the
// parsed nodes of its already-sanitized output: every <a> gets exactly
// rel=ExternalLinkRel when its href leaves the site and no rel otherwise, and
// every <img> gets loading="lazy" and referrerpolicy="no-referrer" (an image
// host must not learn which recovery article a reader was on). It only
// removes attributes or adds fixed values. It works on the tree settle
// builds anyway, so the HTML is not tokenized once more for it.
func finishTags(nodes []*html.Node) {
	for _, n := range nodes {
		finishTree(n)
	}
}

func finishTree(n *html.Node) {
	if n.Type == html.ElementNode && n.Namespace == "" {
		switch n.DataAtom {
		case atom.A:
			// The parser keeps a formatting element's attributes sorted;
			// sorting again keeps the output the one a re-parse would give.
			n.Attr = fixAttrs(n.Data, n.Attr)
			slices.SortFunc(n.Attr, compareAttrs)
		case atom.Img:
			n.Attr = fixAttrs(n.Data, n.Attr)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		finishTree(c)
	}
}

// fixAttrs returns the attributes of an element named name as finishTags
// describes.
func fixAttrs(name string, attrs []html.Attribute) []html.Attribute {
	var drop, add string
	var extra []html.Attribute
	switch name {
	case "a":
		href, ok := attrOf(attrs, "href")
		if !ok {
			// No destination: rel means nothing, and stripping it could
			// leave a bare <a> that a second Sanitize would then remove.
			return attrs
		}
		drop = "rel"
		if leavesSite(href) {
			add = htmlcheck.ExternalLinkRel
		}
	case "img":
		drop, add = "loading", "lazy"
		extra = []html.Attribute{{Key: "referrerpolicy", Val: "no-referrer"}}
	default:
		return attrs
	}
	kept := attrs[:0:0]
	for _, a := range attrs {
		if a.Key != drop && (len(extra) == 0 || a.Key != extra[0].Key) {
			kept = append(kept, a)
		}
	}
	if add != "" {
		kept = append(kept, html.Attribute{Key: drop, Val: add})
	}
	return append(kept, extra...)
}

// compareAttrs orders attributes as golang.org/x/net/html orders those of
// formatting elements.
func compareAttrs(a, b html.Attribute) int {
	return cmp.Or(cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Key, b.Key), cmp.Compare(a.Val, b.Val))
}

func attrOf(attrs []html.Attribute, key string) (string, bool) {
	for _, a := range attrs {
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
