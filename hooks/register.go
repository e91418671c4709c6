// Package hooks binds recoverycms's capabilities (internal/...) to PocketBase's events and
// router. Register is its one entry point; each collection's life is in the file of its name
// and every route is in routes.go.
package hooks

import (
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/admission"
	"recoverycms/internal/comments"
	"recoverycms/internal/contentapi"
	"recoverycms/internal/frontend"
	"recoverycms/internal/helpdir"
	"recoverycms/internal/leads"
	"recoverycms/internal/linkcheck"
	"recoverycms/internal/markdown"
	"recoverycms/internal/pages"
	"recoverycms/internal/presence"
	"recoverycms/internal/publishing"
	"recoverycms/internal/readability"
	"recoverycms/internal/review"
	"recoverycms/internal/site"
	"recoverycms/internal/siteconfig"
	"recoverycms/internal/webhooks"
	pbpublic "recoverycms/pb_public"
)

// Options are the parts built once at start-up and shared by every hook.
type Options struct {
	// Markdown renders and sanitizes every markdown field on save; nil means markdown.New().
	Markdown *markdown.Renderer
	// Seed, when set, is the sample content imported on serve into an empty database.
	Seed fs.FS
	// Public's files are served at / (the site's styles and scripts) and /admin/ (the staff panel); nil serves
	// the embedded pb_public.
	Public fs.FS
	// EmergencyText is the note every public page shows; empty gives the UK default.
	EmergencyText string
	// SiteDescription describes the site in its pages' meta and footer; empty gives
	// siteconfig.DefaultDescription. The site's name is the app name of the settings.
	SiteDescription string
	// Webhooks tunes webhook delivery; the zero value means the defaults.
	Webhooks webhooks.Config
	// LinkCheck tunes the daily check of articles' links; the zero value means the defaults.
	LinkCheck linkcheck.Config
	// Leads configures the callback-lead workflow; nil means leads.DefaultConfig().
	Leads *leads.Config
	// Frontend configures the public content API's links and preview signing (frontend.FromEnv).
	Frontend frontend.Config
	// Console receives serve's start-up notices, storage failures (written here because the
	// log database may be unwritable too) and, with SignInCodesToConsole, the staff sign-in
	// codes; nil means standard error.
	Console io.Writer
	// SignInCodesToConsole prints staff sign-in codes to Console instead of emailing them
	// (RCMS_SIGNIN_CODES=console, for local use).
	SignInCodesToConsole bool
	// Review sets the clinical sign-off rules; nil means review.Config{Required: true} with the
	// default interval (serve reads review.FromEnv).
	Review *review.Config
	// Admission is the pool that anonymous cache misses of the content API are built in; nil
	// means admission.New with its defaults.
	Admission *admission.Gate
	// LanguageHints is the list previews check wording against; nil means the default list
	// (main reads readability.FromEnv).
	LanguageHints *readability.Checker
	// LeadKeyEnv, when set, is how serve and the commands find the key sealing leads'
	// personal data (RCMS_LEAD_KEY or RCMS_LEAD_KEY_FILE through it, else a key file beside
	// the data directory, created on first start); test apps set their key with
	// sealedfield.Use instead.
	LeadKeyEnv func(string) string
	// Now is the one clock of every decision about what is public now (scheduled articles,
	// previews, the response cache), of webhooks and of the lead workflow; nil means time.Now.
	Now func() time.Time
}

