// Package linkcheck checks the external links of every published article: http(s) links to
// another host are fetched (HEAD, then GET where HEAD is refused), tel: links must be
// dialable numbers. Results live in link_checks, one row per article and link, so staff see
// what is broken and since when. Every connection goes through netguard, so an article's
// links cannot be used to probe the server's own network.
package linkcheck

import (
	"time"
)

// Collection is the name of the results collection.
const Collection = "link_checks"

// JobID and Schedule are the cron job of the daily check (04:30, when traffic is low).
const (
	JobID    = "recoverycmsLinkCheck"
	Schedule = "30 4 * * *"
)

// UserAgent names the checker to the sites it visits.
const UserAgent = "recoverycms-linkcheck/1 (checks links of published articles)"

// Config tunes the checker. The zero value means the defaults below, with private and
// special-purpose addresses refused.
type Config struct {
	// Timeout bounds each request, redirect hops included one by one (default 10s).
	Timeout time.Duration
	// MaxRedirects is how many redirects one check follows (default 5); one more is broken.
	MaxRedirects int
	// Concurrency is how many requests are in flight at most, over all hosts (default 4).
	Concurrency int
	// HostInterval is the least time between two requests to one host (default 1s).
	HostInterval time.Duration
	// AllowPrivate lets links reach loopback, private and other special-purpose addresses,
	// as webhooks.Config.AllowPrivate does (main follows RCMS_WEBHOOK_BLOCK_PRIVATE; tests
	// set it for their servers on 127.0.0.1). Link-local and metadata addresses are refused
	// always.
	AllowPrivate bool
	// Region is the ISO 3166 region of tel: numbers written without a country code
	// (default "GB", as for callback leads).
	Region string
	// SiteURLs are the site's own addresses besides the app URL; links to their hosts are
	// internal and not checked.
	SiteURLs []string
}

// Defaults of Config.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxRedirects = 5
	DefaultConcurrency  = 4
	DefaultHostInterval = time.Second
	DefaultRegion       = "GB"
)

// withDefaults fills every unset field.
func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.Concurrency <= 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.HostInterval <= 0 {
		c.HostInterval = DefaultHostInterval
	}
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	return c
}
