package leads

import (
	"strings"
	"unicode"
)

// formulaTriggers start a formula (or a DDE payload) in common spreadsheets, full-width forms
// included: the characters of OWASP's CSV-injection guidance.
const formulaTriggers = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"

// cellSeparators split a line into cells in one spreadsheet or another (many locales use ;).
const cellSeparators = ",;\t|"

// GuardCell makes a CSV cell safe to open in a spreadsheet, following OWASP's CSV-injection
// guidance: wherever a cell could begin, at the start of the value or after a character some
// spreadsheet splits cells on ("Sam;=1+1" with ; as the separator), a formula character
// after any run of white space or invisible characters (U+200B, U+FEFF ...) gets an
// apostrophe in front of that run, so it is shown as text. Nothing else changes.
func GuardCell(v string) string {
	if v == "" {
		return v
	}
	var out strings.Builder
	cellStart, pending := true, 0 // pending: bytes of ignorable runes seen since a cell start
	for i, r := range v {
		switch {
		case cellStart && strings.ContainsRune(formulaTriggers, r):
			out.WriteByte('\'')
			out.WriteString(v[i-pending : i])
			out.WriteRune(r)
			cellStart, pending = false, 0
		case cellStart && ignorable(r):
			pending += len(string(r))
		default:
			out.WriteString(v[i-pending : i])
			out.WriteRune(r)
			pending = 0
			cellStart = strings.ContainsRune(cellSeparators, r)
		}
	}
	out.WriteString(v[len(v)-pending:])
	return out.String()
}

// ignorable reports whether a spreadsheet may skip r before reading a formula: white space
// and invisible format characters.
func ignorable(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || r == '\u00a0'
}
