package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/presence"
)

// TestPresenceShowsWhoElseHasTheArticleOpen: a heartbeat marks the caller present and lists
// the others; a leave, or a minute without a heartbeat, removes them; guests and other auth
// collections cannot take part, and a missing article is a 404.
func TestPresenceShowsWhoElseHasTheArticleOpen(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	c := &commentApp{t: t, app: app, mux: hookstest.Router(t, app)}
	draft, _ := app.FindFirstRecordByData("articles", "slug", hookstest.DraftSlug)
	url := "/api/cms/articles/" + draft.Id + "/presence"
	present := func(email string) []string {
		t.Helper()
		status, out := c.call("POST", url, email, map[string]any{})
		if status != http.StatusOK {
			t.Fatalf("%s heartbeat: %d %v", email, status, out)
		}
		var names []string
		for _, p := range out["present"].([]any) {
			names = append(names, p.(map[string]any)["name"].(string))
		}
		return names
	}
	if got := present(hookstest.EditorEmail); len(got) != 0 {
		t.Errorf("alone, the editor sees %v", got)
	}
	if got := present(hookstest.ReviewerEmail); len(got) != 1 || got[0] != "Edie Editor" {
		t.Errorf("the reviewer sees %v", got)
	}
	if status, out := c.call("GET", url, hookstest.EditorEmail, nil); status != 200 || len(out["present"].([]any)) != 1 {
		t.Errorf("the editor's look: %d %v", status, out)
	}
	if n, _ := app.CountRecords(presence.Collection); n != 2 {
		t.Errorf("%d rows after two heartbeats and a look", n)
	}
	if status, _ := c.call("DELETE", url, hookstest.ReviewerEmail, nil); status != http.StatusNoContent {
		t.Errorf("leave: %d", status)
	}
	if got := present(hookstest.EditorEmail); len(got) != 0 {
		t.Errorf("after the reviewer left the editor sees %v", got)
	}
	present(hookstest.AdminEmail)
	clk.Set(clk.Now().Add(presence.Stale + time.Second))
	if got := present(hookstest.EditorEmail); len(got) != 0 {
		t.Errorf("a minute on, the editor still sees %v", got)
	}
	if n, _ := app.CountRecords(presence.Collection); n != 1 {
		t.Errorf("%d rows: stale ones were not removed", n)
	}
	for _, who := range []struct {
		email  string
		status int
	}{{"", 401}, {hookstest.OutsiderEmail, 403}} {
		if status, _ := c.call("POST", url, who.email, map[string]any{}); status != who.status {
			t.Errorf("%q: %d, want %d", who.email, status, who.status)
		}
	}
	if status, _ := c.call("POST", "/api/cms/articles/nosucharticle00/presence", hookstest.EditorEmail, map[string]any{}); status != 404 {
		t.Errorf("missing article: %d", status)
	}
	if status, out := c.call("GET", "/api/collections/article_presence/records", "", nil); status != 200 || len(out["items"].([]any)) != 0 {
		t.Errorf("a guest lists presence: %d %v", status, out)
	}
}
