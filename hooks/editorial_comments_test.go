package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/editorialcomments"
)

const commentsURL = "/api/collections/editorial_comments/records"

// commentApp is a test app with a draft to discuss and a router to call.
type commentApp struct {
	t     *testing.T
	app   *tests.TestApp
	mux   http.Handler
	draft *core.Record
}

func newCommentApp(t *testing.T) *commentApp {
	app := hookstest.New(t)
	draft, err := app.FindFirstRecordByData("articles", "slug", hookstest.DraftSlug)
	if err != nil {
		t.Fatal(err)
	}
	return &commentApp{t: t, app: app, mux: hookstest.Router(t, app), draft: draft}
}

// call sends method path with a JSON body as the account with email ("" for a guest).
func (c *commentApp) call(method, path, email string, body any) (int, map[string]any) {
	c.t.Helper()
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, strings.NewReader(string(raw)))
	req.Header.Set("Content-Type", "application/json")
	if email != "" {
		req.Header.Set("Authorization", hookstest.Token(c.t, c.app, email))
	}
	rec := httptest.NewRecorder()
	c.mux.ServeHTTP(rec, req)
	var out map[string]any
	json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// TestEditorialCommentsAreStaffOnly: each role's access to comments, the author set by the
// server, and nothing for the public through the records API, the article filter or realtime
// subscriptions' list rule.
func TestEditorialCommentsAreStaffOnly(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	status, made := c.call("POST", commentsURL, hookstest.EditorEmail, map[string]any{"article": c.draft.Id,
		"body": "  Check the dose wording " + hookstest.SecretWord + "  ", "author": "someoneelse", "resolved": true})
	if status != 200 {
		t.Fatalf("editor's comment: %d %v", status, made)
	}
	editor, _ := c.app.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	if made["author"] != editor.Id || made["body"] != "Check the dose wording "+hookstest.SecretWord || made["resolved"] != false {
		t.Errorf("stored %v", made)
	}
	for _, who := range []struct {
		email  string
		create int
		sees   bool
	}{
		{"", 400, false}, {hookstest.OutsiderEmail, 400, false}, {hookstest.ReviewerEmail, 200, true},
		{hookstest.AdminEmail, 200, true}, {hookstest.SuperuserEmail, 200, true},
	} {
		status, _ := c.call("POST", commentsURL, who.email, map[string]any{"article": c.draft.Id, "body": "A note."})
		if status != who.create {
			t.Errorf("%q creates: %d, want %d", who.email, status, who.create)
		}
		_, list := c.call("GET", commentsURL, who.email, nil)
		items, _ := list["items"].([]any)
		if (len(items) > 0) != who.sees {
			t.Errorf("%q lists %d comments", who.email, len(items))
		}
		// No path from the articles a guest may list into the comments.
		_, filtered := c.call("GET", "/api/collections/articles/records?filter="+
			"(id%3D%22"+c.draft.Id+"%22)", who.email, nil)
		if !who.sees && strings.Contains(mustJSON(t, filtered), hookstest.SecretWord) {
			t.Errorf("%q reads a comment through articles", who.email)
		}
	}
	if status, _ := c.call("GET", commentsURL+"/"+made["id"].(string), "", nil); status != 404 {
		t.Errorf("guest views a comment: %d", status)
	}
}

