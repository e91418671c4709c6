// Package hooks holds the behaviour of every recoverycms collection and route.
// Register is its one entry point.
package hooks

import (
	"io/fs"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/frontend"
	"recoverycms/internal/markdown"
)

// Options are the parts built once at start-up and shared by every hook.
type Options struct {
	// Markdown renders and sanitizes every markdown field on save.
	Markdown *markdown.Renderer
	// Seed, when set, is the sample content imported on serve into an empty database.
	Seed fs.FS
	// Frontend configures the public content API's links and preview signing (frontend.FromEnv).
	Frontend frontend.Config
	// Now is the clock deciding when scheduled articles go live; nil means time.Now.
	Now func() time.Time
	// ContentCache caches public responses; nil means NewContentCache(app, Now). Its
	// Invalidate is the hook point for code that changes public content.
	ContentCache *contentcache.Cache
}

// Register binds every hook and route of recoverycms to app.
func Register(app core.App, opts Options) {
	if opts.Markdown == nil {
		opts.Markdown = markdown.New()
	}
	registerArticles(app, opts.Markdown)
	registerAuthors(app, opts.Markdown)
	registerTopics(app)
	if opts.ContentCache == nil {
		opts.ContentCache = NewContentCache(app, opts.Now)
	}
	app.Store().Set(contentCacheKey, opts.ContentCache)
	registerCacheInvalidation(app, opts.ContentCache)
	registerSearchIndex(app, opts.ContentCache)
	registerRoutes(app, &contentAPI{cache: opts.ContentCache, frontend: opts.Frontend})
	if opts.Seed != nil {
		registerSeed(app, opts.Seed)
	}
}
