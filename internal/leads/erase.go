package leads

import (
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// EraseByPhone answers POST /api/cms/leads/erase {"phone": ...}, a data-subject erasure
// request: every lead with that number is deleted and its events are stripped of personal
// data (Erase). It checks no role itself: bind it behind staff.Require(..., staff.Admins...).
func (s *Service) EraseByPhone(e *core.RequestEvent) error {
	var body struct {
		Phone string `json:"phone" form:"phone"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("The request body must be a JSON object with a phone number.", nil)
	}
	region := s.cfg.DefaultRegion
	phone, err := NormalizePhone(body.Phone, region)
	if err != nil {
		return e.BadRequestError("The phone number is not valid.", validation.Errors{
			"phone": validation.NewError("phone_invalid", "Enter the phone number with its country code if it is not a "+region+" number."),
		})
	}
	ids, err := Erase(e.App, phone, ActorFromAuth(e.Auth))
	if err != nil {
		return e.InternalServerError("The callback requests could not be erased.", err)
	}
	if ids == nil {
		ids = []string{}
	}
	return e.JSON(http.StatusOK, map[string]any{"erased": len(ids), "ids": ids})
}
