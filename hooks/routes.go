package hooks

import (
	"io"
	"net/http"
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"recoverycms/internal/backup"
	"recoverycms/internal/contentapi"
	"recoverycms/internal/helpdir"
	"recoverycms/internal/leads"
	"recoverycms/internal/linkcheck"
	"recoverycms/internal/markdown"
	"recoverycms/internal/presence"
	"recoverycms/internal/publishing"
	"recoverycms/internal/review"
	"recoverycms/internal/site"
	"recoverycms/internal/staff"
	"recoverycms/internal/storefault"
)

// routeDeps is what the route table needs from Register.
type routeDeps struct {
	content       *contentapi.API
	help          *helpdir.Service
	leads         *leads.Service
	publishing    *publishing.Service
	reviews       *review.Service
	presence      *presence.Service
	assets        *site.Assets
	assetsErr     error
	pages         *site.Pages
	emergencyText string
	console       io.Writer
	linkChecks    *linkcheck.Service
}

// bindRoutes binds every route recoverycms adds to PocketBase's: the write gate during a
// backup restore, the content API, feeds and sitemap (cached), previews, the markdown
// preview, the site settings, the lead routes, the reading site's pages and its callback
// form, the static panel and site files, and the fast path
// for cache hits. It is the one place that lists them. On every route, stock or ours, a
// storage failure answers 503 with the emergency text (storefault.Answer), never as bad input.
func bindRoutes(app core.App, d routeDeps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(storefault.Answer(d.emergencyText, d.console))
		se.Router.Bind(site.DropObsoleteHeaders())
		// No write is acknowledged while a backup restore replaces the database.
		se.Router.BindFunc(backup.RefuseWritesDuringRestore)
		// Fast successful public GETs stay out of the request log.
		public := se.Router.Group("")
		public.BindFunc(contentapi.QuietSuccessLog)
		for _, r := range d.content.Routes() {
			public.GET(r.Pattern, r.Handler)
		}
		public.GET("/api/cms/site", site.Settings(d.emergencyText))
		for _, r := range d.content.PageRoutes(d.pages) {
			public.GET(r.Pattern, r.Handler).BindFunc(site.SecurityHeaders)
		}
		se.Router.POST("/callback", d.pages.CallbackPost(serverHandler(se))).BindFunc(site.SecurityHeaders).Bind(
			apis.BodyLimit(64 << 10))
		se.Router.POST("/articles/{slug}/comments", d.pages.CommentPost(serverHandler(se))).BindFunc(site.SecurityHeaders).Bind(
			apis.BodyLimit(64 << 10))
		se.Router.GET("/robots.txt", site.Robots)

		se.Router.POST("/api/cms/articles/{id}/approve", d.reviews.ApproveArticle).Bind(
			apis.RequireAuth(staff.Collection))
		se.Router.GET("/api/cms/editorial/review-due", d.reviews.ReviewDue).Bind(
			apis.RequireAuth(staff.Collection, core.CollectionNameSuperusers))
		presenceOnly := staff.Require("Sign in to show that you have an article open.", "Only staff can show that they have an article open.", staff.Roles...)
		se.Router.POST("/api/cms/articles/{id}/presence", d.presence.Heartbeat).BindFunc(presenceOnly)
		se.Router.GET("/api/cms/articles/{id}/presence", d.presence.List).BindFunc(presenceOnly)
		se.Router.DELETE("/api/cms/articles/{id}/presence", d.presence.Leave).BindFunc(presenceOnly)
		se.Router.GET("/api/cms/editorial/broken-links", linkcheck.ListBroken).BindFunc(staff.Require(
			"Sign in to see broken links.", "Only staff can see broken links.", staff.Roles...))
		se.Router.POST("/api/cms/editorial/link-check", d.linkChecks.RunNow).BindFunc(staff.Require(
			"Sign in as an admin to check links.", "Only admins can start a link check.", staff.Admins...))
		se.Router.POST("/api/cms/articles/{id}/preview-link", d.content.CreatePreviewLink).BindFunc(
			staff.Require("Sign in to create preview links.", "Only editors and admins can create preview links.", staff.Writers...))
		// The token is a credential: keep it out of the request log, as PocketBase does for its own.
		se.Router.GET("/api/cms/preview/{token}", d.content.ShowPreview).Bind(apis.SkipSuccessActivityLog()).BindFunc(site.NoIndex)
		se.Router.POST("/api/cms/preview", d.publishing.PreviewMarkdown).Bind(
			apis.RequireAuth(staff.Collection, core.CollectionNameSuperusers),
			// Room for JSON escaping; the 100 KB limit itself is a field error.
			apis.BodyLimit(8*markdown.MaxSourceBytes),
		)
		bindLeadRoutes(se, d.leads)
		bindResourceRoutes(se, d.help)
		return se.Next()
	})
	bindStatic(app, d)
	bindFastPath(app, d.content)
}

