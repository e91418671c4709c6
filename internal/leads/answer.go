package leads

import (
	"github.com/pocketbase/pocketbase/core"
)

// answerKey holds, in memory only, what the answer to a submission adds to the receipt.
const answerKey = "@lead_answer"

// Advice shown with the emergency contacts in the answer to a submission.
const (
	adviceCallback = "Thank you. A counsellor will call you back as soon as they can. If you need help before then, it is there now:"
	adviceUrgent   = "Please do not wait for our call if you are in danger or might act on these thoughts now. Get help straight away:"
)

// submissionAnswer is what every answer to a submission carries besides the receipt: whether
// its message reads as a crisis and the emergency and crisis contacts, more prominently
// worded when it does. It is built from the submission alone (like the receipt), so it is the
// same for a new lead, a retry, a repeat and a honeypot hit.
type submissionAnswer struct {
	urgent bool
	help   map[string]any
}

// PrepareAnswer is the first step of the public create route: it notes on the submission
// what its answer will add (see submissionAnswer), from the message as sent.
func (s *Service) PrepareAnswer(e *core.RecordRequestEvent) error {
	body, ok := e.Get(rawBodyKey).(map[string]any)
	if !ok {
		if info, err := e.RequestInfo(); err == nil {
			body = info.Body
		}
	}
	message, _ := body["message"].(string)
	urgent := s.crisis.Match(message)
	advice := adviceCallback
	if urgent {
		advice = adviceUrgent
	}
	e.Record.Set(answerKey, &submissionAnswer{urgent: urgent,
		help: map[string]any{"emergency": s.cfg.EmergencyText, "advice": advice, "prominent": urgent}})
	return e.Next()
}

// carryAnswer copies the noted answer of a submission to the record answering it.
func carryAnswer(to, from *core.Record) {
	if a, ok := from.GetRaw(answerKey).(*submissionAnswer); ok {
		to.Set(answerKey, a)
	}
}

// showAnswer adds urgent and help to a record answering a submission and reports whether it
// is one.
func showAnswer(r *core.Record) bool {
	a, ok := r.GetRaw(answerKey).(*submissionAnswer)
	if !ok {
		return false
	}
	r.Hide(answerKey)
	r.WithCustomData(true)
	r.Set("urgent", a.urgent)
	r.Set("help", a.help)
	return true
}
