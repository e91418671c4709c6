// Package hooks holds the behaviour of every recoverycms collection and route.
// Register is its one entry point.
package hooks

import (
	"io/fs"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/frontend"
	"recoverycms/internal/leads"
	"recoverycms/internal/markdown"
	"recoverycms/internal/siteconfig"
	pbpublic "recoverycms/pb_public"
)

// Options are the parts built once at start-up and shared by every hook.
type Options struct {
	// Markdown renders and sanitizes every markdown field on save.
	Markdown *markdown.Renderer
	// Seed, when set, is the sample content imported on serve into an empty database.
	Seed fs.FS
	// Public is served at / (the reading site) and /admin/ (the staff panel); nil serves
	// the embedded pb_public.
	Public fs.FS
	// EmergencyText is the note every public page shows; empty gives the UK default.
	EmergencyText string
	// Webhooks tunes webhook delivery; the zero value means the defaults.
	Webhooks WebhookConfig
	// Leads configures the callback-lead workflow; nil means leads.DefaultConfig().
	Leads *leads.Config
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
	registerPreview(app, opts.Markdown)
	registerRevisions(app)
	if opts.Public == nil {
		opts.Public = pbpublic.FS
	}
	if opts.EmergencyText == "" {
		opts.EmergencyText = siteconfig.DefaultEmergencyText
	}
	registerSite(app, opts.Public, opts.EmergencyText)
	registerWebhooks(app, opts.Webhooks)
	leadConfig := leads.DefaultConfig()
	if opts.Leads != nil {
		leadConfig = *opts.Leads
	}
	registerLeads(app, leadConfig)
	registerLogPrivacy(app)
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
