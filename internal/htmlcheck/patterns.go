package htmlcheck

import "regexp"

// The id prefixes and patterns below are the whole contract between the
// markdown pipeline (which generates ids and configures its sanitizer from
// these constants) and this checker (which verifies stored HTML against them).
// Every allowed id starts with a fixed prefix and contains a hyphen, so no id
// can be a JavaScript identifier: a stored article can never shadow a page
// global (window.location, document.cookie, __proto__ ...) through named
// element access.
const (
	// HeadingIDPrefix starts every generated heading id ("Location" -> "h-location").
	HeadingIDPrefix = "h-"
	// FootnoteIDPrefix starts the id of each footnote list item ("fn-1").
	FootnoteIDPrefix = "fn-"
	// FootnoteRefIDPrefix starts the id of each footnote reference ("fnref-1",
	// "fnref-1-2" for the second reference to the same note).
	FootnoteRefIDPrefix = "fnref-"

	// HeadingIDPattern is the only id shape allowed on h1-h6: the prefix and
	// lowercase ASCII words joined by single hyphens.
	HeadingIDPattern = `^h-[a-z0-9]+(?:-[a-z0-9]+)*$`
	// FootnoteIDPattern is the only id shape allowed on li.
	FootnoteIDPattern = `^fn-[0-9]+$`
	// FootnoteRefIDPattern is the only id shape allowed on sup.
	FootnoteRefIDPattern = `^fnref-[0-9]+(?:-[0-9]+)?$`
	// CodeClassPattern is the only class allowed, and only on code, so syntax
	// highlighters keep working without letting content reuse site CSS classes.
	CodeClassPattern = `^language-[a-zA-Z0-9+#_-]+$`
	// ExternalLinkRel is the rel value every link leaving the site carries, so
	// articles pass no ranking, no opener handle and no referrer to other sites.
	ExternalLinkRel = "nofollow noopener noreferrer"
)

var (
	headingIDRe   = regexp.MustCompile(HeadingIDPattern)
	footnoteIDRe  = regexp.MustCompile(FootnoteIDPattern)
	footnoteRefRe = regexp.MustCompile(FootnoteRefIDPattern)
	codeClassRe   = regexp.MustCompile(CodeClassPattern)
)