// serverHandler returns the server's own handler, for the site's callback form to send a lead
// through the same route as the API: the running server's (ServeEvent.Server, set once
// serving starts) or, without one (tests), a mux built once from the router.
func serverHandler(se *core.ServeEvent) func() (http.Handler, error) {
	var once sync.Once
	var mux http.Handler
	var err error
	return func() (http.Handler, error) {
		if se.Server != nil && se.Server.Handler != nil {
			return se.Server.Handler, nil
		}
		once.Do(func() { mux, err = se.Router.BuildMux() })
		return mux, err
	}
}

// bindStatic serves the staff panel at /admin/ and the reading site's files at /, with the
// strict security headers of site.SecurityHeaders; a path with no file is the site's 404
// page. The static routes bind last, so every API route, page and the superuser dashboard
// keep precedence.
func bindStatic(app core.App, d routeDeps) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			if d.assetsErr != nil {
				return d.assetsErr
			}
			panel, files := site.Static(d.assets)
			if !e.Router.HasRoute(http.MethodGet, "/admin/{path...}") {
				e.Router.GET("/admin/{path...}", panel).BindFunc(site.SecurityHeaders, site.NoIndex)
			}
			if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
				e.Router.GET("/{path...}", func(re *core.RequestEvent) error {
					if err := files(re); err != router.ErrFileNotFound {
						return err
					}
					return contentapi.NotFoundPage(re, d.pages)
				}).BindFunc(site.SecurityHeaders)
			}
			return e.Next()
		},
		Priority: 999,
	})
}

// bindFastPath wraps the server's handler once PocketBase has built it, so cache hits are
// answered in front of the router (contentapi.API.FastPath says when), with the router's
// CORS middleware for requests with Origin. apis.Serve sets
// ServeEvent.Server.Handler in the function that ends the OnServe chain, so the wrapping
// happens after se.Next(). Without a Server (tests.ApiScenario, bare router tests) nothing
// changes.
func bindFastPath(app core.App, api *contentapi.API) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "recoverycmsFastPath",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			if se.Server == nil || se.Server.Handler == nil {
				return nil
			}
			h, err := api.FastPath(se.App, corsMiddleware(se.Router.Middlewares), se.Server.Handler)
			if err != nil {
				return err
			}
			se.Server.Handler = h
			return nil
		},
	})
}

// corsMiddleware finds the CORS middleware apis.Serve bound to the router (configured from
// serve's --origins), for the fast path to give cross-origin hits the same answer.
func corsMiddleware(middlewares []*hook.Handler[*core.RequestEvent]) *hook.Handler[*core.RequestEvent] {
	for _, m := range middlewares {
		if m.Id == apis.DefaultCorsMiddlewareId {
			return m
		}
	}
	return nil
}

// bindLeadRoutes adds the staff routes under /api/cms/leads: the CSV export, the audited
// lookup by phone, the opt-out, the queue's statistics and the log of call attempts for
// reviewers and admins, the erasure by phone number for admins.
func bindLeadRoutes(se *core.ServeEvent, svc *leads.Service) {
	se.Router.GET("/api/cms/leads/export.csv", leads.ExportCSV).BindFunc(staff.Require(
		"Sign in as a reviewer or admin to export callback requests.",
		"Only reviewers and admins can export callback requests.", staff.LeadReviewers...))
	se.Router.GET("/api/cms/leads/lookup", svc.LookupByPhone).BindFunc(staff.Require(
		"Sign in as a reviewer or admin to look up callback requests.",
		"Only reviewers and admins can look up callback requests.", staff.LeadReviewers...))
	se.Router.POST("/api/cms/leads/opt-out", svc.OptOutRequest).BindFunc(staff.Require(
		"Sign in as a reviewer or admin to record an opt-out.",
		"Only reviewers and admins can record an opt-out.", staff.LeadReviewers...))
	se.Router.GET("/api/cms/leads/stats", svc.LeadStats).BindFunc(staff.Require(
		"Sign in as a reviewer or admin to see callback statistics.",
		"Only reviewers and admins can see callback statistics.", staff.LeadReviewers...))
	se.Router.POST("/api/cms/leads/{id}/attempts", svc.LogAttempt).BindFunc(staff.Require(
		"Sign in as a reviewer or admin to log a call.",
		"Only reviewers and admins can log calls.", staff.LeadReviewers...))
	se.Router.POST("/api/cms/leads/erase", svc.EraseByPhone).BindFunc(staff.Require(
		"Sign in as an admin to erase callback requests.",
		"Only admins can erase callback requests.", staff.Admins...))
}

// bindResourceRoutes adds the help directory's staff routes: the verification of a
// resource by an editor or admin, and the list of resources due for re-verification.
func bindResourceRoutes(se *core.ServeEvent, help *helpdir.Service) {
	se.Router.POST("/api/cms/resources/{id}/verify", help.Verify).BindFunc(staff.Require(
		"Sign in as an editor or admin to verify a resource.",
		"Only editors and admins can verify a resource.", staff.Writers...))
	se.Router.GET("/api/cms/editorial/stale-resources", help.StaleList).BindFunc(staff.Require(
		"Sign in to see the resources due for re-verification.",
		"Only staff can see the resources due for re-verification.", staff.Roles...))
}