// Register builds the services once and binds them to app, in this order: the collections'
// save-level life (articles, authors, topics, help resources, reader comments, webhooks, callback leads), settings, backups,
// start-up steps, then the routes.
func Register(app core.App, opts Options) {
	if opts.Markdown == nil {
		opts.Markdown = markdown.New()
	}
	if opts.Public == nil {
		opts.Public = pbpublic.FS
	}
	if opts.EmergencyText == "" {
		opts.EmergencyText = siteconfig.DefaultEmergencyText
	}
	if opts.SiteDescription == "" {
		opts.SiteDescription = siteconfig.DefaultDescription
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Console == nil {
		opts.Console = os.Stderr
	}
	leadConfig := leads.DefaultConfig()
	if opts.Leads != nil {
		leadConfig = *opts.Leads
	}
	if leadConfig.EmergencyText == "" {
		leadConfig.EmergencyText = opts.EmergencyText // every answer to a submission carries it
	}
	if opts.Webhooks.Now == nil {
		opts.Webhooks.Now = opts.Now
	}

	reviewConfig := review.Config{Required: true}
	if opts.Review != nil {
		reviewConfig = *opts.Review
	}
	reviews := review.New(reviewConfig, opts.Now)
	pub := publishing.New(opts.Markdown, opts.Now)
	pub.CheckLanguageWith(opts.LanguageHints)
	cache := contentapi.NewCache(app, opts.Now)
	content := contentapi.New(cache, opts.Frontend, opts.Now)
	if opts.Admission == nil {
		opts.Admission = admission.New(admission.Options{})
	}
	content.AdmitMisses(opts.Admission)
	app.Store().Set(contentCacheKey, cache)

	webhookSvc := webhooks.New(opts.Webhooks)
	leadSvc := leads.New(leadConfig, opts.Now)
	app.Store().Set(leadServiceKey, leadSvc)

	bindArticles(app, pub, reviews, cache, webhookSvc)
	bindEditorial(app, reviews)
	bindEditorialComments(app, opts.Now)
	bindAuthors(app, pub, cache)
	bindTopics(app, pub, cache)
	help := helpdir.New(opts.Now)
	reviews.AddDigestSection(help.DigestSection)
	bindResources(app, help, cache)
	commentConfig := comments.DefaultConfig()
	commentConfig.CrisisPhrases, commentConfig.Region = leadConfig.CrisisPhrases, leadConfig.DefaultRegion
	commentConfig.EmergencyText = leadConfig.EmergencyText
	bindComments(app, comments.New(commentConfig, opts.Now), cache)
	bindWebhooks(app, webhookSvc)
	if opts.LeadKeyEnv != nil {
		bindLeadKey(app, opts.LeadKeyEnv, opts.Console)
	}
	linkChecks := bindLinkCheck(app, opts.LinkCheck, opts.Frontend, opts.Now)
	bindLeads(app, leadSvc)
	bindLeadPriority(app, opts.Admission)
	bindPhoneIndex(app)
	bindConsentTexts(app)
	bindLeadQueue(app, leadSvc)
	bindStaff(app, opts.Console, opts.SignInCodesToConsole)
	bindLogPrivacy(app)
	bindQueryGate(app)
	bindSettings(app, cache)
	bindMetrics(app, cache)
	bindBackups(app)
	bindStartup(app, cache, opts.Seed)
	assets, assetsErr := site.BuildAssets(opts.Public)
	assetURL := func(u string) string { return u }
	if assets != nil {
		assetURL = assets.URL
	}
	sitePages := site.NewPages(pages.New(pages.Options{AssetURL: assetURL, Sanitize: opts.Markdown.Sanitize,
		ShareImage: site.ShareImage}), opts.SiteDescription, opts.EmergencyText, opts.Now)
	bindRoutes(app, routeDeps{content: content, help: help, leads: leadSvc, publishing: pub, reviews: reviews, presence: presence.New(opts.Now),
		assets: assets, assetsErr: assetsErr, pages: sitePages, emergencyText: opts.EmergencyText, console: opts.Console,
		linkChecks: linkChecks})
}

// contentCacheKey is where Register keeps the app's response cache in app.Store(), for the
// tests (export_test.go) and the commands that change content behind the server's back.
const contentCacheKey = "recoverycms.contentCache"

// leadServiceKey is where Register keeps the app's lead workflow in app.Store(), so tests in
// hooks_test can see its submissions waiting for a shared transaction.
const leadServiceKey = "recoverycms.leadService"
