package leads

import (
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// BatchMessage answers a batch that tries to create a callback lead.
const BatchMessage = "Callback leads cannot be created in a batch: send each one to POST /api/collections/callback_leads/records."

// RefuseInBatch returns field errors when a batch sub-request with method would create (or
// upsert) a lead in collection. A lead's intake (its rate limit, repeat handling and
// receipt) belongs to the single create route; inside a batch it would fail with misleading
// "missing field" errors.
func RefuseInBatch(method string, collection *core.Collection) validation.Errors {
	if collection == nil || collection.Name != LeadsCollection {
		return nil
	}
	m := strings.ToUpper(method)
	if m != http.MethodPost && m != http.MethodPut {
		return nil
	}
	return validation.Errors{"requests": validation.NewError("leads_not_batchable", BatchMessage)}
}
