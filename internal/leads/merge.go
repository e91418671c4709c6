package leads

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// CreateOrMerge is the step after GuardSubmission: it saves the lead, or recognises a retry
// (a client id already stored) or a repeat (an open lead with the same phone within the merge
// window), in one transaction, so that a 2xx always means the submission is committed
// (PocketBase writes the create response only after the transaction commits). Concurrent
// submissions share that transaction (group commit: one fsync for all), each in a savepoint
// of its own, so one that fails is rolled back alone and answered with its own error, and a
// second submission for the same phone in the same transaction sees the first one's lead and
// is merged as a repeat. A storage fault fails the whole transaction and every submission in
// it gets the storage answer. A submission inside a caller's transaction (a batch request)
// simply joins that transaction. A caller who
// cannot review leads gets the same receipt whatever happened, so the answer never reveals
// whether a phone number or id is already known.
func (s *Service) CreateOrMerge(e *core.RecordRequestEvent) error {
	phone := e.Record.GetString("phone") // normalised by GuardSubmission
	submittedID := e.Record.Id
	receipt := false
	orig := e.App
	defer func() { e.App = orig }()
	err := s.commits.Run(orig, func(tx core.App) error {
		receipt = false
		if submittedID != "" {
			known, err := submissionKnown(tx, submittedID)
			if err != nil || known {
				receipt = known // a retry of a stored submission: nothing new is stored
				return err
			}
		}
		open, err := s.findOpenRepeat(tx, phone)
		if err != nil {
			return err
		}
		if open != nil {
			receipt = true
			return s.mergeRepeat(tx, open, e.Record, submittedID)
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
		if e.Record.GetBool(urgentQueuedKey) {
			s.NotificationsCommitted(orig) // an urgent repeat: send its notice now
		}
		return respondReceipt(e)
	}
	return nil
}

// submissionKnown reports whether a submission with this client id was stored before, as a
// lead of its own or merged into an earlier one.
func submissionKnown(tx core.App, id string) (bool, error) {
	if _, err := tx.FindRecordById(LeadsCollection, id); err == nil {
		return true, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	n, err := tx.CountRecords(RepeatsCollection, dbx.HashExp{"submission_id": id})
	if err != nil || n > 0 {
		return n > 0, err
	}
	// Repeats stored before lead_repeats existed are known by their merge event.
	n, err = tx.CountRecords(EventsCollection, dbx.HashExp{"action": ActionMerge, "to": id})
	return n > 0, err
}

// findOpenRepeat returns the open lead with phone created within the merge window, or nil.
// It is a plain indexed lookup of the id (idx_callback_leads_phone_created), not a record
// filter: the filter's null-safe comparison cannot use the index, and this runs for every
// submission inside the transaction concurrent submissions share, where it usually finds
// nothing, so the record is loaded only when there is one.
func (s *Service) findOpenRepeat(tx core.App, phone string) (*core.Record, error) {
	since, err := types.ParseDateTime(s.now().Add(-s.cfg.MergeWindow))
	if err != nil {
		return nil, err
	}
	var id string
	err = tx.NonconcurrentDB().NewQuery("SELECT [[id]] FROM {{" + LeadsCollection + "}}" +
		" WHERE [[" + PhoneIndexField + "]] = {:index} AND [[created]] >= {:since} AND [[status]] IN ({:new}, {:contacted}, {:scheduled})" +
		" AND [[do_not_contact]] = FALSE LIMIT 1"). // a request after an opt-out is a lead of its own
		Bind(dbx.Params{"index": phoneIndex(phone), "since": since.String(), "new": StatusNew,
			"contacted": StatusContacted, "scheduled": StatusScheduled}).
		Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return tx.FindRecordById(LeadsCollection, id)
}

// mergeRepeat stores a repeat submission as its own row linked to the open lead for the same
// phone, in the person's own words (another name on a shared phone, a new time to call, a new
// message): nothing they said is lost and nobody's words are added to another person's lead.
// The open lead stays the one to call back, so nobody is phoned twice. The merge event keeps
// the repeat's client id for retries.
func (s *Service) mergeRepeat(tx core.App, open, repeat *core.Record, submittedID string) error {
	col, err := tx.FindCachedCollectionByNameOrId(RepeatsCollection)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Set("lead", open.Id)
	r.Set("submission_id", submittedID)
	for _, f := range []string{"name", "email", "preferred_time", "message", "consent_text", "article", "source_url"} {
		r.Set(f, repeat.GetString(f))
	}
	if err := tx.Save(r); err != nil {
		return err
	}
	if err := s.flagUrgentRepeat(tx, open, repeat); err != nil {
		return err
	}
	return RecordEvent(tx, open.Id, Actor{Name: "public"}, ActionMerge, "", submittedID)
}

// Repeats returns the repeat submissions of lead leadID, oldest first, with every field.
func Repeats(app core.App, leadID string) ([]map[string]any, error) {
	records, err := app.FindRecordsByFilter(RepeatsCollection, "lead = {:lead}", "created", 0, 0, dbx.Params{"lead": leadID})
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(records))
	for _, r := range records {
		out = append(out, fullExport(r))
	}
	return out, nil
}
