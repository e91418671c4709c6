package hooks

import (
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
	"recoverycms/internal/querygate"
)

// bindQueryGate refuses, for everyone but superusers, filters, sorts, expands and fields
// that reach a collection the caller may not read in full (querygate says when), at every
// entry point that reads them:
//
//  1. the records and auth routes (/api/collections/{collection}/...), before the action
//     runs any query;
//  2. batch requests, whose sub-requests skip the router's middlewares;
//  3. realtime subscriptions, whose options carry a filter, expand and fields;
//  4. each realtime message as it is sent, checked again with the client's auth of that
//     moment, so a subscription made before a role was lowered stops receiving.
func bindQueryGate(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(gateRecordQuery)
		return se.Next()
	})
	app.OnBatchRequest().BindFunc(func(e *core.BatchRequestEvent) error {
		if errs := querygate.CheckBatch(e.App, e.Auth, e.Batch); errs != nil {
			return e.BadRequestError(querygate.MessageOf(errs), errs)
		}
		for _, ir := range e.Batch {
			collection, _ := querygate.BatchTarget(e.App, ir)
			if errs := leads.RefuseInBatch(ir.Method, collection); errs != nil {
				return e.BadRequestError(leads.BatchMessage, errs)
			}
		}
		return e.Next()
	})
	app.OnRealtimeSubscribeRequest().BindFunc(func(e *core.RealtimeSubscribeRequestEvent) error {
		for _, sub := range e.Subscriptions {
			if errs := querygate.CheckSubscription(e.App, e.Auth, sub); errs != nil {
				return e.BadRequestError(querygate.MessageOf(errs), errs)
			}
		}
		return e.Next()
	})
	app.OnRealtimeMessageSend().BindFunc(func(e *core.RealtimeMessageEvent) error {
		auth, _ := e.Client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		if querygate.CheckSubscription(e.App, auth, e.Message.Name) != nil {
			return nil // dropped: the subscription is no longer allowed to this client
		}
		return e.Next()
	})
}

// gateRecordQuery is the router middleware of step 1.
func gateRecordQuery(e *core.RequestEvent) error {
	name := e.Request.PathValue("collection")
	if name == "" || !strings.HasPrefix(e.Request.URL.Path, "/api/collections/") {
		return e.Next()
	}
	collection, err := e.App.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return e.Next() // PocketBase answers 404
	}
	if errs := querygate.Check(e.App, collection, e.Auth, e.Request.URL.Query()); errs != nil {
		return e.BadRequestError(querygate.MessageOf(errs), errs)
	}
	return e.Next()
}
