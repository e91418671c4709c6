package cachepurge

import (
	"crypto/hmac"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"recoverycms/internal/webhooks"
)

// maxBody bounds a webhook body; real ones are well under 1 KB.
const maxBody = 64 << 10

// knownEvents are the article events a webhook can carry.
var knownEvents = map[string]bool{
	webhooks.EventArticlePublished:   true,
	webhooks.EventArticleUpdated:     true,
	webhooks.EventArticleUnpublished: true,
	webhooks.EventArticleDeleted:     true,
}

// Receiver is the webhook endpoint that purges: it checks a delivery the way README
// "What a receiver should check" asks, then removes the affected entries from Cache.
// Deliveries are at least once; removing twice is harmless, so duplicates need no record.
type Receiver struct {
	// Secret is the webhook's secret, copied from its record.
	Secret string
	Cache  Cache
	Logger *slog.Logger
}

// ServeHTTP answers 204 once the entries are gone, 401 for a bad signature, 400 for an
// event it does not know, and 500 when the cache could not be walked (the app retries).
func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "Only POST is accepted.", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "The body is too large or was cut off.", http.StatusBadRequest)
		return
	}
	// The signature covers the raw bytes, so it is checked before anything is parsed.
	want := webhooks.Sign(rc.Secret, body)
	if !hmac.Equal([]byte(r.Header.Get(webhooks.HeaderSignature)), []byte(want)) {
		http.Error(w, "The signature does not match.", http.StatusUnauthorized)
		return
	}
	var p webhooks.Payload
	event := r.Header.Get(webhooks.HeaderEvent)
	if err := json.Unmarshal(body, &p); err != nil || !knownEvents[event] || p.Event != event {
		http.Error(w, "Unknown or mismatched event.", http.StatusBadRequest)
		return
	}
	removed, err := rc.Cache.Remove(Affected(p.Article))
	if err != nil {
		rc.logger().Error("Cache purge failed", "event", event, "article", p.Article.ID, "error", err)
		http.Error(w, "The cache could not be purged.", http.StatusInternalServerError)
		return
	}
	rc.logger().Info("Cache purged", "event", event, "article", p.Article.ID, "removed", removed)
	w.WriteHeader(http.StatusNoContent)
}

func (rc *Receiver) logger() *slog.Logger {
	if rc.Logger == nil {
		return slog.Default()
	}
	return rc.Logger
}
