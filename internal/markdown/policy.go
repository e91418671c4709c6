package markdown

import (
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"

	"recoverycms/internal/htmlcheck"
)

// imageSrcPattern admits only http(s) or relative image sources: anything
// with a colon before its first '/', '?' or '#' has some other scheme.
// The policy's scheme list then applies on top (it also allows mailto: and
// tel:, which this pattern keeps off images).
var imageSrcPattern = regexp.MustCompile(`^(?i:https?:|[^:/?#]*(?:[/?#]|$))`)

// newPolicy builds the single allowlist every stored article passes. It
// starts from an empty policy rather than UGCPolicy because UGCPolicy drops
// tel: links and allows more than articles need. No attribute is allowed
// globally; class and id are allowed only on the elements that need them and
// only in the shapes htmlcheck verifies.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto", "tel")

	p.AllowElements(
		"p", "br", "hr", "em", "strong", "del", "s", "sup", "sub",
		"h1", "h2", "h3", "h4", "h5", "h6",
		"code", "pre", "blockquote", "ul", "ol", "li",
		"table", "thead", "tbody", "tr", "th", "td",
	)
	headings := []string{"h1", "h2", "h3", "h4", "h5", "h6"}
	p.AllowAttrs("id").Matching(regexp.MustCompile(htmlcheck.HeadingIDPattern)).OnElements(headings...)
	p.AllowAttrs("id").Matching(regexp.MustCompile(htmlcheck.FootnoteIDPattern)).OnElements("li")
	p.AllowAttrs("id").Matching(regexp.MustCompile(htmlcheck.FootnoteRefIDPattern)).OnElements("sup")
	p.AllowAttrs("class").Matching(regexp.MustCompile(htmlcheck.CodeClassPattern)).OnElements("code")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").OnElements("a", "img")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + htmlcheck.ExternalLinkRel + `$`)).OnElements("a")
	// Fully qualified links get nofollow and noreferrer from bluemonday;
	// finishTags then sets the exact ExternalLinkRel value (bluemonday only
	// adds noopener together with target="_blank", which we do not want).
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.RequireNoReferrerOnFullyQualifiedLinks(true)

	p.AllowAttrs("src").Matching(imageSrcPattern).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	return p
}

// sanitize is p.Sanitize(s) written into one buffer sized for its output,
// instead of a growing one that is then copied into a string.
func sanitize(p *bluemonday.Policy, s string) string {
	if strings.TrimSpace(s) == "" {
		return s // as Policy.Sanitize does
	}
	var b strings.Builder
	b.Grow(len(s))
	if err := p.SanitizeReaderToWriter(strings.NewReader(s), &b); err != nil {
		return "" // Policy.Sanitize gives nothing on a tokenizer error
	}
	return b.String()
}
