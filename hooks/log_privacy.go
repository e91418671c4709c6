package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// bindLogPrivacy strips what identifies the caller from request log rows before they are
// written, by the rule in leads.ScrubRequestLog.
func bindLogPrivacy(app core.App) {
	app.OnModelCreate(core.LogsTableName).BindFunc(func(e *core.ModelEvent) error {
		if l, ok := e.Model.(*core.Log); ok && l.Data != nil {
			leads.ScrubRequestLog(e.App, l.Data)
		}
		return e.Next()
	})
}
