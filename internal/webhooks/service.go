// Package webhooks tells receivers about article changes: which transitions are events, the
// persistent delivery queue (webhook_deliveries) and its worker with retries and backoff, the
// address guard every connection goes through, and the signed payload (the receiver contract).
package webhooks

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Collections of the webhook feature.
const (
	Collection           = "webhooks"
	DeliveriesCollection = "webhook_deliveries"
)

// minSecretLength is the shortest secret an admin may choose; a generated one is longer.
const minSecretLength = 16

// Service ties together event detection, the persistent queue and its worker.
type Service struct {
	cfg    Config
	worker *worker
}

// New builds the webhook service from cfg (unset fields take their defaults). Build it once:
// it owns the delivery worker.
func New(cfg Config) *Service {
	cfg = cfg.withDefaults()
	return &Service{cfg: cfg, worker: newWorker(cfg)}
}

// Start runs the delivery worker until Stop; deliveries queued by earlier processes are
// picked up.
func (s *Service) Start(app core.App) { s.worker.start(app) }

// Stop ends the delivery worker and waits for it.
func (s *Service) Stop() { s.worker.stop() }

// Normalize is the save-level invariant of a webhook record: the URL trimmed and checked
// against the address guard, an empty secret replaced by a random one.
func (s *Service) Normalize(record *core.Record) error {
	return normalizeWebhook(record, !s.cfg.AllowPrivate)
}

// normalizeWebhook trims and checks the URL and fills an empty secret with a random one.
func normalizeWebhook(record *core.Record, blockPrivate bool) error {
	errs := validation.Errors{}
	rawURL := strings.TrimSpace(record.GetString("url"))
	record.Set("url", rawURL)
	if err := validateWebhookURL(rawURL, blockPrivate); err != nil {
		errs["url"] = err
	}
	secret := strings.TrimSpace(record.GetString("secret"))
	switch {
	case secret == "":
		secret = newWebhookSecret()
	case len(secret) < minSecretLength:
		errs["secret"] = validation.NewError("secret_too_short", "The secret must be at least 16 characters; leave it empty to get a random one.")
	}
	record.Set("secret", secret)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// newWebhookSecret returns 32 random bytes as hex.
func newWebhookSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}
