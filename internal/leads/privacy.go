package leads

import (
	"net/url"
	"path"
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
//
// A lead request's query string is never kept either (a failing submission may carry the
// person's name and phone there): its url is cut to the path.
func ScrubRequestLog(app core.App, data map[string]any) {
	auth, _ := data["auth"].(string)
	staffRequest := auth == staff.Collection || auth == core.CollectionNameSuperusers
	lead := isLeadRequestLog(app, data)
	if lead {
		if raw, ok := data["url"].(string); ok {
			data["url"], _, _ = strings.Cut(raw, "?")
		}
	}
	if staffRequest && !lead {
		return
	}
	for _, f := range identifyingLogFields {
		delete(data, f)
	}
}

// requestPath is the path of a logged URL as the router matched it: without the query,
// percent-decoded (callback%5Fleads is callback_leads), cleaned and case-folded (collection
// names match whatever their case).
func requestPath(raw string) string {
	p, _, _ := strings.Cut(raw, "?")
	p, _, _ = strings.Cut(p, "#")
	for range 3 { // double encoding (%255F) decodes in steps; the router decodes once
		decoded, err := url.PathUnescape(p)
		if err != nil || decoded == p {
			break
		}
		p = decoded
	}
	return strings.ToLower(path.Clean("/" + p))
}

// isLeadRequestLog reports whether a request log entry is about callback leads.
func isLeadRequestLog(app core.App, data map[string]any) bool {
	raw, _ := data["url"].(string)
	return raw != "" && isLeadRequest(app, raw)
}

// NoStore is router middleware that marks every answer about callback leads (the records of
// callback_leads and lead_events, the /api/cms/leads routes, batches) Cache-Control:
// no-store, so no browser, proxy or CDN keeps a copy of a person's request for help.
func NoStore(e *core.RequestEvent) error {
	if isLeadRequest(e.App, e.Request.URL.RequestURI()) {
		e.Response.Header().Set("Cache-Control", "no-store")
	}
	return e.Next()
}

// isLeadRequest reports whether the request URL raw is about callback leads (by collection
// name or id), the lead routes under /api/cms/leads, or a batch request that may contain leads.
func isLeadRequest(app core.App, raw string) bool {
	p := requestPath(raw)
	switch {
	case strings.HasPrefix(p, "/api/cms/leads"), strings.HasPrefix(p, "/api/batch"):
		return true
	case strings.HasPrefix(p, "/api/collections/"):
		name, _, _ := strings.Cut(strings.TrimPrefix(p, "/api/collections/"), "/")
		if name == LeadsCollection || name == EventsCollection || name == AttemptsCollection {
			return true
		}
		col, err := app.FindCachedCollectionByNameOrId(name)
		return err == nil && (col.Name == LeadsCollection || col.Name == EventsCollection || col.Name == AttemptsCollection)
	}
	return false
}
