package webhooks

import (
	"testing"
	"time"
)

func TestWebhookConfigFromEnv(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	c, err := ConfigFromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.BackoffBase != DefaultBackoff || c.MaxAttempts != DefaultMaxAttempts || c.Timeout != DefaultTimeout ||
		c.AllowPrivate || c.ArticleURL != "" || c.Now == nil {
		t.Fatalf("defaults: %+v", c)
	}

	c, err = ConfigFromEnv(env(map[string]string{
		"RCMS_ARTICLE_URL": "https://example.org/read/{slug}", "RCMS_WEBHOOK_BACKOFF": "2m",
		"RCMS_WEBHOOK_MAX_ATTEMPTS": "6", "RCMS_WEBHOOK_TIMEOUT": "3s", "RCMS_WEBHOOK_BLOCK_PRIVATE": "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.ArticleURL != "https://example.org/read/{slug}" || c.BackoffBase != 2*time.Minute || c.MaxAttempts != 6 ||
		c.Timeout != 3*time.Second || c.AllowPrivate {
		t.Fatalf("parsed: %+v", c)
	}

	if c, err := ConfigFromEnv(env(map[string]string{"RCMS_WEBHOOK_BLOCK_PRIVATE": "false"})); err != nil || !c.AllowPrivate {
		t.Fatalf("RCMS_WEBHOOK_BLOCK_PRIVATE=false: %+v, %v", c, err)
	}

	for name, value := range map[string]string{
		"RCMS_WEBHOOK_BACKOFF": "soon", "RCMS_WEBHOOK_TIMEOUT": "-1s",
		"RCMS_WEBHOOK_MAX_ATTEMPTS": "3", "RCMS_WEBHOOK_BLOCK_PRIVATE": "maybe",
	} {
		if _, err := ConfigFromEnv(env(map[string]string{name: value})); err == nil {
			t.Errorf("%s=%s accepted", name, value)
		}
	}
}

func TestWebhookBackoffDoublesUpToTheCap(t *testing.T) {
	t.Parallel()
	c := Config{BackoffBase: 30 * time.Second, MaxBackoff: 5 * time.Minute}.withDefaults()
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, w := range want {
		if got := c.backoff(i + 1); got != w {
			t.Errorf("after attempt %d: %s, want %s", i+1, got, w)
		}
	}
}

func TestArticleEventTransitions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		was, is bool
		want    string
	}{
		{false, true, EventArticlePublished},
		{true, true, EventArticleUpdated},
		{true, false, EventArticleUnpublished},
		{false, false, ""},
	}
	for _, c := range cases {
		if got := articleEvent(c.was, c.is); got != c.want {
			t.Errorf("articleEvent(%v, %v) = %q, want %q", c.was, c.is, got, c.want)
		}
	}
}