// TestEditorialCommentRules: a comment on a missing article or without text is refused with
// its field code and stores nothing; only the author (or an admin) changes its text, anyone
// on the staff resolves it, recorded with who and when.
func TestEditorialCommentRules(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	before, _ := c.app.CountRecords(editorialcomments.Collection)
	for _, bad := range []struct {
		body  map[string]any
		field string
		code  string
	}{
		{map[string]any{"article": "nosucharticle00", "body": "Hello"}, "article", "article_missing"},
		{map[string]any{"article": c.draft.Id, "body": "   "}, "body", ""},
	} {
		status, out := c.call("POST", commentsURL, hookstest.EditorEmail, bad.body)
		if status != 400 || (bad.code != "" && fieldCode(out, bad.field) != bad.code) || fieldCode(out, bad.field) == "" {
			t.Errorf("%v: %d %v", bad.body, status, out)
		}
	}
	if after, _ := c.app.CountRecords(editorialcomments.Collection); after != before {
		t.Fatalf("refused comments stored: %d -> %d", before, after)
	}
	_, made := c.call("POST", commentsURL, hookstest.EditorEmail, map[string]any{"article": c.draft.Id, "body": "Mine."})
	id := made["id"].(string)
	if status, out := c.call("PATCH", commentsURL+"/"+id, hookstest.ReviewerEmail, map[string]any{"body": "Theirs."}); status != 403 ||
		fieldCode(out, "body") != "not_comment_author" {
		t.Errorf("another's edit: %d %v", status, out)
	}
	if status, out := c.call("PATCH", commentsURL+"/"+id, hookstest.EditorEmail, map[string]any{"article": "otherarticle000"}); status != 400 ||
		fieldCode(out, "article") == "" {
		t.Errorf("moving a comment: %d %v", status, out)
	}
	status, out := c.call("PATCH", commentsURL+"/"+id, hookstest.ReviewerEmail, map[string]any{"resolved": true})
	reviewer, _ := c.app.FindAuthRecordByEmail("staff", hookstest.ReviewerEmail)
	if status != 200 || out["resolved_by"] != reviewer.Id || out["resolved_at"] == "" || out["body"] != "Mine." {
		t.Errorf("resolve: %d %v", status, out)
	}
	if status, out := c.call("PATCH", commentsURL+"/"+id, hookstest.EditorEmail, map[string]any{"resolved": false}); status != 200 ||
		out["resolved_by"] != "" || out["resolved_at"] != "" {
		t.Errorf("reopen: %d %v", status, out)
	}
	if status, _ := c.call("DELETE", commentsURL+"/"+id, hookstest.ReviewerEmail, nil); status != 404 && status != 403 {
		t.Errorf("another's delete: %d", status)
	}
	if status, _ := c.call("DELETE", commentsURL+"/"+id, hookstest.EditorEmail, nil); status != 204 {
		t.Errorf("own delete: %d", status)
	}
}

// TestBlockingCommentStopsPublishing: an unresolved blocking comment keeps the article from
// going live (data.status.code = blocking_comments), through the API and Go code alike;
// resolved, it publishes; the article's delete takes its comments.
func TestBlockingCommentStopsPublishing(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	_, made := c.call("POST", commentsURL, hookstest.EditorEmail, map[string]any{"article": c.draft.Id,
		"body": "The naloxone dose needs a source.", "quote": "two doses", "blocking": true})
	status, out := c.call("PATCH", "/api/collections/articles/records/"+c.draft.Id, hookstest.EditorEmail,
		map[string]any{"status": "published"})
	if status != 400 || fieldCode(out, "status") != "blocking_comments" {
		t.Fatalf("publish with a blocking comment: %d %v", status, out)
	}
	r, _ := c.app.FindRecordById("articles", c.draft.Id)
	if r.GetString("status") != "draft" {
		t.Fatal("the refused publish was stored")
	}
	r.Set("status", "published")
	r.Set("published_at", time.Now().UTC())
	if err := c.app.Save(r); err == nil || !strings.Contains(err.Error(), "blocking") {
		t.Fatalf("Go save with a blocking comment: %v", err)
	}
	// A non-blocking comment does not stop it, a resolved blocking one neither.
	c.call("POST", commentsURL, hookstest.EditorEmail, map[string]any{"article": c.draft.Id, "body": "Nice intro."})
	c.call("PATCH", commentsURL+"/"+made["id"].(string), hookstest.AdminEmail, map[string]any{"resolved": true})
	if status, out := c.call("PATCH", "/api/collections/articles/records/"+c.draft.Id, hookstest.EditorEmail,
		map[string]any{"status": "published"}); status != 200 {
		t.Fatalf("publish once resolved: %d %v", status, out)
	}
	if status, _ := c.call("DELETE", "/api/collections/articles/records/"+c.draft.Id, hookstest.AdminEmail, nil); status != 204 {
		t.Fatalf("delete: %d", status)
	}
	if n, _ := c.app.CountRecords(editorialcomments.Collection); n != 0 {
		t.Errorf("%d comments outlived their article", n)
	}
}

// TestMentionsEmailTheStaffNamed: @handles (email name or full name without spaces) email
// those staff members, never the author, never an email address in the text.
func TestMentionsEmailTheStaffNamed(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	c.app.TestMailer.Reset()
	c.call("POST", commentsURL, hookstest.EditorEmail, map[string]any{"article": c.draft.Id,
		"body": "@reviewer and @AdaAdmin, please look. Also @editor (me) and write to x@admin.example."})
	deadline := time.Now().Add(10 * time.Second)
	for c.app.TestMailer.TotalSend() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	var to []string
	for _, m := range c.app.TestMailer.Messages() {
		for _, a := range m.To {
			to = append(to, a.Address)
		}
		if !strings.Contains(m.Subject, "Edie Editor mentioned you") || !strings.Contains(m.HTML, hookstest.DraftTitle) {
			t.Errorf("mail %q", m.Subject)
		}
	}
	if strings.Join(to, ",") != hookstest.ReviewerEmail+","+hookstest.AdminEmail && strings.Join(to, ",") != hookstest.AdminEmail+","+hookstest.ReviewerEmail {
		t.Errorf("mentions mailed %v", to)
	}
	if got := editorialcomments.Handles("Hi @Priya.Nair, @priya.nair. mail a@b.c @_x"); strings.Join(got, " ") != "priya.nair" {
		t.Errorf("handles %v", got)
	}
}

