package hooks

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

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

// isLeadRequestLog reports whether a request log entry is about callback leads (by collection
// name or id), the lead routes under /api/cms/leads, or a batch request that may contain leads.
func isLeadRequestLog(app core.App, data map[string]any) bool {
	url, _ := data["url"].(string)
	if url == "" {
		return false
	}
	path, _, _ := strings.Cut(url, "?")
	switch {
	case strings.HasPrefix(path, "/api/cms/leads"), strings.HasPrefix(path, "/api/batch"):
		return true
	case strings.HasPrefix(path, "/api/collections/"):
		name, _, _ := strings.Cut(strings.TrimPrefix(path, "/api/collections/"), "/")
		if name == leads.LeadsCollection || name == leads.EventsCollection {
			return true
		}
		col, err := app.FindCachedCollectionByNameOrId(name)
		return err == nil && (col.Name == leads.LeadsCollection || col.Name == leads.EventsCollection)
	}
	return false
}
