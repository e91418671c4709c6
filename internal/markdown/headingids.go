package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"

	"recoverycms/internal/htmlcheck"
)

// headingIDFallback is the id of a heading whose text has no ASCII-foldable
// letters or digits (empty, emoji-only, or written in a non-Latin script).
const headingIDFallback = htmlcheck.HeadingIDPrefix + "section"

// maxSlugBytes keeps ids of very long headings readable in URLs.
const maxSlugBytes = 64

// headingIDs is the per-document parser.IDs: it prefixes every id so none
// can shadow a page global, folds text to ASCII so links survive copy and
// paste, and numbers duplicates (-1, -2 ...) in document order so ids are
// unique and stable. A fresh one is created for every Render.
type headingIDs struct {
	used map[string]bool
	// last is the last suffix tried per base id, so a document with many
	// identical headings numbers them in linear time.
	last map[string]int
}

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}, last: map[string]int{}}
}

// Generate implements parser.IDs for a heading's plain text.
func (s *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := headingIDFallback
	if slug := slugify(string(value)); slug != "" {
		base = htmlcheck.HeadingIDPrefix + slug
	}
	id := base
	for n := s.last[base] + 1; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
		s.last[base] = n
	}
	s.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs; it reserves an id so Generate never repeats it.
func (s *headingIDs) Put(value []byte) {
	s.used[string(value)] = true
}

// foldExtra covers Latin letters that Unicode decomposition leaves alone.
var foldExtra = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th", 'ı': "i", 'ħ': "h", 'Ħ': "h",
}

// slugify folds text to lowercase ASCII words joined by single hyphens:
// "Über uns" -> "uber-uns", "Don't panic!" -> "dont-panic". Apostrophes are
// dropped rather than treated as separators; other characters separate words.
func slugify(s string) string {
	var b strings.Builder
	gap := false
	emit := func(w string) {
		if gap && b.Len() > 0 {
			b.WriteByte('-')
		}
		gap = false
		b.WriteString(w)
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == 'ʼ':
			// Combining accents and apostrophes vanish without a break.
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			emit(string(unicode.ToLower(r)))
		case foldExtra[r] != "":
			emit(foldExtra[r])
		default:
			gap = true
		}
		if b.Len() > maxSlugBytes {
			break
		}
	}
	return trimSlug(b.String())
}

// trimSlug cuts an over-long slug back to a whole word where it can.
func trimSlug(slug string) string {
	if len(slug) <= maxSlugBytes {
		return slug
	}
	if slug[maxSlugBytes] == '-' {
		return slug[:maxSlugBytes]
	}
	slug = slug[:maxSlugBytes]
	if i := strings.LastIndexByte(slug, '-'); i > 0 {
		slug = slug[:i]
	}
	return strings.TrimRight(slug, "-")
}
