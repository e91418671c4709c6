package leads

import (
	"errors"
	"regexp"
	"strings"
)

// DefaultCrisisPhrases are the words and phrases that mark a lead urgent unless
// RCMS_CRISIS_PHRASES replaces them. They flag a request for a person to read first; they
// decide nothing else.
func DefaultCrisisPhrases() []string {
	return []string{"suicide", "suicidal", "kill myself", "end my life", "overdose", "overdosed",
		"can't go on", "cant go on", "want to die", "self-harm", "hurt myself"}
}

// parseCrisisPhrases reads the comma-separated RCMS_CRISIS_PHRASES.
func parseCrisisPhrases(v string) ([]string, error) {
	var phrases []string
	for p := range strings.SplitSeq(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			phrases = append(phrases, p)
		}
	}
	if len(phrases) == 0 {
		return nil, errors.New("RCMS_CRISIS_PHRASES must list at least one phrase, separated by commas")
	}
	return phrases, nil
}

// apostrophes are the characters people (and phone keyboards) type for an apostrophe.
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u00b4", "'", "`", "'", "\u2032", "'", "\uff07", "'")

// CrisisMatcher finds crisis phrases in a message: case-insensitive, whole words only (an
// "overdue bill" is not an "overdose"), with any apostrophe ("can’t", "can't", "cant") and
// hyphens or spaces between words ("self harm", "self-harm") alike. Built once; safe for
// concurrent use.
type CrisisMatcher struct {
	re *regexp.Regexp
}

// NewCrisisMatcher builds the matcher of phrases; with none it matches nothing.
func NewCrisisMatcher(phrases []string) *CrisisMatcher {
	var alts []string
	for _, p := range phrases {
		if pattern := phrasePattern(p); pattern != "" {
			alts = append(alts, pattern)
		}
	}
	if len(alts) == 0 {
		return &CrisisMatcher{}
	}
	// The boundaries are letters and digits: a phrase must not start or end inside a word.
	return &CrisisMatcher{re: regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(?:` + strings.Join(alts, "|") + `)(?:$|[^\p{L}\p{N}])`)}
}

// phrasePattern is the regular expression of one phrase: its words in order, separated by
// spaces or hyphens, each apostrophe optional.
func phrasePattern(phrase string) string {
	words := strings.FieldsFunc(apostrophes.Replace(strings.ToLower(phrase)), func(r rune) bool {
		return r == ' ' || r == '-' || r == '\t'
	})
	for i, w := range words {
		words[i] = strings.ReplaceAll(regexp.QuoteMeta(w), "'", "'?")
	}
	return strings.Join(words, `[\s\-]+`)
}

// Match reports whether text contains one of the phrases.
func (m *CrisisMatcher) Match(text string) bool {
	if m == nil || m.re == nil || text == "" {
		return false
	}
	return m.re.MatchString(apostrophes.Replace(strings.ToLower(text)))
}
