package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"recoverycms/hooks/hookstest"
)

// TestLeadsAreNotCreatedInABatch: with the batch API on, a batch that creates a lead (by
// collection name or id, POST or upsert) is refused as a whole, saying why, and stores nothing.
func TestLeadsAreNotCreatedInABatch(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	settings := app.Settings()
	settings.Batch.Enabled = true
	must(t, app.Save(settings))
	leadsCol, err := app.FindCollectionByNameOrId("callback_leads")
	must(t, err)
	h := serveMux(t, app)
	for _, c := range []struct{ method, url string }{
		{"POST", "/api/collections/callback_leads/records"},
		{"POST", "/api/collections/" + leadsCol.Id + "/records"},
		{"PUT", "/api/collections/callback_leads/records"},
	} {
		body, _ := json.Marshal(map[string]any{"requests": []map[string]any{
			{"method": c.method, "url": c.url, "body": validLead(nil)},
		}})
		status, text := sendText(h, http.MethodPost, "/api/batch", "", string(body))
		if status != http.StatusBadRequest || !strings.Contains(text, `"code":"leads_not_batchable"`) ||
			!strings.Contains(text, "cannot be created in a batch") {
			t.Errorf("%s %s in a batch: %d %s", c.method, c.url, status, text)
		}
	}
	if n, err := app.CountRecords("callback_leads"); err != nil || n != 0 {
		t.Fatalf("%d leads stored (%v)", n, err)
	}
}
