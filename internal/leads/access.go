package leads

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// personalFields are the hidden callback_leads fields: shown to reviewers and admins only.
var personalFields = []string{"name", "phone", "email", "message", "consent_text", "source_url", "notes"}

// publicFields are all an anonymous submitter gets back about their own lead.
var publicFields = map[string]bool{"id": true, "preferred_time": true, "created": true}

// eventStaffFields are the hidden lead_events fields shown to reviewers and admins.
var eventStaffFields = []string{"staff", "from", "to"}

// auditedKey marks, in memory only, a lead record that an audited request is answering: the
// single view, which writes a view event first. An update's answer is not one (an empty
// update records nothing), so it gets the masked row; the panel reloads the audited view.
const auditedKey = "@lead_audited"

// MarkAudited notes that r is answered by an audited request: Enrich may show its personal
// fields to reviewers and admins.
func MarkAudited(r *core.Record) { r.Set(auditedKey, true) }

// Enrich decides who sees which field of a lead. Reviewers and admins see the personal fields
// only where the look is recorded: the single view. Everywhere else (updates included,
// lists, filters on one id, realtime events, expands from other collections) they get an
// inbox row: the lead without personal fields, plus name_masked ("S•••") and phone_last3.
// Anyone else (the anonymous submitter above all) gets nothing back but the lead's id,
// preferred time and creation time, and, answering a submission, urgent and help (answer.go).
func Enrich(e *core.RecordEnrichEvent) error {
	answer := showAnswer(e.Record) // the answer to a submission: urgent and help
	if staff.Has(enrichAuth(e), staff.LeadReviewers...) {
		audited := e.Record.GetBool(auditedKey)
		e.Record.Hide(auditedKey)
		if audited {
			e.Record.Unhide(personalFields...)
			repeats, err := Repeats(e.App, e.Record.Id)
			if err != nil {
				return err
			}
			history, err := OptOutHistory(e.App, e.Record)
			if err != nil {
				return err
			}
			e.Record.WithCustomData(true)
			e.Record.Set("repeats", repeats)
			e.Record.Set("opt_out_history", history)
			return e.Next()
		}
		e.Record.Hide(personalFields...)
		e.Record.WithCustomData(true)
		e.Record.Set("name_masked", MaskName(e.Record.GetString("name")))
		e.Record.Set("phone_last3", lastDigits(e.Record.GetString("phone"), 3))
		return e.Next()
	}
	var hide []string
	for _, f := range e.Record.Collection().Fields.FieldNames() {
		if !publicFields[f] && !(answer && f == "urgent") {
			hide = append(hide, f)
		}
	}
	e.Record.Hide(hide...)
	return e.Next()
}

// EnrichEvent shows reviewers and admins who made an audit entry and what it changed.
func EnrichEvent(e *core.RecordEnrichEvent) error {
	if staff.Has(enrichAuth(e), staff.LeadReviewers...) {
		e.Record.Unhide(eventStaffFields...)
		for _, f := range []string{"from", "to"} {
			e.Record.Set(f, openStored("event_"+f, e.Record.GetString(f)))
		}
	}
	return e.Next()
}

// enrichAuth is the caller a record is enriched for, or nil outside a request.
func enrichAuth(e *core.RecordEnrichEvent) *core.Record {
	if e.RequestInfo == nil {
		return nil
	}
	return e.RequestInfo.Auth
}

// MaskName keeps the first letter of a name and hides the rest: enough to tell rows apart in
// an inbox, not enough to identify anyone.
func MaskName(name string) string {
	for _, r := range name {
		return string(r) + "•••"
	}
	return ""
}

// lastDigits returns the last n digits of phone, or all of them when it has fewer.
func lastDigits(phone string, n int) string {
	var digits []rune
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits = append(digits, r)
		}
	}
	if len(digits) > n {
		digits = digits[len(digits)-n:]
	}
	return string(digits)
}
