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

// Enrich decides who sees which field of a lead: reviewers and admins see the personal fields;
// anyone else (the anonymous submitter above all) gets nothing back but the lead's id,
// preferred time and creation time.
func Enrich(e *core.RecordEnrichEvent) error {
	if staff.Has(enrichAuth(e), staff.LeadReviewers...) {
		e.Record.Unhide(personalFields...)
		return e.Next()
	}
	var hide []string
	for _, f := range e.Record.Collection().Fields.FieldNames() {
		if !publicFields[f] {
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
