package contentapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/admission"
	"recoverycms/internal/contentcache"
)

// busyMessage is the 503 answer when the admission gate refuses a miss.
const busyMessage = "The server is busy right now; please try again in a moment."

// errRefusalSent says miss has already answered the request with the gate's 503.
var errRefusalSent = errors.New("admission refusal sent")

// miss builds the response for key, puts it in the cache at version and returns it. Anonymous
// requests go through the admission gate, keyed by version and key so identical concurrent
// misses share one build (a build started before a content change is not shared after it);
// a refusal is a 503 with Retry-After and the body refuse writes. It is written here
// and reported as errRefusalSent, not returned as an error, so a flood's refusals are not
// each a request-log row (hundreds a second, written beside the lead commits); the gate
// counts them instead (admission.Gate.Stats). Signed-in requests build at once.
func (api *API) miss(e *core.RequestEvent, build builder, key string, version uint64, refuse func(*core.RequestEvent) error) (*contentcache.Entry, error) {
	buildEntry := func() (any, error) {
		contentType, body, err := build(e)
		if err != nil {
			return nil, err
		}
		entry := contentcache.NewEntry(contentType, body)
		api.cache.Put(key, version, entry)
		return entry, nil
	}
	if api.admit == nil || e.Auth != nil {
		v, err := buildEntry()
		if err != nil {
			return nil, err
		}
		return v.(*contentcache.Entry), nil
	}
	flightKey := strconv.FormatUint(version, 10) + " " + key
	v, err := api.admit.Do(e.Request.Context(), admission.Network(e.RealIP()), flightKey, buildEntry)
	if errors.Is(err, admission.ErrBusy) {
		e.Response.Header().Set("Retry-After", strconv.Itoa(api.admit.RetryAfterSeconds()))
		e.Response.Header().Set("Cache-Control", "no-store")
		// Held for the refusal delay, it would be logged as slow by QuietSuccessLog.
		e.Set(skipSuccessLogKey, true)
		if err := refuse(e); err != nil {
			return nil, err
		}
		return nil, errRefusalSent
	}
	if err != nil {
		return nil, err
	}
	return v.(*contentcache.Entry), nil
}

// refuseJSON is the API's answer to a refused miss: 503, JSON {status, message, data:{}}.
func refuseJSON(e *core.RequestEvent) error {
	return e.JSON(http.StatusServiceUnavailable, map[string]any{
		"status": http.StatusServiceUnavailable, "message": busyMessage, "data": map[string]any{},
	})
}
