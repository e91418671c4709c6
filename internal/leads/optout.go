package leads

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ActionOptOut is the audit action of a lead marked do-not-contact.
const ActionOptOut = "opt_out"

// ErrPhoneUnknown is returned for an opt-out of a number no lead has; nothing was changed.
var ErrPhoneUnknown = errors.New("no callback request has this phone number")

// OptOut marks every lead with the E.164 phone number do-not-contact, in one transaction,
// each with an opt_out event naming the actor, and returns the ids of the number's leads.
// Leads already opted out keep their first opted_out_at and get no second event. A number
// with no lead is ErrPhoneUnknown and changes nothing.
func OptOut(app core.App, phone string, actor Actor, now time.Time) ([]string, error) {
	var ids []string
	err := withNumber(app, phone, func(tx core.App, found []*core.Record) error {
		ids = nil
		if len(found) == 0 {
			return ErrPhoneUnknown
		}
		for _, lead := range found {
			ids = append(ids, lead.Id)
			if lead.GetBool("do_not_contact") {
				continue
			}
			lead.Set(serverWriteKey, true)
			lead.Set("do_not_contact", true)
			lead.Set("opted_out_at", now.UTC())
			if err := tx.Save(lead); err != nil {
				return err
			}
			if err := RecordEvent(tx, lead.Id, actor, ActionOptOut, "", ""); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// OptOutRequest answers POST /api/cms/leads/opt-out {"phone": ...} or {"lead": id}: the
// person asked not to be called again, so every lead of their number is marked
// do-not-contact (OptOut). It answers {"opted_out": n, "ids": [...]}; an unknown number or
// lead is a 404 with data.phone.code phone_unknown (data.lead.code lead_unknown) and changes
// nothing. The number never goes into an error or a log. It checks no role itself: bind it
// behind staff.Require(..., staff.LeadReviewers...).
func (s *Service) OptOutRequest(e *core.RequestEvent) error {
	var body struct {
		Phone string `json:"phone" form:"phone"`
		Lead  string `json:"lead" form:"lead"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("The request body must be a JSON object with a phone number or a lead id.", nil)
	}
	phone, err := s.optOutPhone(e, strings.TrimSpace(body.Lead), body.Phone)
	if err != nil {
		return err
	}
	ids, err := OptOut(e.App, phone, ActorFromAuth(e.Auth), s.now())
	if errors.Is(err, ErrPhoneUnknown) {
		return e.NotFoundError("No callback request has this phone number; nothing was changed.", validation.Errors{
			"phone": validation.NewError("phone_unknown", "No callback request has this phone number."),
		})
	}
	if err != nil {
		return e.InternalServerError("The opt-out could not be recorded.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"opted_out": len(ids), "ids": ids})
}

// optOutPhone is the E.164 number an opt-out request is about: the lead's when it names one,
// otherwise the phone sent. The error is the answer to send.
func (s *Service) optOutPhone(e *core.RequestEvent, leadID, raw string) (string, error) {
	if leadID != "" {
		lead, err := e.App.FindRecordById(LeadsCollection, leadID)
		if errors.Is(err, sql.ErrNoRows) {
			return "", e.NotFoundError("No callback request has this id; nothing was changed.", validation.Errors{
				"lead": validation.NewError("lead_unknown", "No callback request has this id."),
			})
		}
		if err != nil {
			return "", e.InternalServerError("The callback request could not be read.", err)
		}
		return lead.GetString("phone"), nil
	}
	region := s.cfg.DefaultRegion
	if strings.TrimSpace(raw) == "" {
		return "", e.BadRequestError("Enter the phone number or the callback request to opt out.", validation.Errors{
			"phone": validation.NewError("phone_required", "Enter the phone number to opt out."),
		})
	}
	phone, err := NormalizePhone(raw, region)
	if err != nil {
		return "", e.BadRequestError("The phone number is not valid.", validation.Errors{
			"phone": validation.NewError("phone_invalid", "Enter the phone number with its country code if it is not a "+region+" number."),
		})
	}
	return phone, nil
}

// OptOutHistory lists the opted-out leads of a lead's number other than the lead itself,
// newest first, as {lead, opted_out_at, created}: what staff need to decide whether to call
// a person who once asked not to be called. It carries no personal data.
func OptOutHistory(app core.App, lead *core.Record) ([]map[string]any, error) {
	var rows []struct {
		ID         string `db:"id"`
		OptedOutAt string `db:"opted_out_at"`
		Created    string `db:"created"`
	}
	err := app.DB().Select("id", "opted_out_at", "created").From(LeadsCollection).
		Where(PhoneMatch(lead.GetString("phone"))).AndWhere(dbx.HashExp{"do_not_contact": true}).
		AndWhere(dbx.Not(dbx.HashExp{"id": lead.Id})).
		OrderBy("opted_out_at DESC").All(&rows)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = map[string]any{"lead": r.ID, "opted_out_at": r.OptedOutAt, "created": r.Created}
	}
	return out, nil
}

// previouslyOptedOut reports whether a stored lead of phone is marked do-not-contact.
func previouslyOptedOut(app core.App, phone string) (bool, error) {
	var n int
	err := app.DB().Select("COUNT(*)").From(LeadsCollection).
		Where(PhoneMatch(phone)).AndWhere(dbx.HashExp{"do_not_contact": true}).Row(&n)
	return n > 0, err
}
