package frontend

import (
	"testing"
	"time"
)

func TestFromEnvAndURLs(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"RCMS_ARTICLE_URL": " https://example.org/a/{slug} ",
		"RCMS_PREVIEW_TTL": "2h",
	}
	cfg := FromEnv(func(k string) string { return env[k] })
	if cfg.PreviewTTL != 2*time.Hour {
		t.Errorf("ttl %v", cfg.PreviewTTL)
	}
	u := URLs{Config: cfg, AppURL: "https://cms.example.org/"}
	cases := map[string]string{
		u.Article("x-y"): "https://example.org/a/x-y",
		u.Author("ann"):  "https://cms.example.org/authors/ann",
		u.Topic("sleep"): "https://cms.example.org/topics/sleep",
		u.Preview("t.1"): "https://cms.example.org/api/cms/preview/t.1",
		u.Site():         "https://cms.example.org",
		URLs{}.Site():    "http://127.0.0.1:8090",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if FromEnv(func(string) string { return "" }).PreviewTTL != 0 {
		t.Error("an unset TTL should stay zero (the default applies)")
	}
}
