package publishing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/publishing"
)

func article(status, publishedAt string) *core.Record {
	c := core.NewBaseCollection("articles")
	c.Fields.Add(&core.TextField{Name: "status"}, &core.DateField{Name: "published_at"})
	r := core.NewRecord(c)
	r.Set("status", status)
	r.Set("published_at", publishedAt)
	return r
}

func TestIsPublic(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 7, 21, 8, 30, 0, 0, time.UTC)
	cases := []struct {
		status, at string
		want       bool
	}{
		{"published", "2026-07-21 08:30:00.000Z", true},
		{"published", "2026-07-21 08:29:59.000Z", true},
		{"published", "2026-07-21 08:30:01.000Z", false},
		{"published", "", false},
		{"draft", "2026-01-01 00:00:00.000Z", false},
		{"in_review", "2026-01-01 00:00:00.000Z", false},
		{"archived", "2026-01-01 00:00:00.000Z", false},
	}
	for _, c := range cases {
		if got := publishing.IsPublic(article(c.status, c.at), now); got != c.want {
			t.Errorf("IsPublic(%s, %q) = %v, want %v", c.status, c.at, got, c.want)
		}
	}
}

func TestPreviewTokens(t *testing.T) {
	t.Parallel()
	key := []byte("a key of some length")
	now := time.Unix(1_800_000_000, 0)
	token := publishing.SignPreview(key, "abc123", now.Add(time.Hour))
	if id, err := publishing.VerifyPreview(key, token, now); err != nil || id != "abc123" {
		t.Fatalf("genuine token: %q, %v", id, err)
	}
	bad := map[string]string{
		"expired":      token,
		"other key":    publishing.SignPreview([]byte("another key"), "abc123", now.Add(time.Hour)),
		"other id":     strings.Replace(token, "abc123", "abc124", 1),
		"no signature": strings.Join(strings.Split(token, ".")[:2], "."),
	}
	for name, tok := range bad {
		at := now
		if name == "expired" {
			at = now.Add(2 * time.Hour)
		}
		if _, err := publishing.VerifyPreview(key, tok, at); err != publishing.ErrBadPreviewToken {
			t.Errorf("%s: err = %v, want ErrBadPreviewToken", name, err)
		}
	}
}
