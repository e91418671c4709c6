package linkcheck

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// maxURL is the longest link kept (the url field's limit); longer ones are not checked.
const maxURL = 2048

// Link is one link of an article worth checking: an http(s) URL on another host, or a tel:
// number. URL is the href as written, trimmed and without its fragment.
type Link struct {
	URL string
	Tel bool
}

// Links returns the distinct checkable links of an article's sanitized HTML, in document
// order: a[href] to http(s) hosts not among siteHosts (lowercase host[:port]), and tel:
// links. Relative links, the site's own pages, mailto: and the rest are left out.
func Links(bodyHTML string, siteHosts map[string]bool) []Link {
	doc, err := html.Parse(strings.NewReader(bodyHTML))
	if err != nil {
		return nil
	}
	var links []Link
	seen := map[string]bool{}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "a" {
			continue
		}
		for _, a := range n.Attr {
			if a.Namespace != "" || a.Key != "href" {
				continue
			}
			if l, ok := classify(a.Val, siteHosts); ok && !seen[l.URL] {
				seen[l.URL] = true
				links = append(links, l)
			}
		}
	}
	return links
}

// classify says whether href is a link to check, and how.
func classify(href string, siteHosts map[string]bool) (Link, bool) {
	href = strings.TrimSpace(href)
	if href == "" || len(href) > maxURL {
		return Link{}, false
	}
	if len(href) > 4 && strings.EqualFold(href[:4], "tel:") {
		return Link{URL: href, Tel: true}, true
	}
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return Link{}, false
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return Link{}, false
	}
	if siteHosts[strings.ToLower(u.Host)] {
		return Link{}, false
	}
	u.Fragment, u.RawFragment = "", ""
	return Link{URL: u.String()}, true
}

// SiteHosts are the lowercase hosts (with port, when one is given) of urls, for Links.
func SiteHosts(urls ...string) map[string]bool {
	hosts := map[string]bool{}
	for _, raw := range urls {
		if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Host != "" {
			hosts[strings.ToLower(u.Host)] = true
		}
	}
	return hosts
}
