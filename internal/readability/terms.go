package readability

import (
	"encoding/json"
	"fmt"
	"os"
)

// LanguageHintsFileEnv names the environment variable that points at a JSON file replacing
// DefaultTerms: an array of Term objects ({"term", "suggestion", "note", "near"}). An empty
// array turns the hints off.
const LanguageHintsFileEnv = "RCMS_LANGUAGE_HINTS_FILE"

// testResultWords are the words that make "clean" and "dirty" mean a drug test's result.
var testResultWords = []string{"test", "tests", "tested", "testing", "urine", "urinalysis", "screen",
	"screens", "screened", "screening", "sample", "samples", "result", "results", "tox", "toxicology"}

// DefaultTerms is the language list, from the US National Institute on Drug Abuse's "Words
// Matter" guidance (person-first language about substance use).
func DefaultTerms() []Term {
	const person = "Person-first language describes a condition someone has, not who they are."
	return []Term{
		{Term: "substance abuse", Suggestion: "substance use", Note: "\"Abuse\" suggests wilful wrongdoing and is linked to harsher judgements."},
		{Term: "drug abuse", Suggestion: "drug use", Note: "\"Abuse\" suggests wilful wrongdoing and is linked to harsher judgements."},
		{Term: "addict", Suggestion: "person with a substance use disorder, or person who uses drugs", Note: person},
		{Term: "abuser", Suggestion: "person who uses drugs", Note: person},
		{Term: "alcoholic", Suggestion: "person with alcohol use disorder", Note: person},
		{Term: "junkie", Suggestion: "person who uses drugs", Note: "A slur: it reduces a person to their drug use."},
		{Term: "drug habit", Suggestion: "substance use disorder", Note: "\"Habit\" suggests a choice that could simply be stopped."},
		{Term: "clean", Suggestion: "testing negative", Near: testResultWords,
			Note: "For a test result: \"clean\" implies that a positive result, and the person, is dirty."},
		{Term: "dirty", Suggestion: "testing positive", Near: testResultWords,
			Note: "For a test result: say what the test found, without judging the person."},
	}
}

// FromEnv builds the Checker for the list named by RCMS_LANGUAGE_HINTS_FILE, or for
// DefaultTerms when it is unset. getenv is os.Getenv outside tests.
func FromEnv(getenv func(string) string) (*Checker, error) {
	path := getenv(LanguageHintsFileEnv)
	if path == "" {
		return NewChecker(DefaultTerms())
	}
	terms, err := LoadTerms(path)
	if err != nil {
		return nil, err
	}
	return NewChecker(terms)
}

// LoadTerms reads a JSON array of Term from path.
func LoadTerms(path string) ([]Term, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("readability: %s: %w", LanguageHintsFileEnv, err)
	}
	var terms []Term
	if err := json.Unmarshal(data, &terms); err != nil {
		return nil, fmt.Errorf("readability: %s %s: %w", LanguageHintsFileEnv, path, err)
	}
	return terms, nil
}

// DefaultChecker is the Checker of DefaultTerms.
func DefaultChecker() *Checker {
	c, err := NewChecker(DefaultTerms())
	if err != nil {
		panic(err) // DefaultTerms is fixed and tested
	}
	return c
}
