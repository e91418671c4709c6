package hooks

import "github.com/pocketbase/pocketbase/core"

// identifyingLogFields are what PocketBase's request log records about the caller.
var identifyingLogFields = []string{"userIP", "remoteIP", "referer", "userAgent"}

// registerLogPrivacy keeps readers and people asking for help anonymous in the request log.
// PocketBase logs the caller's IP, referring page and browser with every request; for a
// member of the public reading about ketamine or asking for a callback, that row would tie
// them to their health. The fields are kept only for staff and superuser requests (an audit
// aid), and never for any lead route, whoever calls it.
func registerLogPrivacy(app core.App) {
	app.OnModelCreate(core.LogsTableName).BindFunc(func(e *core.ModelEvent) error {
		if l, ok := e.Model.(*core.Log); ok && l.Data != nil {
			auth, _ := l.Data["auth"].(string)
			staffRequest := auth == "staff" || auth == core.CollectionNameSuperusers
			if !staffRequest || isLeadRequestLog(e.App, l.Data) {
				for _, f := range identifyingLogFields {
					delete(l.Data, f)
				}
			}
		}
		return e.Next()
	})
}
