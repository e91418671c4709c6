package hooks

import (
	"database/sql"
	"errors"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/leads"
)

// leadTextFields are the body fields that must be text when sent at all.
var leadTextFields = []string{"id", "name", "phone", "email", "preferred_time", "message", "consent_text", "article", "source_url", "website"}

// leadSubmittedFields are the hidden fields a submitter may fill; PocketBase loads hidden fields
// for superusers only, so the hook copies them from the body.
var leadSubmittedFields = []string{"name", "phone", "email", "message", "consent_text", "source_url"}

// leadRawBodyKey is where captureLeadBody keeps the submitted body, hidden fields included.
const leadRawBodyKey = "rcmsLeadRawBody"

// maxLeadBodyBytes bounds a lead create or update body, far above any real form.
const maxLeadBodyBytes = 64 << 10

// leadBodyPatterns are the route patterns of the stock record create and update APIs.
var leadBodyPatterns = map[string]bool{
	"POST /api/collections/{collection}/records":       true,
	"PATCH /api/collections/{collection}/records/{id}": true,
}

// captureLeadBody keeps a copy of a lead create or update body before PocketBase drops the hidden
// fields from it, and answers a body that is not valid JSON (or form data) with a clear 400.
func captureLeadBody(e *core.RequestEvent) error {
	if !leadBodyPatterns[e.Request.Pattern] {
		return e.Next()
	}
	col, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || col.Name != leads.LeadsCollection {
		return e.Next()
	}
	if e.Request.ContentLength > maxLeadBodyBytes {
		return e.Error(http.StatusRequestEntityTooLarge, "The callback request is too large.", nil)
	}
	e.Request.Body = http.MaxBytesReader(e.Response, e.Request.Body, maxLeadBodyBytes)
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("The request body must be a JSON object (or form data) with the callback request's fields.", nil)
	}
	e.Set(leadRawBodyKey, maps.Clone(info.Body))
	return e.Next()
}

// registerLeadSubmission guards the public create route: types, rate limit, honeypot,
// idempotent retries by id and merging of repeats, all before PocketBase saves anything.
func registerLeadSubmission(app core.App, cfg leads.Config, limiter *leads.Limiter) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(captureLeadBody)
		return se.Next()
	})
	app.OnRecordCreateRequest(leads.LeadsCollection).BindFunc(func(e *core.RecordRequestEvent) error {
		info, err := e.RequestInfo()
		if err != nil {
			return e.BadRequestError("The submitted data could not be read.", err)
		}
		body, ok := e.Get(leadRawBodyKey).(map[string]any)
		if !ok {
			body = info.Body
		}
		if errs := checkLeadBodyTypes(body); errs != nil {
			return e.BadRequestError("Some fields have the wrong type.", errs)
		}
		if !info.HasSuperuserAuth() && !limiter.Allow(e.RealIP()) {
			return e.TooManyRequestsError("Too many callback requests from your network. Please try again in a few minutes, or call us directly.", nil)
		}
		if website, _ := body["website"].(string); strings.TrimSpace(website) != "" {
			return respondLeadReceipt(e, honeypotReceipt(e.Collection, e.Record))
		}
		for _, f := range leadSubmittedFields {
			if v, ok := body[f].(string); ok {
				e.Record.Set(f, v)
			}
		}
		return createOrMergeLead(e, cfg)
	})
}

// createOrMergeLead saves the lead, or answers for an already stored one, in one transaction,
// so that a 2xx always means the lead is committed (PocketBase writes the create response only
// after the transaction commits).
func createOrMergeLead(e *core.RecordRequestEvent, cfg leads.Config) error {
	phone, phoneErr := leads.NormalizePhone(e.Record.GetString("phone"), cfg.DefaultRegion)
	var answered *core.Record
	orig := e.App
	defer func() { e.App = orig }()
	err := orig.RunInTransaction(func(tx core.App) error {
		answered = nil
		if id := e.Record.Id; id != "" {
			existing, err := tx.FindRecordById(leads.LeadsCollection, id)
			if err == nil {
				answered = existing // a retry of a stored lead: nothing new is stored
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if phoneErr == nil {
			open, err := findOpenRepeat(tx, phone, cfg.MergeWindow)
			if err != nil {
				return err
			}
			if open != nil {
				answered = open
				return mergeRepeat(tx, open, e.Record, cfg.DefaultRegion)
			}
		}
		e.App = tx
		return e.Next()
	})
	if err != nil {
		var verrs validation.Errors
		if errors.As(err, &verrs) {
			return e.BadRequestError("Failed to create record.", verrs)
		}
		return err
	}
	if answered != nil {
		return respondLeadReceipt(e, answered)
	}
	return nil
}

// findOpenRepeat returns the open lead with phone created within window, or nil.
func findOpenRepeat(tx core.App, phone string, window time.Duration) (*core.Record, error) {
	since, err := types.ParseDateTime(time.Now().Add(-window))
	if err != nil {
		return nil, err
	}
	found, err := tx.FindFirstRecordByFilter(leads.LeadsCollection,
		"phone = {:phone} && created >= {:since} && (status = {:new} || status = {:contacted} || status = {:scheduled})",
		dbx.Params{"phone": phone, "since": since.String(), "new": leads.StatusNew,
			"contacted": leads.StatusContacted, "scheduled": leads.StatusScheduled})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return found, err
}

// mergeRepeat validates the repeat as if it were a new lead, then appends its message to open.
func mergeRepeat(tx core.App, open, repeat *core.Record, region string) error {
	if err := prepareNewLead(tx, repeat, region); err != nil {
		return err
	}
	if msg := repeat.GetString("message"); msg != "" {
		if prev := open.GetString("message"); prev != "" {
			msg = prev + "\n\n---\n\n" + msg
		}
		open.Set("message", msg)
	}
	if err := tx.Save(open); err != nil {
		return err
	}
	return leads.RecordEvent(tx, open.Id, leads.Actor{Name: "public"}, leads.ActionMerge, "", "")
}

// honeypotReceipt is an unsaved lead that looks like a fresh one to the caller.
func honeypotReceipt(col *core.Collection, submitted *core.Record) *core.Record {
	r := core.NewRecord(col)
	r.Id = submitted.Id
	if r.Id == "" {
		r.Id = core.GenerateDefaultRandomId()
	}
	r.Set("preferred_time", submitted.GetString("preferred_time"))
	if r.GetString("preferred_time") == "" {
		r.Set("preferred_time", "asap")
	}
	r.SetRaw("created", types.NowDateTime())
	return r
}

// respondLeadReceipt answers with the same shape as a fresh create (enriched for the caller).
func respondLeadReceipt(e *core.RecordRequestEvent, r *core.Record) error {
	r = r.Clone()
	if err := apis.EnrichRecord(e.RequestEvent, r); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(200, r)
}

// checkLeadBodyTypes refuses values of the wrong JSON type instead of silently casting them.
func checkLeadBodyTypes(body map[string]any) validation.Errors {
	errs := validation.Errors{}
	for _, f := range leadTextFields {
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
