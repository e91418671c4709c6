package comments

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"recoverycms/internal/leads"
)

// The flags that hold a comment for a careful read before it may be approved.
const (
	// FlagPII: the comment seems to carry a phone number, an email address or a full name.
	FlagPII = "pii"
	// FlagCrisis: the comment contains a crisis phrase; its writer may need help now.
	FlagCrisis = "crisis"
)

var (
	// phoneRun is a run of digits with the separators people type inside phone numbers.
	phoneRun = regexp.MustCompile(`\+?\d[\d \t().\-]{5,}\d`)
	email    = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)
	// introduced is a full name after "my name is", "I'm", "I am" or "this is".
	introduced = regexp.MustCompile(`(?i:\bmy name is|\bi'm|\bi’m|\bi am|\bthis is)\s+(\p{Lu}\p{Ll}+)\s+(\p{Lu}[\p{Ll}'\-]+)`)
	// capitalPair is two capitalised words in a row after a word in lower case, so a
	// sentence's first word never starts one.
	capitalPair = regexp.MustCompile(`\p{Ll}[,;:]?\s+(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+)\b`)
)

// notNames are capitalised words that commonly come in pairs in these comments without
// naming a person: fellowships, services, days, months and festivals.
var notNames = []string{"alcoholics", "anonymous", "narcotics", "cocaine", "gamblers", "smart", "recovery",
	"nhs", "god", "higher", "power", "new", "year", "christmas", "easter", "eve", "day", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december", "big", "book", "step", "steps",
	"twelve", "the", "samaritans", "frank", "mind", "street", "road", "centre", "center", "hospital", "house"}

// Detector finds what holds a comment: personal details and crisis phrases. Built once;
// safe for concurrent use.
type Detector struct {
	crisis *leads.CrisisMatcher
	region string
}

// NewDetector finds the crisis phrases given and phone numbers of region.
func NewDetector(crisisPhrases []string, region string) *Detector {
	return &Detector{crisis: leads.NewCrisisMatcher(crisisPhrases), region: region}
}

// Flags lists the flags of text, in a fixed order, or none. The heuristics, tuned to hold
// what would identify a writer while keeping ordinary recovery talk out:
//
//   - a phone number: a run of digits and separators that leads.NormalizePhone accepts for
//     the region, or that has 10 to 15 digits (so "90 days", "2 years 3 months" or a date
//     stays unflagged);
//   - an email address;
//   - a full name: two capitalised words after "my name is", "I'm", "I am" or "this is", or two
//     capitalised words in a row after a lower-case word, unless either is a common
//     non-name (fellowships such as Alcoholics Anonymous, days, months, festivals);
//   - a crisis phrase, matched as the lead workflow matches them.
func (d *Detector) Flags(text string) []string {
	var flags []string
	if d.crisis.Match(text) {
		flags = append(flags, FlagCrisis)
	}
	if d.personal(text) {
		flags = append(flags, FlagPII)
	}
	slices.Sort(flags)
	return flags
}

func (d *Detector) personal(text string) bool {
	if email.MatchString(text) || introduced.MatchString(text) {
		return true
	}
	for _, run := range phoneRun.FindAllString(text, -1) {
		digits := strings.Count(strings.Map(keepDigit, run), "") - 1
		if digits >= 10 && digits <= 15 {
			return true
		}
		if _, err := leads.NormalizePhone(run, d.region); err == nil {
			return true
		}
	}
	for _, m := range capitalPair.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(notNames, strings.ToLower(m[1])) && !slices.Contains(notNames, strings.ToLower(m[2])) {
			return true
		}
	}
	return false
}

func keepDigit(r rune) rune {
	if unicode.IsDigit(r) {
		return r
	}
	return -1
}
