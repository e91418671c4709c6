package leads

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Config is the lead workflow's configuration, read once at start-up.
type Config struct {
	// RateLimit is how many leads one client IP may submit per RateWindow; 0 disables the limit.
	RateLimit int
	// RateWindow is the rate limit's sliding window.
	RateWindow time.Duration
	// MergeWindow is how recent an open lead with the same phone must be for a repeat to be merged.
	MergeWindow time.Duration
	// DefaultRegion is the ISO 3166 region for phone numbers written without a country code.
	DefaultRegion string
	// RetentionDays is how long closed and spam leads are kept after their last change.
	RetentionDays int
	// LinkTemplate is the staff panel's address of a lead, {id} replaced by its id; empty
	// means the app URL followed by /admin/#/leads/{id}.
	LinkTemplate string
	// CrisisPhrases mark a lead urgent when its message contains one (crisis.go); empty
	// means DefaultCrisisPhrases.
	CrisisPhrases []string
	// EmergencyText is the emergency and crisis contacts every answer to a submission
	// carries; empty means siteconfig.DefaultEmergencyText (hooks.Register passes the site's).
	EmergencyText string
	// SLA is how long a new lead may stay unassigned past its due time before it is marked
	// overdue and announced again.
	SLA time.Duration
}

// DefaultConfig is the configuration when no environment variable is set.
func DefaultConfig() Config {
	return Config{
		RateLimit:     5,
		RateWindow:    10 * time.Minute,
		MergeWindow:   10 * time.Minute,
		DefaultRegion: "GB",
		RetentionDays: 90,
		CrisisPhrases: DefaultCrisisPhrases(),
		SLA:           15 * time.Minute,
	}
}

// ConfigFromEnv reads RCMS_LEAD_RATE_LIMIT, RCMS_LEAD_RATE_WINDOW, RCMS_DEFAULT_REGION,
// RCMS_LEAD_RETENTION_DAYS, RCMS_LEAD_LINK, RCMS_CRISIS_PHRASES and RCMS_LEAD_SLA through
// getenv (os.Getenv in main), falling back to DefaultConfig.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := DefaultConfig()
	if v := strings.TrimSpace(getenv("RCMS_LEAD_RATE_LIMIT")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, fmt.Errorf("RCMS_LEAD_RATE_LIMIT must be a whole number >= 0, got %q", v)
		}
		c.RateLimit = n
	}
	if v := strings.TrimSpace(getenv("RCMS_LEAD_RATE_WINDOW")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("RCMS_LEAD_RATE_WINDOW must be a positive duration such as 10m, got %q", v)
		}
		c.RateWindow = d
	}
	if v := strings.TrimSpace(getenv("RCMS_DEFAULT_REGION")); v != "" {
		if len(v) != 2 {
			return c, fmt.Errorf("RCMS_DEFAULT_REGION must be a two-letter region code such as GB, got %q", v)
		}
		c.DefaultRegion = strings.ToUpper(v)
	}
	if v := strings.TrimSpace(getenv("RCMS_LEAD_RETENTION_DAYS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("RCMS_LEAD_RETENTION_DAYS must be a whole number >= 1, got %q", v)
		}
		c.RetentionDays = n
	}
	c.LinkTemplate = strings.TrimSpace(getenv("RCMS_LEAD_LINK"))
	if v := strings.TrimSpace(getenv("RCMS_CRISIS_PHRASES")); v != "" {
		phrases, err := parseCrisisPhrases(v)
		if err != nil {
			return c, err
		}
		c.CrisisPhrases = phrases
	}
	if v := strings.TrimSpace(getenv("RCMS_LEAD_SLA")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("RCMS_LEAD_SLA must be a positive duration such as 15m, got %q", v)
		}
		c.SLA = d
	}
	return c, nil
}
