// Package slug turns titles and names into URL slugs: lowercase ASCII words joined by hyphens.
package slug

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug Make returns; longer titles are cut at a word boundary.
const MaxLen = 100

// Pattern matches a well-formed slug. The collections enforce the same shape.
var Pattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// special letters that Unicode decomposition does not reduce to ASCII.
var special = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "Æ", "ae", "ø", "o", "Ø", "o", "đ", "d", "Đ", "d",
	"ł", "l", "Ł", "l", "œ", "oe", "Œ", "oe", "þ", "th", "Þ", "th", "&", " and ",
)

// Make derives a slug from free text, folding diacritics ("Über" -> "uber") and dropping
// everything that is not a letter or digit. It returns "" when nothing usable is left.
func Make(text string) string {
	folded := fold(special.Replace(text))
	var b strings.Builder
	pendingHyphen := false
	for _, r := range strings.ToLower(folded) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(r)
		default:
			pendingHyphen = true
		}
	}
	return cut(b.String(), MaxLen)
}

// Valid reports whether s is a well-formed slug of acceptable length.
func Valid(s string) bool {
	return len(s) <= MaxLen && Pattern.MatchString(s)
}

// WithSuffix returns the n-th alternative of a taken slug ("name-2", "name-3" ...),
// keeping the result within MaxLen.
func WithSuffix(base string, n int) string {
	suffix := "-" + strconv.Itoa(n)
	return cut(base, MaxLen-len(suffix)) + suffix
}

func fold(s string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// cut shortens a slug to at most max bytes, preferring to end at a hyphen.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	s = s[:max]
	if i := strings.LastIndexByte(s, '-'); i > max/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}
