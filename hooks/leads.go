package hooks

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// leadPersonalFields are the hidden callback_leads fields: shown to reviewers and admins only.
var leadPersonalFields = []string{"name", "phone", "email", "message", "consent_text", "source_url", "notes"}

// leadPublicFields are all an anonymous submitter gets back about their own lead.
var leadPublicFields = map[string]bool{"id": true, "preferred_time": true, "created": true}

// Limits of one public submission.
const (
	maxLeadMessage = 2000
	maxLeadName    = 100
)

// registerLeads binds the whole callback-lead workflow: save-level invariants, the public
// submission guard, the staff audit trail, notifications, retention and the /api/cms/leads routes.
func registerLeads(app core.App, cfg leads.Config) {
	limiter := leads.NewLimiter(cfg.RateLimit, cfg.RateWindow)

	app.OnRecordCreate(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := prepareNewLead(e.App, e.Record, cfg.DefaultRegion); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := prepareLeadUpdate(e.Record, cfg.DefaultRegion); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordDelete(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return leads.StripEvents(e.App, e.Record.Id)
	})
	app.OnRecordEnrich(leads.LeadsCollection).BindFunc(enrichLead)

	registerLeadEvents(app)
	registerLeadSubmission(app, cfg, limiter)
	registerLeadReview(app)
	registerLeadNotifications(app, cfg)
	registerLeadRetention(app, cfg)
	registerLeadRoutes(app, cfg)
}

// prepareNewLead overwrites the server-owned fields of a new lead (always new, unassigned, no
// notes), normalises the phone number and checks what the schema alone cannot express.
func prepareNewLead(app core.App, r *core.Record, region string) error {
	r.Set("status", leads.StatusNew)
	r.Set("assigned_to", "")
	r.Set("notes", "")
	r.Set("contacted_at", "")
	for _, f := range []string{"name", "phone", "email", "message", "consent_text", "source_url"} {
		r.Set(f, strings.TrimSpace(r.GetString(f)))
	}
	if r.GetString("preferred_time") == "" {
		r.Set("preferred_time", "asap")
	}

	errs := validation.Errors{}
	if err := normalizeLeadPhone(r, region); err != nil {
		errs["phone"] = err
	}
	if name := r.GetString("name"); name == "" {
		errs["name"] = validation.NewError("name_required", "Tell us what to call you.")
	} else if utf8.RuneCountInString(name) > maxLeadName {
		errs["name"] = validation.NewError("name_too_long", "The name must be at most 100 characters.")
	}
	if !r.GetBool("consent") {
		errs["consent"] = validation.NewError("consent_required", "Consent is needed before we can call you back.")
	}
	if r.GetString("consent_text") == "" {
		errs["consent_text"] = validation.NewError("consent_text_required", "The consent wording shown to the person is required.")
	}
	if utf8.RuneCountInString(r.GetString("message")) > maxLeadMessage {
		errs["message"] = validation.NewError("message_too_long", "The message must be at most 2,000 characters.")
	}
	if len(errs) == 0 {
		return nil
	}
	// Report the schema's own field errors (email, preferred_time ...) in the same answer.
	var schemaErrs validation.Errors
	if errors.As(app.Validate(r), &schemaErrs) {
		for k, v := range schemaErrs {
			if _, ok := errs[k]; !ok {
				errs[k] = v
			}
		}
	}
	return errs
}

// prepareLeadUpdate keeps the phone normalised and stamps contacted_at when a lead becomes contacted.
func prepareLeadUpdate(r *core.Record, region string) error {
	orig := r.Original()
	if r.GetString("phone") != orig.GetString("phone") {
		if err := normalizeLeadPhone(r, region); err != nil {
			return validation.Errors{"phone": err}
		}
	}
	if r.GetString("status") == leads.StatusContacted && orig.GetString("status") != leads.StatusContacted {
		r.Set("contacted_at", time.Now().UTC())
	}
	return nil
}

func normalizeLeadPhone(r *core.Record, region string) error {
	raw := r.GetString("phone")
	if strings.TrimSpace(raw) == "" {
		return validation.NewError("phone_required", "A phone number is required.")
	}
	e164, err := leads.NormalizePhone(raw, region)
	if err != nil {
		return validation.NewError("phone_invalid", "Enter a phone number we can call, with its country code if it is not a "+region+" number.")
	}
	r.Set("phone", e164)
	return nil
}

// canReviewLeads reports whether auth may list, view and update leads: reviewer and admin
// staff, and superusers.
func canReviewLeads(auth *core.Record) bool {
	if auth == nil {
		return false
	}
	if auth.IsSuperuser() {
		return true
	}
	role := auth.GetString("role")
	return auth.Collection().Name == "staff" && (role == "reviewer" || role == "admin")
}

// isLeadAdmin reports whether auth may delete and erase leads: admin staff and superusers.
func isLeadAdmin(auth *core.Record) bool {
	if auth == nil {
		return false
	}
	return auth.IsSuperuser() || (auth.Collection().Name == "staff" && auth.GetString("role") == "admin")
}

// enrichLead shows the personal fields to reviewers and admins only; anyone else (the
// anonymous submitter above all) gets nothing back but the lead's id, preferred time and creation time.
func enrichLead(e *core.RecordEnrichEvent) error {
	var auth *core.Record
	if e.RequestInfo != nil {
		auth = e.RequestInfo.Auth
	}
	if canReviewLeads(auth) {
		e.Record.Unhide(leadPersonalFields...)
		return e.Next()
	}
	var hide []string
	for _, f := range e.Record.Collection().Fields.FieldNames() {
		if !leadPublicFields[f] {
			hide = append(hide, f)
		}
	}
	e.Record.Hide(hide...)
	return e.Next()
}
