package leads

import (
	"maps"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// textFields are the body fields that must be text when sent at all.
var textFields = []string{"id", "name", "phone", "email", "preferred_time", "message", "consent_text", "article", "source_url", "website", "timezone"}

// rawBodyKey is where CaptureBody keeps the submitted body, hidden fields included.
const rawBodyKey = "rcmsLeadRawBody"

// maxBodyBytes bounds a lead create or update body, far above any real form.
const maxBodyBytes = 64 << 10

// bodyPatterns are the route patterns of the stock record create and update APIs.
var bodyPatterns = map[string]bool{
	"POST /api/collections/{collection}/records":       true,
	"PATCH /api/collections/{collection}/records/{id}": true,
}

// CaptureBody is router middleware that keeps a copy of a lead create or update body before
// PocketBase drops the hidden fields from it (it loads them for superusers only), and answers
// a body that is not valid JSON (or form data) with a clear 400. Every other request passes.
func CaptureBody(e *core.RequestEvent) error {
	if !bodyPatterns[e.Request.Pattern] {
		return e.Next()
	}
	col, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || col.Name != LeadsCollection {
		return e.Next()
	}
	if e.Request.ContentLength > maxBodyBytes {
		return e.Error(http.StatusRequestEntityTooLarge, "The callback request is too large.", nil)
	}
	e.Request.Body = http.MaxBytesReader(e.Response, e.Request.Body, maxBodyBytes)
	if !staff.Has(e.Auth, staff.LeadReviewers...) {
		// Nothing but the receipt goes back: no expanded relations, no field selection. This
		// must happen before the request info (which keeps the query) is first read.
		q := e.Request.URL.Query()
		q.Del("expand")
		q.Del("fields")
		e.Request.URL.RawQuery = q.Encode()
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("The request body must be a JSON object (or form data) with the callback request's fields.", nil)
	}
	e.Set(rawBodyKey, maps.Clone(info.Body))
	return e.Next()
}

// readBody returns the request info and the body CaptureBody kept (the request info's body
// when it kept none), refusing values of the wrong JSON type instead of silently casting them.
// The error is the answer to send.
func readBody(e *core.RecordRequestEvent) (*core.RequestInfo, map[string]any, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return nil, nil, e.BadRequestError("The submitted data could not be read.", err)
	}
	body, ok := e.Get(rawBodyKey).(map[string]any)
	if !ok {
		body = info.Body
	}
	if errs := checkBodyTypes(body); errs != nil {
		return nil, nil, e.BadRequestError("Some fields have the wrong type.", errs)
	}
	return info, body, nil
}

// copyText sets r's fields from the text values body has for them.
func copyText(r *core.Record, body map[string]any, fields []string) {
	for _, f := range fields {
		if v, ok := body[f].(string); ok {
			r.Set(f, v)
		}
	}
}

// checkBodyTypes returns a type_invalid error for every text or consent field of another type.
func checkBodyTypes(body map[string]any) validation.Errors {
	errs := validation.Errors{}
	for _, f := range textFields {
		if v, ok := body[f]; ok && v != nil {
			if _, isText := v.(string); !isText {
				errs[f] = validation.NewError("type_invalid", "Must be text.")
			}
		}
	}
	switch v := body["consent"].(type) {
	case nil, bool:
	case string:
		if v != "true" && v != "false" && v != "on" && v != "" {
			errs["consent"] = validation.NewError("type_invalid", "Must be true or false.")
		}
	default:
		errs["consent"] = validation.NewError("type_invalid", "Must be true or false.")
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}
