package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"How to beat ketamine addiction": "how-to-beat-ketamine-addiction",
		"Overcoming SPICE/K2 dependency": "overcoming-spice-k2-dependency",
		"Über die Straße — café crème":   "uber-die-strasse-cafe-creme",
		"  --Leading and trailing--  ":   "leading-and-trailing",
		"Drugs & alcohol":                "drugs-and-alcohol",
		"Łódź, Ærø and Œuvre":            "lodz-aero-and-oeuvre",
		"日本語":                            "",
		"":                               "",
		"What's next? 24/7 help!":        "what-s-next-24-7-help",
		"Ketamine\tbladder\nsymptoms":    "ketamine-bladder-symptoms",
	}
	for in, want := range cases {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
		if got := Make(in); got != "" && !Valid(got) {
			t.Errorf("Make(%q) = %q is not a valid slug", in, got)
		}
	}
}

func TestMakeCutsLongTitlesAtAWordBoundary(t *testing.T) {
	t.Parallel()
	title := strings.Repeat("recovery ", 30)
	got := Make(title)
	if len(got) > MaxLen || !Valid(got) || strings.HasSuffix(got, "-") {
		t.Fatalf("Make(long) = %q (len %d)", got, len(got))
	}
	if !strings.HasSuffix(got, "recovery") {
		t.Fatalf("Make(long) = %q, want it cut after a whole word", got)
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"a", "a-b", "k2", "how-to-beat-ketamine-addiction"} {
		if !Valid(s) {
			t.Errorf("Valid(%q) = false", s)
		}
	}
	for _, s := range []string{"", "A", "a--b", "-a", "a-", "a b", "café", "a_b", "../x", strings.Repeat("a", MaxLen+1)} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}

func TestWithSuffix(t *testing.T) {
	t.Parallel()
	if got := WithSuffix("spice", 2); got != "spice-2" {
		t.Fatalf("got %q", got)
	}
	long := Make(strings.Repeat("word ", 40))
	got := WithSuffix(long, 12)
	if len(got) > MaxLen || !Valid(got) || !strings.HasSuffix(got, "-12") {
		t.Fatalf("WithSuffix(long, 12) = %q", got)
	}
}
