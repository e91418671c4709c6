package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"recoverycms/hooks/hookstest"
)

// patchArticle sends a JSON PATCH of the article as the staff member behind token.
func patchArticle(t testing.TB, h http.Handler, token, id, ifMatch string, fields map[string]any) *httptest.ResponseRecorder {
	t.Helper()
	body, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPatch, "/api/collections/articles/records/"+id, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestStaleSaveIsRefused: two editors open the same article; the second to save with the
// version they loaded gets 409 edit_conflict with the stored article, and nothing changes.
func TestStaleSaveIsRefused(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := hookstest.Router(t, app)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	admin := hookstest.Token(t, app, hookstest.AdminEmail)
	a := newDraft(t, app, "Shared draft")
	loaded := a.GetString("updated")
	time.Sleep(2 * time.Millisecond) // updated has millisecond precision: the next save must differ

	if rec := patchArticle(t, h, admin, a.Id, `"`+loaded+`"`, map[string]any{"title": "Admin's title"}); rec.Code != 200 {
		t.Fatalf("first save: %d %s", rec.Code, rec.Body)
	}
	rec := patchArticle(t, h, editor, a.Id, loaded, map[string]any{"title": "Editor's stale title"})
	if rec.Code != http.StatusConflict {
		t.Fatalf("stale save: %d %s", rec.Code, rec.Body)
	}
	var answer struct {
		Data struct {
			Updated struct{ Code string } `json:"updated"`
			Current map[string]any        `json:"current"`
		} `json:"data"`
	}
	must(t, json.Unmarshal(rec.Body.Bytes(), &answer))
	if answer.Data.Updated.Code != "edit_conflict" || answer.Data.Current["title"] != "Admin's title" {
		t.Fatalf("conflict answer: %s", rec.Body)
	}
	if got := articleBySlug(t, app, "shared-draft").GetString("title"); got != "Admin's title" {
		t.Fatalf("stored title %q after a refused save", got)
	}
	// Saving again with the version the conflict answer gave succeeds.
	current := answer.Data.Current["updated"].(string)
	if rec := patchArticle(t, h, editor, a.Id, current, map[string]any{"title": "Merged title"}); rec.Code != 200 {
		t.Fatalf("save after merging: %d %s", rec.Code, rec.Body)
	}
	// No If-Match (the dashboard, scripts) saves over whatever is stored; "*" too.
	for _, v := range []string{"", "*"} {
		if rec := patchArticle(t, h, editor, a.Id, v, map[string]any{"summary": "Unconditional " + v}); rec.Code != 200 {
			t.Fatalf("save with If-Match %q: %d %s", v, rec.Code, rec.Body)
		}
	}
	rec = patchArticle(t, h, editor, a.Id, "yesterday", map[string]any{"title": "Bad header"})
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"code":"if_match_invalid"`) {
		t.Fatalf("malformed If-Match: %d %s", rec.Code, rec.Body)
	}
}

// TestConcurrentSavesOfOneVersionLetOneThrough: editors racing with the same loaded version
// get exactly one success; every other save is a conflict, none is lost silently.
func TestConcurrentSavesOfOneVersionLetOneThrough(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := hookstest.Router(t, app)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	a := newDraft(t, app, "Raced draft")
	loaded := a.GetString("updated")
	time.Sleep(2 * time.Millisecond) // updated has millisecond precision: the next save must differ
	const n = 8
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = patchArticle(t, h, editor, a.Id, loaded, map[string]any{"summary": "Version " + string(rune('A'+i))}).Code
		}()
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case http.StatusConflict:
			conflicts++
		}
	}
	if ok != 1 || conflicts != n-1 {
		t.Fatalf("answers %v: want one 200 and %d 409s", codes, n-1)
	}
}
