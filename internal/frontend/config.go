// Package frontend holds what the public API needs to know about the sites that consume it:
// where their article, author and topic pages live, and how draft previews are signed.
package frontend

import (
	"strings"
	"time"
)

// DefaultPreviewTTL is how long a draft preview link works unless configured otherwise.
const DefaultPreviewTTL = time.Hour

// Config is read once at start-up (FromEnv) and passed to hooks.Register.
type Config struct {
	// ArticleURL is the front end's article page pattern with a {slug} placeholder
	// (RCMS_ARTICLE_URL). Empty means <app URL>/articles/{slug}.
	ArticleURL string
	// AuthorURL is the author page pattern (RCMS_AUTHOR_URL). Empty means <app URL>/authors/{slug}.
	AuthorURL string
	// TopicURL is the topic page pattern (RCMS_TOPIC_URL). Empty means <app URL>/topics/{slug}.
	TopicURL string
	// PreviewURL is the pattern of a draft preview link with a {token} placeholder
	// (RCMS_PREVIEW_URL). Empty means <app URL>/api/cms/preview/{token}.
	PreviewURL string
	// PreviewSecret signs preview tokens (RCMS_PREVIEW_SECRET). Empty means a key derived from
	// the superusers' token secret, which is random per installation and kept in the database.
	PreviewSecret string
	// PreviewTTL is how long a preview link works (RCMS_PREVIEW_TTL, a Go duration like "2h").
	PreviewTTL time.Duration
	// SiteCountry is the ISO 3166-1 alpha-2 country whose help resources articles show
	// (RCMS_SITE_COUNTRY). Empty means DefaultSiteCountry.
	SiteCountry string
}

// DefaultSiteCountry is the site's country unless RCMS_SITE_COUNTRY says otherwise.
const DefaultSiteCountry = "GB"

// Country is the site's country: SiteCountry in capitals, or DefaultSiteCountry.
func (c Config) Country() string {
	if s := strings.ToUpper(strings.TrimSpace(c.SiteCountry)); s != "" {
		return s
	}
	return DefaultSiteCountry
}

// FromEnv reads the RCMS_ variables through getenv (os.Getenv in main, a map in tests).
func FromEnv(getenv func(string) string) Config {
	cfg := Config{
		ArticleURL:    strings.TrimSpace(getenv("RCMS_ARTICLE_URL")),
		AuthorURL:     strings.TrimSpace(getenv("RCMS_AUTHOR_URL")),
		TopicURL:      strings.TrimSpace(getenv("RCMS_TOPIC_URL")),
		PreviewURL:    strings.TrimSpace(getenv("RCMS_PREVIEW_URL")),
		PreviewSecret: getenv("RCMS_PREVIEW_SECRET"),
		SiteCountry:   strings.TrimSpace(getenv("RCMS_SITE_COUNTRY")),
	}
	if d, err := time.ParseDuration(strings.TrimSpace(getenv("RCMS_PREVIEW_TTL"))); err == nil && d > 0 {
		cfg.PreviewTTL = d
	}
	return cfg
}

// URLs builds absolute front-end links. AppURL is the PocketBase application URL
// (Settings().Meta.AppURL), used for the defaults and for file links.
type URLs struct {
	Config Config
	AppURL string
}

// Article returns the public page of the article with slug.
func (u URLs) Article(slug string) string {
	return fill(u.Config.ArticleURL, u.base()+"/articles/{slug}", "{slug}", slug)
}

// Author returns the public page of the author with slug.
func (u URLs) Author(slug string) string {
	return fill(u.Config.AuthorURL, u.base()+"/authors/{slug}", "{slug}", slug)
}

// Topic returns the public page of the topic with slug.
func (u URLs) Topic(slug string) string {
	return fill(u.Config.TopicURL, u.base()+"/topics/{slug}", "{slug}", slug)
}

// Preview returns the draft preview link carrying token.
func (u URLs) Preview(token string) string {
	return fill(u.Config.PreviewURL, u.base()+"/api/cms/preview/{token}", "{token}", token)
}

// Site is the application URL without a trailing slash, for file links and the feeds' home.
func (u URLs) Site() string { return u.base() }

func (u URLs) base() string {
	b := strings.TrimRight(strings.TrimSpace(u.AppURL), "/")
	if b == "" {
		b = "http://127.0.0.1:8090"
	}
	return b
}

func fill(pattern, fallback, placeholder, value string) string {
	if pattern == "" {
		pattern = fallback
	}
	return strings.ReplaceAll(pattern, placeholder, value)
}
