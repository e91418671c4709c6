package comments

import (
	"math"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// answerKey marks, in memory only, a record answering a public submission.
const answerKey = "@comment_answer"

// Wording of the answer to a submission.
const (
	AwaitsModeration = "Thank you. Your comment will appear once a moderator has read it."
	adviceComment    = "If you need to talk to someone now, help is there:"
	adviceUrgent     = "Please do not wait for a reply here if you are in danger or might act on these thoughts now. Get help straight away:"
)

// clientFields are the fields a public create may set; everything else is the server's.
var clientFields = []string{"article", "display_name", "body"}

// GuardSubmission is the public create route: the honeypot (a filled website field gets the
// same answer and stores nothing), the rate limit per network (staff are not limited), and
// a pending comment with only article, display_name and body from the client, whatever was
// sent. The save hook (Prepare) then checks the article and computes the flags.
func (s *Service) GuardSubmission(e *core.RecordRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	limited := !staff.IsStaff(info.Auth) && (info.Auth == nil || !info.Auth.IsSuperuser())
	if limited && !s.limiter.Allow(s.key(e)) {
		return s.tooMany(e)
	}
	fresh := core.NewRecord(e.Record.Collection())
	for _, f := range clientFields {
		v, _ := info.Body[f].(string)
		fresh.Set(f, v)
	}
	for _, f := range clientFields {
		e.Record.Set(f, fresh.GetString(f))
	}
	for _, f := range []string{"reply", "moderated_by", "moderated_at", "original_body"} {
		e.Record.Set(f, "")
	}
	e.Record.Set("status", StatusPending)
	e.Record.Set("flags", []string{})
	e.Record.Set(answerKey, true)
	if website, _ := info.Body["website"].(string); strings.TrimSpace(website) != "" {
		return s.decoy(e)
	}
	return e.Next()
}

// decoy answers a filled honeypot as a real submission is answered, storing nothing. An
// invalid one is refused as a real one would be, so the answer tells a bot nothing.
func (s *Service) decoy(e *core.RecordRequestEvent) error {
	r := e.Record
	r.Id = core.GenerateDefaultRandomId()
	trimText(r)
	if err := CheckArticle(e.App, r.GetString("article"), s.now()); err != nil {
		return e.BadRequestError("Failed to create record.", err)
	}
	r.Set("flags", s.flags.Flags(r.GetString("body")))
	r.SetRaw("created", s.now().UTC().Format("2006-01-02 15:04:05.000Z"))
	r.SetRaw("updated", r.GetRaw("created"))
	if err := e.App.Validate(r); err != nil {
		return e.BadRequestError("Failed to create record.", err)
	}
	if err := apis.EnrichRecord(e.RequestEvent, r); err != nil {
		return err
	}
	return e.JSON(200, r)
}

// key is the caller's network, the rate limit's key.
func (s *Service) key(e *core.RecordRequestEvent) string { return leadsNetworkKey(e.RealIP()) }

// tooMany refuses a submission over the rate limit, saying in Retry-After when to retry.
func (s *Service) tooMany(e *core.RecordRequestEvent) error {
	wait := s.limiter.Wait(s.key(e))
	e.Response.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	return e.TooManyRequestsError("Too many comments from your network. Please try again in a few minutes.", nil)
}

// Enrich shapes a comment for its reader: the original body for staff only, and on the
// answer to a submission the note that it awaits moderation with the help contacts.
func (s *Service) Enrich(e *core.RecordEnrichEvent) error {
	if e.RequestInfo != nil && (staff.IsStaff(e.RequestInfo.Auth) || (e.RequestInfo.Auth != nil && e.RequestInfo.Auth.IsSuperuser())) {
		e.Record.Unhide("original_body")
	} else {
		// Who moderated it and what the heuristics held it for are the staff's business.
		e.Record.Hide("moderated_by", "flags")
	}
	if marked, _ := e.Record.GetRaw(answerKey).(bool); marked {
		e.Record.Hide(answerKey)
		urgent := false
		for _, f := range e.Record.GetStringSlice("flags") {
			urgent = urgent || f == FlagCrisis
		}
		advice := adviceComment
		if urgent {
			advice = adviceUrgent
		}
		e.Record.WithCustomData(true)
		e.Record.Set("message", AwaitsModeration)
		e.Record.Set("help", map[string]any{"emergency": s.cfg.EmergencyText, "advice": advice, "prominent": urgent})
	}
	return e.Next()
}
