package leads_test

import (
	"slices"
	"testing"

	"recoverycms/internal/leads"
)

func TestCrisisMatcherFindsWholePhrases(t *testing.T) {
	t.Parallel()
	m := leads.NewCrisisMatcher(leads.DefaultCrisisPhrases())
	urgent := []string{
		"I feel suicidal tonight", "SUICIDE", "i want to kill myself", "I want to end my life.",
		"took an overdose last week", "My brother overdosed", "I can't go on", "I can’t go on like this",
		"i cant go on", "I can`t go on", "sometimes I want to die", "self-harm again", "Self harm",
		"I might hurt myself", "'suicide'", "(overdose)", "end  my\nlife",
	}
	for _, text := range urgent {
		if !m.Match(text) {
			t.Errorf("%q not flagged", text)
		}
	}
	calm := []string{
		"I have an overdue bill", "Please call after work", "", "my life is getting better",
		"suicides", "overdoses", "killing myself slowly with work", "I can go on", "selfish harmony",
		"the endgame of my life", "I don't want to diet",
	}
	for _, text := range calm {
		if m.Match(text) {
			t.Errorf("%q flagged", text)
		}
	}
}

func TestCrisisPhrasesFromEnvReplaceTheSeed(t *testing.T) {
	t.Parallel()
	env := map[string]string{"RCMS_CRISIS_PHRASES": " no way out , give up ,, "}
	c, err := leads.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil || !slices.Equal(c.CrisisPhrases, []string{"no way out", "give up"}) {
		t.Fatalf("phrases %q, %v", c.CrisisPhrases, err)
	}
	m := leads.NewCrisisMatcher(c.CrisisPhrases)
	if !m.Match("I see no way out") || !m.Match("I give up") || m.Match("I feel suicidal") {
		t.Fatal("the configured list did not replace the seed list")
	}
	env["RCMS_CRISIS_PHRASES"] = " , ,"
	if _, err := leads.ConfigFromEnv(func(k string) string { return env[k] }); err == nil {
		t.Fatal("a list of no phrases was accepted")
	}
	if c, _ := leads.ConfigFromEnv(func(string) string { return "" }); !slices.Equal(c.CrisisPhrases, leads.DefaultCrisisPhrases()) {
		t.Fatalf("default phrases %q", c.CrisisPhrases)
	}
}
