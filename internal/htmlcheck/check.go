// Package htmlcheck verifies that an HTML fragment is safe to place straight
// into a page: the invariant every stored article body must satisfy. It is
// deliberately independent of the sanitizer that produces that HTML (it
// parses with golang.org/x/net/html and shares only the id/class constants),
// so a mistake in the sanitizer shows up here instead of being repeated.
package htmlcheck

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Violations parses fragment the way a browser would inside a <div> in the
// page body and returns a human-readable description of every unsafe thing
// it finds. An empty result means the fragment is safe. Tests and fuzz
// targets assert on it, so it reports rather than fixes.
func Violations(fragment string) []string {
	c := &checker{seen: map[string]bool{}}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{
		Type:     html.ElementNode,
		Data:     "div",
		DataAtom: atom.Div,
	})
	if err != nil {
		return []string{"fragment does not parse: " + err.Error()}
	}
	for _, n := range nodes {
		c.walk(n)
	}
	c.scanTokens(fragment)
	c.checkBalanced(fragment)
	return c.found
}

// checkBalanced reports markup left open or closed out of order: an element left open (a
// lone <a href> or <table>) would swallow or restyle the page content that follows it.
func (c *checker) checkBalanced(fragment string) {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(open) > 0 {
				c.report("element <%s> is never closed", open[len(open)-1])
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				c.report("end tag </%s> does not close the element that is open", name)
				return
			}
			open = open[:len(open)-1]
		}
	}
}

// voidElements never have an end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// checker accumulates violations in document order.
type checker struct {
	found []string
	// seen records element names the tree walk met, so the token scan only
	// reports tags the tree builder dropped or moved (such as <body>).
	seen map[string]bool
}

func (c *checker) report(format string, args ...any) {
	c.found = append(c.found, fmt.Sprintf(format, args...))
}

func (c *checker) walk(n *html.Node) {
	switch n.Type {
	case html.ElementNode:
		c.checkElement(n)
	case html.CommentNode:
		c.report("comment <!--%s--> is not allowed", truncate(n.Data))
	case html.DoctypeNode:
		c.report("doctype %q is not allowed", n.Data)
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch)
	}
}

func (c *checker) checkElement(n *html.Node) {
	name := n.Data
	c.seen[name] = true
	if n.Namespace != "" {
		c.report("foreign element <%s:%s> is not allowed", n.Namespace, name)
		c.checkAttrs(n, nil, false)
		return
	}
	allowed, ok := allowedAttrs[name]
	if !ok {
		c.report("element <%s> is not allowed", name)
		c.checkAttrs(n, nil, false)
		return
	}
	c.checkAttrs(n, allowed, true)
	switch name {
	case "input":
		c.checkInput(n)
	case "a":
		c.checkRel(n)
	}
}

// checkAttrs reports dangerous attributes on any element (so a forbidden
// element's payload is described too) and unexpected ones on allowed elements.
func (c *checker) checkAttrs(n *html.Node, allowed map[string]bool, strict bool) {
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		switch {
		case strings.HasPrefix(key, "on"):
			c.report("<%s> has event handler attribute %s=%q", n.Data, key, truncate(a.Val))
			continue
		case forbiddenAttrs[key]:
			c.report("<%s> has forbidden attribute %s=%q", n.Data, key, truncate(a.Val))
		case key == "id":
			c.checkID(n.Data, a.Val)
		case key == "class":
			c.checkClass(n.Data, a.Val)
		case strict && !allowed[key] && !urlAttrs[key]:
			c.report("<%s> has unexpected attribute %s=%q", n.Data, key, truncate(a.Val))
		}
		if urlAttrs[key] {
			c.checkURL(n.Data, key, a.Val)
			if strict && !allowed[key] && !forbiddenAttrs[key] {
				c.report("<%s> has unexpected URL attribute %s=%q", n.Data, key, truncate(a.Val))
			}
		}
	}
}

func (c *checker) checkURL(elem, key, val string) {
	u := normalizeURL(val)
	scheme := urlScheme(u)
	if scheme == "" {
		return
	}
	schemes := allowedSchemes
	if key == "src" {
		schemes = imageSchemes
	}
	if !schemes[scheme] {
		c.report("<%s %s=%q> uses URL scheme %q", elem, key, truncate(val), scheme)
	}
}

func (c *checker) checkID(elem, id string) {
	var ok bool
	switch elem {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		ok = headingIDRe.MatchString(id)
	case "li":
		ok = footnoteIDRe.MatchString(id)
	case "sup":
		ok = footnoteRefRe.MatchString(id)
	}
	if !ok {
		c.report("<%s> has id=%q outside the allowed prefixed patterns", elem, truncate(id))
	}
}

func (c *checker) checkClass(elem, class string) {
	if elem != "code" || !codeClassRe.MatchString(class) {
		c.report("<%s> has class=%q; only code may carry a language-* class", elem, truncate(class))
	}
}

// checkInput allows only the inert checkbox a task list may render.
func (c *checker) checkInput(n *html.Node) {
	typ, hasType := attr(n, "type")
	_, disabled := attr(n, "disabled")
	if !hasType || strings.ToLower(strings.TrimSpace(typ)) != "checkbox" || !disabled {
		c.report("<input> other than a disabled checkbox (type=%q, disabled=%t)", typ, disabled)
	}
}

// checkRel requires every link that leaves the site to carry nofollow,
// noopener and noreferrer.
func (c *checker) checkRel(n *html.Node) {
	href, ok := attr(n, "href")
	if !ok || !isExternal(normalizeURL(href)) {
		return
	}
	rel, _ := attr(n, "rel")
	have := map[string]bool{}
	for _, tok := range strings.Fields(strings.ToLower(rel)) {
		have[tok] = true
	}
	for _, want := range strings.Fields(ExternalLinkRel) {
		if !have[want] {
			c.report("external <a href=%q> lacks rel %q (rel=%q)", truncate(href), want, rel)
		}
	}
}

// scanTokens catches start tags that tree construction silently drops or
// relocates in a fragment but that act in a real page: <body onload> merges
// its attributes into the page's body, <html>/<head>/<frameset> likewise.
func (c *checker) scanTokens(fragment string) {
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if _, ok := allowedAttrs[tag]; !ok && !c.seen[tag] {
				c.seen[tag] = true
				c.report("tag <%s> appears in the markup (dropped by fragment parsing, not by a page)", tag)
			}
		}
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// truncate keeps messages readable when fuzzers produce huge values.
func truncate(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
