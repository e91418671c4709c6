package hooks

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Collections of the webhook feature.
const (
	webhooksCollection   = "webhooks"
	deliveriesCollection = "webhook_deliveries"
)

// minSecretLength is the shortest secret an admin may choose; a generated one is longer.
const minSecretLength = 16

// webhookService ties together event detection, the persistent queue and its worker.
type webhookService struct {
	cfg    WebhookConfig
	worker *webhookWorker
}

// registerWebhooks binds the webhooks collection's invariants, the article event hooks, the
// go-live cron job and the delivery worker (started on serve, stopped on terminate).
func registerWebhooks(app core.App, cfg WebhookConfig) {
	cfg = cfg.withDefaults()
	svc := &webhookService{cfg: cfg, worker: newWebhookWorker(cfg)}

	normalize := func(e *core.RecordEvent) error {
		if err := normalizeWebhook(e.Record, cfg.BlockPrivate); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(webhooksCollection).BindFunc(normalize)
	app.OnRecordUpdate(webhooksCollection).BindFunc(normalize)

	readOnly := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("The delivery log is written by the server only.", nil)
	}
	app.OnRecordCreateRequest(deliveriesCollection).BindFunc(readOnly)
	app.OnRecordUpdateRequest(deliveriesCollection).BindFunc(readOnly)
	app.OnRecordDeleteRequest(deliveriesCollection).BindFunc(readOnly)

	registerArticleEvents(app, svc)
	registerGoLiveCheck(app, svc)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		svc.worker.start(e.App)
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		svc.worker.stop()
		return e.Next()
	})
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
