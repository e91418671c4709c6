package hooks_test

import (
	"encoding/json"
	"os"
	"testing"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/htmlcheck"
)

// TestHostileMarkdownIsStoredSafe saves every entry of the shared hostile corpus as an article
// body and as an author bio, the way any Go code or import would, and checks what is stored.
func TestHostileMarkdownIsStoredSafe(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../shared/xss/public-corpus.json")
	if err != nil {
		t.Fatalf("the hostile corpus must be beside the project: %v", err)
	}
	var corpus []string
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatal(err)
	}
	app := hookstest.New(t)
	author := authorID(t, app, "priya-nair")
	authorRecord, err := app.FindRecordById("authors", author)
	if err != nil {
		t.Fatal(err)
	}
	for i, src := range corpus {
		a, err := hookstest.CreateArticle(app, author, map[string]any{"title": "Hostile", "body": src + "\n\ntext"})
		if err != nil {
			t.Fatalf("entry %d did not save (hostile HTML must be cleaned, not refused): %v", i, err)
		}
		if v := htmlcheck.Violations(a.GetString("body_html")); len(v) > 0 {
			t.Errorf("entry %d %q: body_html unsafe: %v", i, src, v)
		}
		authorRecord.Set("bio", src)
		if err := app.Save(authorRecord); err != nil {
			t.Fatalf("entry %d: bio did not save: %v", i, err)
		}
		if v := htmlcheck.Violations(authorRecord.GetString("bio_html")); len(v) > 0 {
			t.Errorf("entry %d %q: bio_html unsafe: %v", i, src, v)
		}
	}
}
