package cachepurge_test

import (
	"crypto/md5"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recoverycms/internal/cachepurge"
	"recoverycms/internal/webhooks"
)

const secret = "unit-secret-0123456789abcdef"

// writeEntry stores a file the way nginx does for key (levels=1:2, named md5(key), a binary
// header, then the KEY line and the response) and returns its path.
func writeEntry(t *testing.T, dir, key string) string {
	t.Helper()
	sum := md5.Sum([]byte(key))
	name := hex.EncodeToString(sum[:])
	sub := filepath.Join(dir, name[31:], name[29:31])
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(sub, name)
	body := "\x05\x00\x00\x00\x00\x00\x00\x00binaryheader\nKEY: " + key + "\nHTTP/1.1 200 OK\r\n\r\n{}"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// TestReceiverChecksBeforePurging: only a delivery with the right signature and a known,
// matching event removes anything, and then only what the article can have changed.
func TestReceiverChecksBeforePurging(t *testing.T) {
	dir := t.TempDir()
	gone := []string{
		"/api/cms/articles/old-slug", "/api/cms/articles?page=2&topic=ketamine", "/api/cms/search?q=relapse",
		"/api/cms/topics/ketamine", "/feed.xml", "/sitemap.xml", "/articles/new-slug",
		"/api/files/pbc_articles/art1234567890ab/cover.jpg?thumb=400x225",
	}
	kept := []string{"/", "/articles/another", "/site.css", "/api/files/pbc_articles/otherarticle000/cover.jpg"}
	paths := map[string]string{}
	for _, k := range append(append([]string{}, gone...), kept...) {
		paths[k] = writeEntry(t, dir, k)
	}
	tmp := paths["/api/cms/articles/old-slug"] + ".0000000007" // a response nginx is still writing
	os.WriteFile(tmp, []byte("\nKEY: /api/cms/articles/old-slug\n"), 0o600)

	srv := httptest.NewServer(&cachepurge.Receiver{Secret: secret, Cache: cachepurge.Cache{Dir: dir},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer srv.Close()
	body := `{"event":"article.updated","article":{"id":"art1234567890ab","slug":"new-slug","title":"T","status":"published","published_at":null,"url":"https://example.org/articles/new-slug"},"sent_at":"2026-11-22T10:55:23.147Z"}`
	post := func(event, signature string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set(webhooks.HeaderEvent, event)
		req.Header.Set(webhooks.HeaderSignature, signature)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	for _, c := range []struct {
		name, event, signature string
		want                   int
	}{
		{"no signature", "article.updated", "", http.StatusUnauthorized},
		{"another secret", "article.updated", webhooks.Sign("another-secret-0123456789", []byte(body)), http.StatusUnauthorized},
		{"signature of another body", "article.updated", webhooks.Sign(secret, []byte(body+" ")), http.StatusUnauthorized},
		{"header differs from body", "article.deleted", webhooks.Sign(secret, []byte(body)), http.StatusBadRequest},
		{"unknown event", "article.liked", webhooks.Sign(secret, []byte(body)), http.StatusBadRequest},
	} {
		if got := post(c.event, c.signature); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	for k, p := range paths {
		if !exists(p) {
			t.Fatalf("%s was removed by a refused delivery", k)
		}
	}

	if got := post("article.updated", webhooks.Sign(secret, []byte(body))); got != http.StatusNoContent {
		t.Fatalf("signed delivery: %d, want 204", got)
	}
	for _, k := range gone {
		if exists(paths[k]) {
			t.Errorf("%s is still cached", k)
		}
	}
	for _, k := range kept {
		if !exists(paths[k]) {
			t.Errorf("%s was removed, but the article cannot change it", k)
		}
	}
	if !exists(tmp) {
		t.Error("a temporary file nginx is still writing was removed")
	}
	if got := post("article.updated", webhooks.Sign(secret, []byte(body))); got != http.StatusNoContent {
		t.Errorf("repeated delivery: %d, want 204 (purging twice is harmless)", got)
	}
}

// TestKeyReadsTheStoredKey: the key is the KEY line's text exactly, query string included.
func TestKeyReadsTheStoredKey(t *testing.T) {
	want := "/api/cms/articles?page=2&perPage=5"
	got, err := cachepurge.Key(writeEntry(t, t.TempDir(), want))
	if err != nil || got != want {
		t.Fatalf("Key: %q, %v; want %q", got, err, want)
	}
	bad := filepath.Join(t.TempDir(), "0123456789abcdef0123456789abcdef")
	os.WriteFile(bad, []byte("no key here"), 0o600)
	if _, err := cachepurge.Key(bad); err == nil {
		t.Error("Key of a file without a KEY line: no error")
	}
}
