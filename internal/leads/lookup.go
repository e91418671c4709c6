package leads

import (
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// LookupByPhone answers GET /api/cms/leads/lookup?phone=...: every lead of a caller's number
// (normalised to E.164 with the default region), newest first, with its personal fields and
// its repeats, for
// a reviewer taking a call. Each lead shown gets a lookup event naming the staff member, written
// before the answer (a lookup that cannot be recorded is not served). It is limited per staff
// member and checks no role itself: bind it behind staff.Require(..., staff.LeadReviewers...).
func (s *Service) LookupByPhone(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	raw := e.Request.URL.Query().Get("phone")
	region := s.cfg.DefaultRegion
	if raw == "" {
		return e.BadRequestError("Enter the phone number to look up.", validation.Errors{
			"phone": validation.NewError("phone_required", "Enter the phone number to look up."),
		})
	}
	phone, err := NormalizePhone(raw, region)
	if err != nil {
		return e.BadRequestError("The phone number is not valid.", validation.Errors{
			"phone": validation.NewError("phone_invalid", "Enter the phone number with its country code if it is not a "+region+" number."),
		})
	}
	if !s.lookups.Allow(e.Auth.Collection().Name + ":" + e.Auth.Id) {
		e.Response.Header().Set("Retry-After", "600")
		return e.TooManyRequestsError("Too many lookups; try again in a few minutes.", nil)
	}
	var found []*core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		err := tx.RecordQuery(LeadsCollection).Where(PhoneMatch(phone)).
			OrderBy("created DESC").All(&found)
		if err != nil {
			return err
		}
		actor := ActorFromAuth(e.Auth)
		for _, r := range found {
			if err := RecordEvent(tx, r.Id, actor, ActionLookup, "", ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return e.InternalServerError("The lookup could not be recorded.", err)
	}
	items := make([]map[string]any, len(found))
	for i, r := range found {
		r.Unhide(personalFields...)
		items[i] = r.PublicExport()
		if items[i]["repeats"], err = Repeats(e.App, r.Id); err != nil {
			return e.InternalServerError("The lookup failed.", err)
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"phone": phone, "items": items})
}
