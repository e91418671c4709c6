package leads

import (
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// CloseReasons are the values of close_reason: why a closed lead was closed.
var CloseReasons = []string{"reached", "no_answer", "wrong_number", "duplicate", "not_wanted", "referred", "spam"}

// Audit actions of the queue, written to lead_events beside those of events.go.
const (
	ActionCloseReason = "close_reason"
	ActionAttempt     = "attempt"
	ActionOverdue     = "overdue"
)

// prepareQueueNew derives a new lead's queue fields: its time zone (the one sent, checked
// against the tz database, or the phone number's country's), its due time from the clock,
// the zone and preferred_time, and no overdue flag or close reason whatever was sent. A zone
// that is not known is added to errs; a missing one is never an error.
func (s *Service) prepareQueueNew(r *core.Record, errs validation.Errors) {
	r.Set("overdue", false)
	r.Set("close_reason", "")
	now := s.now().UTC()
	r.Set("due_at", now)
	zone := strings.TrimSpace(r.GetString("timezone"))
	if zone == "" {
		if errs["phone"] != nil {
			return // the phone's error is the one to fix first
		}
		zone = s.zoneForPhoneOf(r)
	}
	loc, err := LoadZone(zone)
	if err != nil {
		errs["timezone"] = timezoneInvalid()
		return
	}
	r.Set("timezone", zone)
	r.Set("due_at", DueAt(now, loc, r.GetString("preferred_time")).UTC())
}

// zoneForPhoneOf is ZoneForPhone for r's phone, from the country normalizePhoneField found
// when it has checked the number.
func (s *Service) zoneForPhoneOf(r *core.Record) string {
	if p, ok := phoneChecked(r, s.cfg.DefaultRegion); ok {
		return zoneForCountry(p.country, s.cfg.DefaultRegion)
	}
	return ZoneForPhone(r.GetString("phone"), s.cfg.DefaultRegion)
}

// prepareQueueUpdate keeps a lead's queue fields true on every update. The due time is the
// server's: recomputed from now when staff change the preferred time or the zone, kept
// otherwise. The overdue flag is only ever set by the SLA sweep and stays only while the lead
// is new and unassigned. A lead becoming closed needs a close reason, which other statuses
// do not keep.
func (s *Service) prepareQueueUpdate(r *core.Record) error {
	orig := r.Original()
	errs := validation.Errors{}
	zone := strings.TrimSpace(r.GetString("timezone"))
	retime := r.GetString("preferred_time") != orig.GetString("preferred_time") ||
		(zone != "" && zone != orig.GetString("timezone"))
	if zone == "" {
		zone = ZoneForPhone(r.GetString("phone"), s.cfg.DefaultRegion)
	}
	r.Set("timezone", zone)
	r.Set("due_at", orig.Get("due_at"))
	if loc, err := LoadZone(zone); err != nil {
		errs["timezone"] = timezoneInvalid()
	} else if retime {
		r.Set("due_at", DueAt(s.now(), loc, r.GetString("preferred_time")).UTC())
	}

	status := r.GetString("status")
	r.Set("overdue", orig.GetBool("overdue") && status == StatusNew && r.GetString("assigned_to") == "")
	switch {
	case status != StatusClosed:
		r.Set("close_reason", "")
	case r.GetString("close_reason") == "" && (orig.GetString("status") != StatusClosed || orig.GetString("close_reason") != ""):
		errs["close_reason"] = validation.NewError("close_reason_required", "Say why the lead is closed.")
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func timezoneInvalid() error {
	return validation.NewError("timezone_invalid", "Send an IANA time zone such as Europe/London.")
}

// AuditCloseReason records a change of close_reason made through the API. Bind it after
// AuditUpdate: it then runs inside that update's transaction, after the save.
func AuditCloseReason(e *core.RecordRequestEvent) error {
	before := e.Record.Original().GetString("close_reason")
	if err := e.Next(); err != nil {
		return err
	}
	after := e.Record.GetString("close_reason")
	if before == after {
		return nil
	}
	return RecordEvent(e.App, e.Record.Id, ActorFromAuth(e.Auth), ActionCloseReason, before, after)
}
