package contentapi

import (
	_ "embed"
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"
)

// openAPIDocument describes every /api/cms/ endpoint and the feeds (OpenAPI 3.1).
//
//go:embed openapi.json
var openAPIDocument []byte

// serveOpenAPI answers GET /api/cms/openapi.json, with the app URL as the server.
func (api *API) serveOpenAPI(e *core.RequestEvent) (string, []byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		return "", nil, err
	}
	doc["servers"] = []map[string]string{{"url": api.urls(e.App).Site()}}
	return jsonBody(doc)
}
