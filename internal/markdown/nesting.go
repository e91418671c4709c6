package markdown

import "strings"

// maxContainerMarkers bounds the block quote and list markers that open
// containers at the start of one line. goldmark's block parser does work
// quadratic in that count, so a 100 KB line of ">" (or "> - ", "1. ")
// costs seconds; no real article nests anywhere near this deep.
const maxContainerMarkers = 32

// limitContainerMarkers drops the container markers past the first
// maxContainerMarkers at the start of any line, keeping the rest of the line.
// Lines with fewer markers (every real one) are untouched; the only content
// it can alter is a code line that itself begins with more than
// maxContainerMarkers such markers.
func limitContainerMarkers(src string) string {
	var b strings.Builder
	done := 0 // src[:done] has been copied to b
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start + 1
		}
		if cut, rest, ok := excessMarkers(src[start:end]); ok {
			b.WriteString(src[done : start+cut])
			done = start + rest
		}
		start = end
	}
	if done == 0 {
		return src
	}
	b.WriteString(src[done:])
	return b.String()
}

// excessMarkers scans the marker prefix of line. When it holds more than
// maxContainerMarkers markers, it returns the offset just after the last
// marker to keep and the offset where the line's content starts.
func excessMarkers(line string) (cut, rest int, ok bool) {
	markers, j := 0, 0
	for j < len(line) {
		n := markerLen(line[j:])
		if n == 0 {
			break
		}
		if line[j] != ' ' && line[j] != '\t' {
			markers++
			if markers == maxContainerMarkers {
				cut = j + n
			}
		}
		j += n
	}
	return cut, j, markers > maxContainerMarkers
}

// markerLen returns the length of the space, block quote marker ">" or list
// marker ("-", "+", "*" or up to nine digits and "." or ")", each followed by
// a space or tab) at the start of s, or 0.
func markerLen(s string) int {
	isBlank := func(i int) bool { return i < len(s) && (s[i] == ' ' || s[i] == '\t') }
	switch c := s[0]; {
	case c == ' ' || c == '\t' || c == '>':
		return 1
	case c == '-' || c == '+' || c == '*':
		if isBlank(1) {
			return 2
		}
	case '0' <= c && c <= '9':
		k := 1
		for k < len(s) && k < 9 && '0' <= s[k] && s[k] <= '9' {
			k++
		}
		if k < len(s) && (s[k] == '.' || s[k] == ')') && isBlank(k+1) {
			return k + 2
		}
	}
	return 0
}
