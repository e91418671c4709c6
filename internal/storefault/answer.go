package storefault

import (
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// RetryAfter is how many seconds a client is asked to wait before trying again.
const RetryAfter = 30

// MiddlewareId is the id of the middleware Answer returns.
const MiddlewareId = "rcmsStorageFault"

// Answer is router middleware for every route: when the error a route returns was caused by a
// storage failure (see Find), however the route labelled it (PocketBase answers a failed
// create with 400 "Failed to create record."), it answers 503 with a Retry-After header and a
// message carrying emergencyText, so the person can phone instead, and logs the failure at
// error level to console (standard error in production): the log database may be unwritable
// too. Every other answer passes unchanged.
//
// It runs inside PocketBase's activity logger, which then records the 503, and outside the
// panic recovery, so a recovered panic's error is seen too.
func Answer(emergencyText string, console io.Writer) *hook.Handler[*core.RequestEvent] {
	logger := slog.New(slog.NewTextHandler(console, nil))
	message := "A fault on our side stopped this from being saved or loaded; please try again in a few minutes, or phone instead. " + emergencyText
	return &hook.Handler[*core.RequestEvent]{
		Id:       MiddlewareId,
		Priority: apis.DefaultActivityLoggerMiddlewarePriority + 5,
		Func: func(e *core.RequestEvent) error {
			err := e.Next()
			fault := Find(err)
			if fault == nil {
				return err
			}
			// The path only: a query string may hold a phone number.
			logger.Error("Storage fault", "method", e.Request.Method, "path", e.Request.URL.Path, "error", fault.Error())
			e.Response.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
			answer := router.NewApiError(http.StatusServiceUnavailable, message, err)
			answer.Data = map[string]any{} // no field errors: nothing for the person to fix
			return answer
		},
	}
}
