package hooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"recoverycms/internal/admission"
	"recoverycms/internal/leads"
)

// leadCreatePath is the route every callback request is created through: the site's form
// (POST /callback) re-sends to it through the server's own handler.
const leadCreatePath = "/api/collections/" + leads.LeadsCollection + "/records"

// bindLeadPriority makes every callback request priority work of gate from the moment its
// body has been read (and it has passed the rate limit) to its answer: meanwhile no new
// anonymous cache miss starts (see admission.Gate.Prioritize), so a flood of uncached reads
// cannot take the CPU or the database from the people asking to be called back. It starts
// after the body so that a client sending a body slowly cannot hold the pool.
func bindLeadPriority(app core.App, gate *admission.Gate) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "rcmsLeadPriority",
			Priority: 1, // after the rate limit and leads.CaptureBody (priority 0, bound earlier), which reads the body
			Func: func(e *core.RequestEvent) error {
				if e.Request.Method != http.MethodPost || e.Request.URL.Path != leadCreatePath {
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
