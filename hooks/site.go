package hooks

import (
	"io/fs"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// sitePayload is the answer of GET /api/cms/site: settings a public page needs before it
// fetches any content.
type sitePayload struct {
	EmergencyText string `json:"emergency_text"`
}

// registerSite serves the site settings at /api/cms/site, the staff panel at /admin/ and the
// public reading site at /. Both static trees fall back to their own index.html, so clean
// URLs such as /articles/{slug} survive a reload. The static routes bind last, so every API
// route and the superuser dashboard keep precedence.
func registerSite(app core.App, public fs.FS, emergencyText string) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		// Every public page asks for this: keep it out of the request log like the content API.
		e.Router.GET("/api/cms/site", func(re *core.RequestEvent) error {
			return re.JSON(http.StatusOK, sitePayload{EmergencyText: emergencyText})
		}).BindFunc(quietSuccessLog)
		return e.Next()
	})
	if public == nil {
		return
	}
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			admin, err := fs.Sub(public, "admin")
			if err != nil {
				return err
			}
			if !e.Router.HasRoute(http.MethodGet, "/admin/{path...}") {
				e.Router.GET("/admin/{path...}", apis.Static(admin, true))
			}
			if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
				e.Router.GET("/{path...}", apis.Static(public, true))
			}
			return e.Next()
		},
		Priority: 999,
	})
}
