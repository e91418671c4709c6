package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Staff sign-in codes: short-lived, and their requests and guesses rate-limited like passwords.
var (
	staffOTPRequestRule = core.RateLimitRule{Label: "staff:requestOTP", MaxRequests: 5, Duration: 60}
	staffOTPSignInRule  = core.RateLimitRule{Label: "staff:authWithOTP", MaxRequests: 10, Duration: 60}
)

// staffOTPEmail is the message that carries a staff sign-in code.
var staffOTPEmail = core.EmailTemplate{
	Subject: "Your {APP_NAME} sign-in code",
	Body: `<p>Hello,</p>
<p>Your code to finish signing in to the {APP_NAME} staff panel is:</p>
<p><strong style="font-size:1.4em;letter-spacing:0.1em">{OTP}</strong></p>
<p>It works once, for the next 5 minutes. If you did not just enter your password, someone
else knows it: change it now and tell your administrator.</p>`,
}

func init() {
	m.Register(func(app core.App) error {
		// Staff open callback leads (health information), so a password alone is not enough:
		// after the password, PocketBase's MFA asks for a one-time code emailed to the
		// account's address. The MFA step stays open 10 minutes; a code lives 5.
		c, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		c.MFA.Enabled = true
		c.MFA.Duration = 600
		c.MFA.Rule = ""
		c.OTP.Enabled = true
		c.OTP.Duration = 300
		c.OTP.Length = 8
		c.OTP.EmailTemplate = staffOTPEmail
		if err := app.Save(c); err != nil {
			return err
		}
		settings := app.Settings()
		settings.RateLimits.Enabled = true
		settings.RateLimits.Rules = append(settings.RateLimits.Rules, staffOTPRequestRule, staffOTPSignInRule)
		return app.Save(settings)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		c.MFA.Enabled = false
		c.OTP.Enabled = false
		if err := app.Save(c); err != nil {
			return err
		}
		settings := app.Settings()
		settings.RateLimits.Rules = slices.DeleteFunc(settings.RateLimits.Rules, func(r core.RateLimitRule) bool {
			return r.Label == staffOTPRequestRule.Label || r.Label == staffOTPSignInRule.Label
		})
		return app.Save(settings)
	})
}
