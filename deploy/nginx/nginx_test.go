package nginx_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"recoverycms/hooks/hookstest"
)

const articlePath = "/api/cms/articles/" + hookstest.PublishedSlug

// TestPublicReadsAreCached: the second anonymous read of the API, a feed and a site page is
// answered by nginx, and an ETag sent back gets a 304.
func TestPublicReadsAreCached(t *testing.T) {
	s := startStack(t)
	for _, path := range []string{articlePath, "/api/cms/articles", "/feed.xml", "/sitemap.xml", "/articles/" + hookstest.PublishedSlug} {
		first := s.get(t, path)
		if first.Status != http.StatusOK || first.Cache() != "MISS" {
			t.Fatalf("first GET %s: %d %q, want 200 MISS", path, first.Status, first.Cache())
		}
		second := s.get(t, path)
		if second.Status != http.StatusOK || second.Cache() != "HIT" || second.Body != first.Body {
			t.Errorf("second GET %s: %d %q, want 200 HIT with the same body", path, second.Status, second.Cache())
		}
	}

	first := s.get(t, articlePath)
	etag := first.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) {
		t.Fatalf("ETag %q is not a strong ETag", etag)
	}
	if r := s.get(t, articlePath, "If-None-Match", etag); r.Status != http.StatusNotModified || r.Body != "" {
		t.Errorf("If-None-Match %s: %d with %d bytes, want 304 without a body", etag, r.Status, len(r.Body))
	}
	if r := s.get(t, articlePath, "If-None-Match", `"other"`); r.Status != http.StatusOK {
		t.Errorf("If-None-Match with another ETag: %d, want 200", r.Status)
	}
}

// TestPrivateRequestsAreNeverCached: requests with credentials or a cookie go past the cache
// without being stored, and the panel, dashboard, previews, leads and records API are not
// cached at all.
func TestPrivateRequestsAreNeverCached(t *testing.T) {
	s := startStack(t)
	token := hookstest.Token(t, s.App, hookstest.EditorEmail)
	private := [][]string{
		{"Authorization", token},
		{"Cookie", "rcms_staff=" + token},
	}
	for i, header := range private {
		// A URI no anonymous reader asked for: if nginx stored the answer, the anonymous GET
		// below would be a HIT.
		path := "/api/cms/articles?perPage=" + string(rune('5'+i))
		for range 2 {
			if r := s.get(t, path, header...); r.Status != http.StatusOK || r.Cache() != "BYPASS" {
				t.Errorf("GET %s with %s: %d %q, want 200 BYPASS", path, header[0], r.Status, r.Cache())
			}
		}
		if r := s.get(t, path); r.Cache() != "MISS" {
			t.Errorf("anonymous GET %s after requests with %s: %q, want MISS (nothing stored)", path, header[0], r.Cache())
		}
	}

	for _, path := range []string{"/admin/", "/_/", "/api/cms/preview/not-a-token",
		"/api/collections/articles/records", "/api/cms/leads/export.csv"} {
		for range 2 {
			if r := s.get(t, path, "Authorization", token); r.Cache() != "" {
				t.Errorf("GET %s: X-Cache-Status %q, want none (not cached)", path, r.Cache())
			}
			if r := s.get(t, path); r.Cache() != "" {
				t.Errorf("anonymous GET %s: X-Cache-Status %q, want none (not cached)", path, r.Cache())
			}
		}
	}

	before, err := s.App.CountRecords("callback_leads")
	if err != nil {
		t.Fatal(err)
	}
	lead, _ := json.Marshal(map[string]any{
		"name": "Sam Quokkason", "phone": "07400 123456", "preferred_time": "evening",
		"consent": true, "consent_text": "I agree to be called back about my enquiry.",
	})
	r := s.send(t, http.MethodPost, "/api/collections/callback_leads/records", string(lead))
	if r.Status != http.StatusOK || r.Cache() != "" {
		t.Fatalf("lead POST: %d %q, want 200 and no cache: %s", r.Status, r.Cache(), r.Body)
	}
	if after, _ := s.App.CountRecords("callback_leads"); after != before+1 {
		t.Errorf("leads: %d after the POST, want %d", after, before+1)
	}
}

// TestChangesPassTheCacheAtOnce: after a save, the signed webhook makes the purge receiver
// remove the stale entries, so the change shows through nginx in seconds, not after the
// 60 s max-age; an unpublished article is gone as quickly.
func TestChangesPassTheCacheAtOnce(t *testing.T) {
	s := startStack(t)
	for _, path := range []string{articlePath, "/api/cms/articles", "/feed.xml"} {
		s.get(t, path)
		if r := s.get(t, path); r.Cache() != "HIT" {
			t.Fatalf("GET %s before the change: %q, want HIT", path, r.Cache())
		}
	}
	oldETag := s.get(t, articlePath).Header.Get("ETag")

	article, err := s.App.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	article.Set("title", "Ketamine: a title changed behind the cache")
	if err := s.App.Save(article); err != nil {
		t.Fatal(err)
	}
	changed := func(r response) bool {
		return r.Status == http.StatusOK && strings.Contains(r.Body, "a title changed behind the cache")
	}
	fresh := s.eventually(t, articlePath, changed, "the new title")
	if fresh.Header.Get("ETag") == oldETag {
		t.Errorf("the changed article kept its ETag %s", oldETag)
	}
	s.eventually(t, "/api/cms/articles", changed, "the new title in the list")
	s.eventually(t, "/feed.xml", changed, "the new title in the feed")
	if r := s.get(t, "/api/cms/articles"); r.Cache() != "HIT" {
		t.Errorf("the refreshed list is %q, want HIT (cached again)", r.Cache())
	}

	author := article.GetString("author")
	fresh2, err := hookstest.CreateArticle(s.App, author, map[string]any{
		"title": "Fresh through the cache", "slug": "fresh-through-the-cache", "status": "published",
		"published_at": time.Now().Add(-time.Minute).UTC(), "body": "## New\n\nJust published.",
	})
	if err != nil {
		t.Fatal(err)
	}
	s.eventually(t, "/api/cms/articles", func(r response) bool {
		return strings.Contains(r.Body, `"slug":"fresh-through-the-cache"`)
	}, "the new article in the list")

	s.get(t, "/api/cms/articles/fresh-through-the-cache")
	if r := s.get(t, "/api/cms/articles/fresh-through-the-cache"); r.Cache() != "HIT" {
		t.Fatalf("the new article: %q, want HIT", r.Cache())
	}
	// Reloaded, as a panel save would find it: the unpublished event compares with the stored row.
	unpublish, err := s.App.FindRecordById("articles", fresh2.Id)
	if err != nil {
		t.Fatal(err)
	}
	unpublish.Set("status", "draft")
	if err := s.App.Save(unpublish); err != nil {
		t.Fatal(err)
	}
	s.eventually(t, "/api/cms/articles/fresh-through-the-cache", func(r response) bool {
		return r.Status == http.StatusNotFound
	}, "404 for the unpublished article")
}
