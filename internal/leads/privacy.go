package leads

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// identifyingLogFields are what PocketBase's request log records about the caller.
var identifyingLogFields = []string{"userIP", "remoteIP", "referer", "userAgent"}

// ScrubRequestLog keeps readers and people asking for help anonymous in the request log, given
// the data of a log row about to be written. PocketBase logs the caller's IP, referring page
// and browser with every request; for a member of the public reading about ketamine or asking
// for a callback, that row would tie them to their health. The fields are kept only for staff
// and superuser requests (an audit aid), and never for any lead request, whoever made it.
func ScrubRequestLog(app core.App, data map[string]any) {
	auth, _ := data["auth"].(string)
	staffRequest := auth == staff.Collection || auth == core.CollectionNameSuperusers
	if staffRequest && !isLeadRequestLog(app, data) {
		return
	}
	for _, f := range identifyingLogFields {
		delete(data, f)
	}
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
		if name == LeadsCollection || name == EventsCollection {
			return true
		}
		col, err := app.FindCachedCollectionByNameOrId(name)
		return err == nil && (col.Name == LeadsCollection || col.Name == EventsCollection)
	}
	return false
}
