package readability

import (
	"strings"
	"unicode"
)

// syllables estimates the syllables of an English word by the rules in the package comment.
func syllables(word string) int {
	w := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, word)
	if w == "" {
		return 1 // digits: "2024", "12"
	}
	n, inVowels := 0, false
	for _, r := range w {
		v := isVowel(r)
		if v && !inVowels {
			n++
		}
		inVowels = v
	}
	if n > 1 && silentEnding(w) {
		n--
	}
	return max(n, 1)
}

// silentEnding reports a final "e", "ed" or "es" after a consonant that is written but not
// spoken: "hope", "hoped", "hopes", not "table", "centre", "wanted", "boxes" (nor "canoe", "worried",
// whose "e" is already part of a vowel run).
func silentEnding(w string) bool {
	var stem string
	switch {
	case strings.HasSuffix(w, "e"):
		stem = w[:len(w)-1]
	case strings.HasSuffix(w, "ed"), strings.HasSuffix(w, "es"):
		stem = w[:len(w)-2]
	default:
		return false
	}
	if stem == "" || isVowel(rune(stem[len(stem)-1])) {
		return false
	}
	c := stem[len(stem)-1]
	switch w[len(w)-1] {
	case 'e': // "-le" and "-re" after a consonant are spoken: "ta-ble", "cen-tre"
		return c != 'l' && c != 'r' || len(stem) < 2 || isVowel(rune(stem[len(stem)-2]))
	case 'd':
		return c != 't' && c != 'd'
	default: // "-es"
		return !strings.ContainsRune("cgsxz", rune(c)) && !strings.HasSuffix(stem, "ch") && !strings.HasSuffix(stem, "sh")
	}
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
