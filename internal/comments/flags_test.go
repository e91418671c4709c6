package comments

import (
	"strings"
	"testing"

	"recoverycms/internal/leads"
)

// TestFlagsKeepFalsePositivesModest: what the heuristics hold, and ordinary recovery talk
// (counts of days, dates, fellowships, a sentence's first words) they let through.
func TestFlagsKeepFalsePositivesModest(t *testing.T) {
	d := NewDetector(leads.DefaultCrisisPhrases(), "GB")
	for text, want := range map[string]string{
		"ring 020 7946 0018":                         "pii",
		"my number is +1 202 555 0147":               "pii",
		"I'm Jo Bloggs from Leeds":                   "pii",
		"I am Priya Shah":                            "pii",
		"mail jo@example.co.uk":                      "pii",
		"thinking about self harm again":             "crisis",
		"I overdosed last year":                      "crisis",
		"Day 45 today. Feeling good":                 "",
		"Clean since 03/04/2023, 1 year and 2 weeks": "",
		"Narcotics Anonymous saved me":               "",
		"went to Alcoholics Anonymous on New Year":   "",
		"My overdue bill is paid":                    "",
		"Great Article, thank you":                   "",
		"I am Very grateful":                         "",
	} {
		if got := strings.Join(d.Flags(text), ","); got != want {
			t.Errorf("%q: flags %q, want %q", text, got, want)
		}
	}
}
