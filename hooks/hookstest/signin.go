package hookstest

import (
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
)

// signInCode finds the one-time code in a staff sign-in email.
var signInCode = regexp.MustCompile(`>(\d{8})<`)

// SignInCode waits (up to 10 seconds: PocketBase sends the email in the background) for the
// newest sign-in code the test mailer holds for email, and returns it.
func SignInCode(t testing.TB, app *tests.TestApp, email string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		msgs := app.TestMailer.Messages()
		for i := len(msgs) - 1; i >= 0; i-- {
			m := msgs[i]
			if len(m.To) == 1 && m.To[0].Address == email {
				if got := signInCode.FindStringSubmatch(m.HTML); got != nil {
					return got[1]
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no sign-in code was emailed to %s", email)
	return ""
}
