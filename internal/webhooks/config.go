package webhooks

import (
	"fmt"
	"strconv"
	"time"
)

// Config tunes webhook delivery. The zero value means the defaults below; main reads
// it from the environment with ConfigFromEnv, tests set it directly.
type Config struct {
	// ArticleURL is the front-end URL of an article, with {slug} in it
	// (RCMS_ARTICLE_URL). Empty means the app URL + "/articles/{slug}".
	ArticleURL string
	// BackoffBase is the wait before the first retry; each further retry waits twice as long
	// (RCMS_WEBHOOK_BACKOFF, default 30s).
	BackoffBase time.Duration
	// MaxBackoff caps a single wait between attempts (default 1h).
	MaxBackoff time.Duration
	// MaxAttempts is how many times one event is tried per webhook
	// (RCMS_WEBHOOK_MAX_ATTEMPTS, default 8, at least 5).
	MaxAttempts int
	// Timeout bounds one delivery attempt (RCMS_WEBHOOK_TIMEOUT, default 10s).
	Timeout time.Duration
	// PollInterval is how often the worker looks for due deliveries when nothing wakes it
	// (default 5s).
	PollInterval time.Duration
	// AllowPrivate lets webhooks reach loopback, private-network and other special-purpose
	// addresses (RCMS_WEBHOOK_BLOCK_PRIVATE=false), for receivers on the same machine or
	// network. Off, the zero value and the default, every IANA special-purpose range is
	// refused on save and when connecting, so the delivery log cannot be used to probe the
	// server's own network. Link-local and cloud-metadata addresses are refused always.
	AllowPrivate bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Defaults of Config.
const (
	DefaultBackoff     = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultMaxAttempts = 8
	DefaultTimeout     = 10 * time.Second
	DefaultPoll        = 5 * time.Second
	minAttempts        = 5
)

// withDefaults fills every unset field.
func (c Config) withDefaults() Config {
	if c.BackoffBase <= 0 {
		c.BackoffBase = DefaultBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.PollInterval <= 0 {
		c.PollInterval = DefaultPoll
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// backoff is the wait after the given failed attempt (1-based): base, 2×base, 4×base …,
// capped at MaxBackoff.
func (c Config) backoff(attempt int) time.Duration {
	d := c.BackoffBase
	for i := 1; i < attempt && d < c.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, c.MaxBackoff)
}

// ConfigFromEnv reads the RCMS_ webhook variables through getenv (os.Getenv in main).
// A malformed value is an error rather than a silent default.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var c Config
	c.ArticleURL = getenv("RCMS_ARTICLE_URL")
	var err error
	if c.BackoffBase, err = envDuration(getenv, "RCMS_WEBHOOK_BACKOFF"); err != nil {
		return c, err
	}
	if c.Timeout, err = envDuration(getenv, "RCMS_WEBHOOK_TIMEOUT"); err != nil {
		return c, err
	}
	if v := getenv("RCMS_WEBHOOK_MAX_ATTEMPTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < minAttempts {
			return c, fmt.Errorf("RCMS_WEBHOOK_MAX_ATTEMPTS must be a whole number of at least %d, got %q", minAttempts, v)
		}
		c.MaxAttempts = n
	}
	if v := getenv("RCMS_WEBHOOK_BLOCK_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("RCMS_WEBHOOK_BLOCK_PRIVATE must be true or false, got %q", v)
		}
		c.AllowPrivate = !b
	}
	return c.withDefaults(), nil
}

func envDuration(getenv func(string) string, name string) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 30s or 2m, got %q", name, v)
	}
	return d, nil
}
