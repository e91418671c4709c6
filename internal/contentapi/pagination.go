package contentapi

import (
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// maxPage keeps OFFSET arithmetic far from overflow; nobody pages this deep.
const maxPage = 100000

// pageParams reads page and perPage: page defaults to 1, perPage to 20 and is capped at 100.
// Non-numbers and values below 1 are field errors.
func pageParams(e *core.RequestEvent) (page, perPage int, err error) {
	q := e.Request.URL.Query()
	errs := validation.Errors{}
	page, perPage = 1, defaultPerPage
	if v := q.Get("page"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > maxPage {
			errs["page"] = validation.NewError("page_invalid", "Use a whole number from 1.")
		}
		page = n
	}
	if v := q.Get("perPage"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 {
			errs["perPage"] = validation.NewError("per_page_invalid", "Use a whole number from 1 to 100.")
		}
		perPage = min(n, maxPerPage)
	}
	if len(errs) > 0 {
		return 0, 0, e.BadRequestError("Invalid pagination parameters.", errs)
	}
	return page, perPage, nil
}
