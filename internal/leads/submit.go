package leads

import (
	"math"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// submittedFields are the hidden fields a submitter may fill; PocketBase loads hidden fields
// for superusers only, so GuardSubmission copies them from the body.
var submittedFields = []string{"name", "phone", "email", "message", "consent_text", "source_url"}

// GuardSubmission is the first step of the public create route: types, honeypot, validation
// and rate limit, before anything is compared with stored leads; CreateOrMerge is the next.
// A filled honeypot gets the same receipt as a real submission, so a bot learns nothing.
func (s *Service) GuardSubmission(e *core.RecordRequestEvent) error {
	info, body, err := readBody(e)
	if err != nil {
		return err
	}
	limited := !staff.Has(info.Auth, staff.LeadReviewers...)
	if website, _ := body["website"].(string); strings.TrimSpace(website) != "" {
		if limited && !s.allow(e) {
			return s.tooManyLeads(e)
		}
		return respondReceipt(e)
	}
	copyText(e.Record, body, submittedFields)
	if err := s.validateSubmission(e.App, e.Record); err != nil {
		return e.BadRequestError("Failed to create record.", err)
	}
	if limited && !s.allow(e) {
		return s.tooManyLeads(e)
	}
	return e.Next()
}

// allow counts one submission from the caller's network against the rate limit.
func (s *Service) allow(e *core.RecordRequestEvent) bool {
	return s.limiter.Allow(limiterKey(e.RealIP()))
}

// tooManyLeads refuses a submission over the rate limit, saying in Retry-After (seconds) when
// the caller's network may send again.
func (s *Service) tooManyLeads(e *core.RecordRequestEvent) error {
	wait := s.limiter.Wait(limiterKey(e.RealIP()))
	e.Response.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	return e.TooManyRequestsError("Too many callback requests from your network. Please try again in a few minutes, or call us directly.", nil)
}

// validateSubmission runs every check a new lead gets (ours and the schema's) before the lead
// is compared with stored ones, so an invalid submission is refused the same way whether or
// not its phone number or id is already known.
func (s *Service) validateSubmission(app core.App, r *core.Record) error {
	if err := s.PrepareNew(app, r); err != nil {
		return err
	}
	candidate := r.Clone()
	candidate.Id = core.GenerateDefaultRandomId() // the id's own check must not tell a retry apart
	return app.Validate(candidate)
}
