package leads

import (
	"errors"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Limits of one public submission.
const (
	maxMessage = 2000
	maxName    = 100
)

// PrepareNew overwrites the server-owned fields of a new lead (always new, unassigned, no
// notes), trims the submitted text, normalises the phone number and checks what the schema
// alone cannot express. It belongs in a save-level hook: it must hold however a lead is
// created (API, dashboard, import, Go code).
func (s *Service) PrepareNew(app core.App, r *core.Record) error {
	r.Set("status", StatusNew)
	r.Set("assigned_to", "")
	r.Set("notes", "")
	r.Set("contacted_at", "")
	for _, f := range submittedFields {
		r.Set(f, strings.TrimSpace(r.GetString(f)))
	}
	if r.GetString("preferred_time") == "" {
		r.Set("preferred_time", "asap")
	}

	errs := validation.Errors{}
	if err := normalizePhoneField(r, s.cfg.DefaultRegion); err != nil {
		errs["phone"] = err
	}
	if name := r.GetString("name"); name == "" {
		errs["name"] = validation.NewError("name_required", "Tell us what to call you.")
	} else if utf8.RuneCountInString(name) > maxName {
		errs["name"] = validation.NewError("name_too_long", "The name must be at most 100 characters.")
	}
	if !r.GetBool("consent") {
		errs["consent"] = validation.NewError("consent_required", "Consent is needed before we can call you back.")
	}
	if r.GetString("consent_text") == "" {
		errs["consent_text"] = validation.NewError("consent_text_required", "The consent wording shown to the person is required.")
	}
	if utf8.RuneCountInString(r.GetString("message")) > maxMessage {
		errs["message"] = validation.NewError("message_too_long", "The message must be at most 2,000 characters.")
	}
	s.prepareQueueNew(r, errs)
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

// PrepareUpdate keeps the phone normalised and stamps contacted_at (from the service's clock)
// when a lead becomes contacted. Like PrepareNew it belongs in a save-level hook.
func (s *Service) PrepareUpdate(r *core.Record) error {
	orig := r.Original()
	if r.GetString("phone") != orig.GetString("phone") {
		if err := normalizePhoneField(r, s.cfg.DefaultRegion); err != nil {
			return validation.Errors{"phone": err}
		}
	}
	if r.GetString("status") == StatusContacted && orig.GetString("status") != StatusContacted {
		r.Set("contacted_at", s.now().UTC())
	}
	return s.prepareQueueUpdate(r)
}

// normalizePhoneField stores r's phone in E.164 form, or returns the field error to show.
// A new lead is prepared twice (before it is compared with stored leads, and when it is
// saved); the number checked the first time is remembered on the record, in memory only, so
// the second time does not parse it again unless it was changed in between.
func normalizePhoneField(r *core.Record, region string) error {
	raw := r.GetString("phone")
	if p, ok := phoneChecked(r, region); ok && p.e164 == raw {
		return nil
	}
	if strings.TrimSpace(raw) == "" {
		return validation.NewError("phone_required", "A phone number is required.")
	}
	p, err := parsePhone(raw, region)
	if err != nil {
		return validation.NewError("phone_invalid", "Enter a phone number we can call, with its country code if it is not a "+region+" number.")
	}
	r.Set("phone", p.e164)
	r.Set(phoneCheckedKey, p)
	return nil
}

// phoneCheckedKey holds, in memory only, the checkedPhone of a record's current number. Its
// value is a Go type no request body, import or JSON can produce, so it cannot be forged.
const phoneCheckedKey = "@lead_phone_checked"

// phoneChecked returns what normalizePhoneField found for r's current phone with region, if
// it has checked it.
func phoneChecked(r *core.Record, region string) (checkedPhone, bool) {
	p, ok := r.Get(phoneCheckedKey).(checkedPhone)
	if !ok || p.region != region || p.e164 != r.GetString("phone") {
		return checkedPhone{}, false
	}
	return p, true
}
