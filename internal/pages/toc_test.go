package pages

import (
	"strings"
	"testing"
)

func TestNestTOC(t *testing.T) {
	t.Parallel()
	got := nestTOC([]Heading{{3, "a", "Orphan"}, {2, "b", "Two"}, {3, "c", "Two.one"}, {3, "d", "Two.two"}, {2, "e", "Three"}})
	var b strings.Builder
	var write func([]*tocEntry)
	write = func(es []*tocEntry) {
		b.WriteString("(")
		for _, e := range es {
			b.WriteString(e.ID)
			if len(e.Children) > 0 {
				write(e.Children)
			}
		}
		b.WriteString(")")
	}
	write(got)
	if b.String() != "(ab(cd)e)" {
		t.Errorf("nested as %s", b.String())
	}
}

func TestPagerAndCanonical(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n, total   int
		prev, next string
	}{{1, 1, "", ""}, {1, 3, "", "/?page=2"}, {2, 3, "/", "/?page=3"}, {3, 3, "/?page=2", ""}} {
		if p := pagerFor("/?page=", c.n, c.total); p.Prev != c.prev || p.Next != c.next {
			t.Errorf("page %d of %d: %+v", c.n, c.total, p)
		}
	}
	if p := pagerFor("/search?q=a+b&page=", 2, 2); p.Prev != "/search?q=a+b" {
		t.Errorf("search page 2 links back to %q", p.Prev)
	}
	if got := canonicalPage("https://x.example/topics/t", 2); got != "https://x.example/topics/t?page=2" {
		t.Errorf("canonical %q", got)
	}
	if got := canonicalPage("https://x.example/", 1); got != "https://x.example/" {
		t.Errorf("canonical %q", got)
	}
}

func TestJSONLDEscapesScriptBreakers(t *testing.T) {
	t.Parallel()
	got := string(jsonLD([]byte(`{"headline":"</script><!-- & \u2028"}`)))
	for _, bad := range []string{"<", ">", "&", "\u2028"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q left in %s", bad, got)
		}
	}
	if jsonLD([]byte(`{not json`)) != "" {
		t.Error("invalid JSON-LD embedded")
	}
}
