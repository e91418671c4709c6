package querygate

import (
	"net/url"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// CheckSubscription is Check for one realtime subscription of auth, such as
// `articles/*?options={"query":{"filter":"..."}}`: its options are read with PocketBase's
// own subscription parser, and its collection is the one whose records PocketBase
// broadcasts to it (the topic before "/", a name or an id). A topic that names no
// collection receives no records and is let through.
func CheckSubscription(cols Collections, auth *core.Record, sub string) validation.Errors {
	parsed := subscriptions.NewDefaultClient()
	parsed.Subscribe(sub)
	for s, options := range parsed.Subscriptions() {
		topic, _, _ := strings.Cut(s, "?")
		name, _, _ := strings.Cut(topic, "/")
		collection, err := cols.FindCachedCollectionByNameOrId(name)
		if err != nil {
			return nil
		}
		query := url.Values{}
		for k, v := range options.Query {
			query.Set(k, v)
		}
		return Check(cols, collection, auth, query)
	}
	return nil
}

// CheckBatch is Check for every sub-request of a batch of auth. Batch sub-requests run
// the record actions directly, without the router's middlewares, so their queries are
// matched against PocketBase's own table of batch actions (apis.ValidBatchActions) to find
// the collection each one acts on. A sub-request PocketBase would not run is let through
// (PocketBase refuses the batch).
func CheckBatch(cols Collections, auth *core.Record, batch []*core.InternalRequest) validation.Errors {
	for _, ir := range batch {
		collection, query := BatchTarget(cols, ir)
		if errs := Check(cols, collection, auth, query); errs != nil {
			return errs
		}
	}
	return nil
}

// BatchTarget is the collection one batch sub-request acts on and its query, or nil when it
// names none that exists.
func BatchTarget(cols Collections, ir *core.InternalRequest) (*core.Collection, url.Values) {
	full := strings.ToUpper(ir.Method) + " " + ir.URL
	for re := range apis.ValidBatchActions {
		m := re.FindStringSubmatch(full)
		if m == nil {
			continue
		}
		i := re.SubexpIndex("collection")
		u, err := url.Parse(ir.URL)
		if i < 0 || err != nil {
			return nil, nil
		}
		collection, err := cols.FindCachedCollectionByNameOrId(m[i])
		if err != nil {
			return nil, nil
		}
		return collection, u.Query()
	}
	return nil, nil
}