// TestBlockingCommentHoldsScheduledAndTakenDownArticles: a blocking comment opened on a
// scheduled article takes it back to in review (it cannot go live at its time on its own);
// a taken-down article cannot be put back, nor a publish time moved, while one is open.
func TestBlockingCommentHoldsScheduledAndTakenDownArticles(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	scheduled, _ := c.app.FindFirstRecordByData("articles", "slug", hookstest.ScheduledSlug)
	c.call("POST", commentsURL, hookstest.AdminEmail, map[string]any{"article": scheduled.Id, "body": "Hold this.", "blocking": true})
	if r, _ := c.app.FindRecordById("articles", scheduled.Id); r.GetString("status") != "in_review" {
		t.Errorf("the scheduled article is %q after a blocking comment", r.GetString("status"))
	}
	if status, out := c.call("PATCH", "/api/collections/articles/records/"+scheduled.Id, hookstest.EditorEmail,
		map[string]any{"status": "published", "published_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}); status != 400 ||
		fieldCode(out, "status") != "blocking_comments" {
		t.Errorf("rescheduling with a blocking comment: %d %v", status, out)
	}

	author, _ := c.app.FindFirstRecordByData("authors", "slug", "priya-nair")
	down, err := hookstest.CreateArticle(c.app, author.Id, map[string]any{"title": "Taken down", "slug": "taken-down-x",
		"status": "published", "published_at": time.Now().Add(-48 * time.Hour).UTC(), "unpublish_at": time.Now().Add(-time.Hour).UTC(),
		"reviewed_by": author.Id, "body": "Old advice."})
	if err != nil {
		t.Fatal(err)
	}
	c.call("POST", commentsURL, hookstest.AdminEmail, map[string]any{"article": down.Id, "body": "Outdated dose.", "blocking": true})
	if status, out := c.call("PATCH", "/api/collections/articles/records/"+down.Id, hookstest.EditorEmail,
		map[string]any{"unpublish_at": ""}); status != 400 || fieldCode(out, "status") != "blocking_comments" {
		t.Errorf("putting a taken-down article back with a blocking comment: %d %v", status, out)
	}
	// A live article is not taken down by a comment, and can still be corrected.
	live, _ := c.app.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	c.call("POST", commentsURL, hookstest.AdminEmail, map[string]any{"article": live.Id, "body": "Check step 3.", "blocking": true})
	if status, out := c.call("PATCH", "/api/collections/articles/records/"+live.Id, hookstest.EditorEmail,
		map[string]any{"summary": "A corrected summary."}); status != 200 {
		t.Errorf("correcting a live article: %d %v", status, out)
	}
}

// TestResolvingIsRecordedTruthfully: who resolved a comment and when cannot be rewritten, and
// a blocking comment is resolved only by its author, an admin or a clinician.
func TestResolvingIsRecordedTruthfully(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	_, made := c.call("POST", commentsURL, hookstest.AdminEmail, map[string]any{"article": c.draft.Id, "body": "Legal hold.", "blocking": true})
	id := made["id"].(string)
	if status, out := c.call("PATCH", commentsURL+"/"+id, hookstest.EditorEmail, map[string]any{"resolved": true}); status != 403 ||
		fieldCode(out, "resolved") != "not_allowed_to_resolve" {
		t.Fatalf("an editor resolving an admin's blocking comment: %d %v", status, out)
	}
	_, plain := c.call("POST", commentsURL, hookstest.AdminEmail, map[string]any{"article": c.draft.Id, "body": "Typo in para 2."})
	pid := plain["id"].(string)
	_, resolved := c.call("PATCH", commentsURL+"/"+pid, hookstest.EditorEmail, map[string]any{"resolved": true})
	admin, _ := c.app.FindAuthRecordByEmail("staff", hookstest.AdminEmail)
	status, out := c.call("PATCH", commentsURL+"/"+pid, hookstest.EditorEmail,
		map[string]any{"resolved_by": admin.Id, "resolved_at": "2026-01-01 00:00:00.000Z"})
	if status != 200 || out["resolved_by"] != resolved["resolved_by"] || out["resolved_at"] != resolved["resolved_at"] {
		t.Errorf("rewriting who resolved it: %d %v (was %v %v)", status, out, resolved["resolved_by"], resolved["resolved_at"])
	}
}
