package hooks

import (
	"database/sql"
	"errors"
	"maps"
	"net/http"
	"net/netip"
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
	if !canReviewLeads(e.Auth) {
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
	e.Set(leadRawBodyKey, maps.Clone(info.Body))
	return e.Next()
}

// registerLeadSubmission guards the public create route: types, honeypot, validation, rate
// limit, idempotent retries by id and merging of repeats, all before PocketBase saves anything.
// Whatever happens, a caller who cannot review leads gets the same receipt built from their own
// submission, so the answer never reveals whether a phone number or id is already known.
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
		limited := !info.HasSuperuserAuth() && !canReviewLeads(info.Auth)
		if website, _ := body["website"].(string); strings.TrimSpace(website) != "" {
			if limited && !limiter.Allow(limiterKey(e.RealIP())) {
				return tooManyLeads(e)
			}
			return respondLeadReceipt(e, leadReceipt(e.Collection, e.Record))
		}
		for _, f := range leadSubmittedFields {
			if v, ok := body[f].(string); ok {
				e.Record.Set(f, v)
			}
		}
		if err := validateLeadSubmission(e.App, e.Record, cfg.DefaultRegion); err != nil {
			return e.BadRequestError("Failed to create record.", err)
		}
		if limited && !limiter.Allow(limiterKey(e.RealIP())) {
			return tooManyLeads(e)
		}
		return createOrMergeLead(e, cfg)
	})
}

func tooManyLeads(e *core.RecordRequestEvent) error {
	return e.TooManyRequestsError("Too many callback requests from your network. Please try again in a few minutes, or call us directly.", nil)
}

// limiterKey groups IPv6 callers by their /64 network, which one household or phone can
// rotate addresses within; an IPv4 address stands alone.
func limiterKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil || !addr.Unmap().Is6() {
		return ip
	}
	prefix, err := addr.Prefix(64)
	if err != nil {
		return ip
	}
	return prefix.String()
}

// validateLeadSubmission runs every check a new lead gets (ours and the schema's) before the
// lead is compared with stored ones, so an invalid submission is refused the same way whether
// or not its phone number or id is already known.
func validateLeadSubmission(app core.App, r *core.Record, region string) error {
	if err := prepareNewLead(app, r, region); err != nil {
		return err
	}
	candidate := r.Clone()
	candidate.Id = core.GenerateDefaultRandomId() // the id's own check must not tell a retry apart
	return app.Validate(candidate)
}

// createOrMergeLead saves the lead, or recognises a retry or a repeat, in one transaction, so
// that a 2xx always means the submission is committed (PocketBase writes the create response
// only after the transaction commits).
func createOrMergeLead(e *core.RecordRequestEvent, cfg leads.Config) error {
	phone := e.Record.GetString("phone") // normalised by validateLeadSubmission
	submittedID := e.Record.Id
	receipt := false
	orig := e.App
	defer func() { e.App = orig }()
	err := orig.RunInTransaction(func(tx core.App) error {
		receipt = false
		if submittedID != "" {
			known, err := leadSubmissionKnown(tx, submittedID)
			if err != nil || known {
				receipt = known // a retry of a stored submission: nothing new is stored
				return err
			}
		}
		open, err := findOpenRepeat(tx, phone, cfg.MergeWindow)
		if err != nil {
			return err
		}
		if open != nil {
			receipt = true
			return mergeRepeat(tx, open, e.Record, submittedID)
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
	if receipt {
		return respondLeadReceipt(e, leadReceipt(e.Collection, e.Record))
	}
	return nil
}

// leadSubmissionKnown reports whether a submission with this client id was stored before,
// as a lead of its own or merged into an earlier one.
func leadSubmissionKnown(tx core.App, id string) (bool, error) {
	if _, err := tx.FindRecordById(leads.LeadsCollection, id); err == nil {
		return true, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	n, err := tx.CountRecords(leads.EventsCollection,
		dbx.HashExp{"action": leads.ActionMerge, "to": id})
	return n > 0, err
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

// mergeRepeat appends a repeat submission to the open lead for the same phone: its message and
// every detail that differs (another name on a shared phone, a new time to call), so nothing
// the person told us is lost. The merge event keeps the repeat's client id for retries.
func mergeRepeat(tx core.App, open, repeat *core.Record, submittedID string) error {
	open.Set("message", appendRepeat(open, repeat, time.Now().UTC()))
	if err := tx.Save(open); err != nil {
		return err
	}
	return leads.RecordEvent(tx, open.Id, leads.Actor{Name: "public"}, leads.ActionMerge, "", submittedID)
}

// appendRepeat returns open's message followed by a block describing repeat.
func appendRepeat(open, repeat *core.Record, at time.Time) string {
	var b strings.Builder
	if prev := open.GetString("message"); prev != "" {
		b.WriteString(prev)
		b.WriteString("\n\n")
	}
	b.WriteString("--- Repeat request at " + at.Format("2006-01-02 15:04") + " UTC")
	for _, f := range []struct{ field, label string }{
		{"name", "Name"}, {"email", "Email"}, {"preferred_time", "Preferred time"}, {"source_url", "Page"},
	} {
		if v := repeat.GetString(f.field); v != "" && v != open.GetString(f.field) {
			b.WriteString("\n" + f.label + ": " + v)
		}
	}
	if msg := repeat.GetString("message"); msg != "" {
		b.WriteString("\n" + msg)
	}
	return b.String()
}

// leadReceipt is an unsaved lead carrying only what the caller sent: their id (or a new one),
// their preferred time and the current time. It is the answer to every submission that does
// not create a lead of its own, shaped like a fresh create.
func leadReceipt(col *core.Collection, submitted *core.Record) *core.Record {
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
