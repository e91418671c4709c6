package markdown

import (
	"errors"
	"strings"
)

// MaxPaddedTableCells bounds the empty cells goldmark may invent for one document. goldmark
// pads every row of a table out to the delimiter row's column count while parsing, so a few
// kilobytes of "|a|a|…" over "|-|-|…" followed by thousands of one-cell rows become
// millions of nodes and tens of megabytes of HTML. Cells written in the source cost no more
// than the source itself; real articles pad a handful of cells at most.
const MaxPaddedTableCells = 50000

// ErrTooComplex is returned by Render for a document whose tables would need more than
// MaxPaddedTableCells invented cells; the caller should refuse it with a field error.
var ErrTooComplex = errors.New("markdown: tables are too large")

// paddedCellBound returns an upper bound of the empty cells goldmark can invent for src's
// tables. Any line made only of table-delimiter and container-prefix characters is taken
// for a delimiter row with one column per pipe plus one, and every following line up to the
// next blank one (a table is one paragraph) for a row holding one cell per pipe plus one.
// Over-counting is harmless; the bound never under-counts.
func paddedCellBound(src string) int {
	lines := strings.Split(src, "\n")
	total := 0
	for i, line := range lines {
		if !maybeDelimiterRow(line) {
			continue
		}
		cols := strings.Count(line, "|") + 1
		for _, row := range lines[i+1:] {
			if isBlankInContainer(row) {
				break
			}
			total += max(0, cols-strings.Count(row, "|")-1)
		}
		if total > MaxPaddedTableCells {
			return total
		}
	}
	return total
}

// maybeDelimiterRow reports whether line could be a table delimiter row inside any
// container: only pipes, colons, hyphens, spaces and block quote or list markers, with at
// least one pipe and one hyphen.
func maybeDelimiterRow(line string) bool {
	if !strings.Contains(line, "|") || !strings.Contains(line, "-") {
		return false
	}
	for _, r := range line {
		if !strings.ContainsRune("|:- \t\r>*+.)0123456789", r) {
			return false
		}
	}
	return true
}

// isBlankInContainer reports whether line is empty once block quote markers are removed.
func isBlankInContainer(line string) bool {
	return strings.Trim(line, " \t\r>") == ""
}
