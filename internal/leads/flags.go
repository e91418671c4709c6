package leads

import "github.com/pocketbase/pocketbase/core"

// serverFlagFields are the fields of a lead only the server sets: the consent ledger, the
// opt-out and the crisis flag. Nothing a client sends (on create or update, staff and
// dashboard included) changes them.
var serverFlagFields = []string{"consent_version", "consent_hash", "consent_at", "consent_unmatched",
	"do_not_contact", "opted_out_at", "previously_opted_out", "urgent"}

// serverWriteKey marks, in memory only, a lead whose flags the server itself is changing
// (OptOut, a repeat's crisis flag): KeepServerFlags lets that save through.
const serverWriteKey = "@lead_server_write"

// StampNew sets the server-owned flags of a new lead, overwriting whatever was sent: the
// consent ledger (stampConsent), previously_opted_out when the number was opted out before,
// urgent when the message contains a crisis phrase, and no opt-out of its own. Like
// PrepareNew, which must run first, it belongs in a save-level create hook.
func (s *Service) StampNew(app core.App, r *core.Record) error {
	r.Set("do_not_contact", false)
	r.Set("opted_out_at", "")
	r.Set("urgent", s.crisis.Match(r.GetString("message")))
	optedOut, err := previouslyOptedOut(app, r.GetString("phone"))
	if err != nil {
		return err
	}
	r.Set("previously_opted_out", optedOut)
	return s.stampConsent(app, r)
}

// KeepServerFlags restores a lead's server-owned flags on every update that is not the
// server's own (see serverWriteKey). It belongs in a save-level update hook.
func KeepServerFlags(r *core.Record) {
	if r.GetBool(serverWriteKey) {
		r.Set(serverWriteKey, false)
		return
	}
	orig := r.Original()
	for _, f := range serverFlagFields {
		r.Set(f, orig.Get(f))
	}
}
