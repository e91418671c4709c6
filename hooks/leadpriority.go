package hooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"recoverycms/internal/admission"
	"recoverycms/internal/leads"
)

// leadCreatePaths are the routes a person asks for a callback through: the records API and
// the site's form (which re-sends to the first through the server's own handler).
var leadCreatePaths = map[string]bool{
	"/api/collections/" + leads.LeadsCollection + "/records": true,
	"/callback": true,
}

// bindLeadPriority makes every callback request, from its first byte to its answer, priority
// work of gate: while one is in progress no new anonymous cache miss starts (see
// admission.Gate.Prioritize), so a flood of uncached reads cannot take the CPU or the database
// from the people asking to be called back.
func bindLeadPriority(app core.App, gate *admission.Gate) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "rcmsLeadPriority",
			Priority: -2000, // before body capture and everything else
			Func: func(e *core.RequestEvent) error {
				if e.Request.Method != http.MethodPost || !leadCreatePaths[e.Request.URL.Path] {
					return e.Next()
				}
				release := gate.Prioritize()
				defer release()
				return e.Next()
			},
		})
		return se.Next()
	})
}
