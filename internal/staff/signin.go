package staff

import (
	"fmt"
	"io"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// SignInCodesEnv, set to "console", prints staff sign-in codes to the server's console
// instead of emailing them: for a laptop without a mail server, never for production.
const SignInCodesEnv = "RCMS_SIGNIN_CODES"

// CodesToConsole reads SignInCodesEnv through getenv (os.Getenv in main).
func CodesToConsole(getenv func(string) string) bool {
	return strings.EqualFold(strings.TrimSpace(getenv(SignInCodesEnv)), "console")
}

// PrintCodes returns an OnMailerRecordOTPSend handler that writes a staff member's sign-in
// code to w instead of sending the email. Codes of other collections are sent as usual.
func PrintCodes(w io.Writer) func(e *core.MailerRecordEvent) error {
	return func(e *core.MailerRecordEvent) error {
		if e.Record == nil || e.Record.Collection().Name != Collection {
			return e.Next()
		}
		code, _ := e.Meta["password"].(string)
		fmt.Fprintf(w, "Staff sign-in code for %s: %s (printed, not emailed, because %s=console)\n",
			e.Record.Email(), code, SignInCodesEnv)
		return nil
	}
}

// MailNotice is what serve says on start about how staff receive their sign-in codes, or ""
// when an SMTP server is configured and codes are emailed.
func MailNotice(app core.App, codesToConsole bool) string {
	if codesToConsole {
		return "Staff sign-in codes are printed to this console (" + SignInCodesEnv +
			"=console), not emailed: use this only on your own machine."
	}
	if app.Settings().SMTP.Enabled {
		return ""
	}
	return "No SMTP server is configured, so staff cannot receive the one-time code that follows " +
		"their password. Configure one in the dashboard (/_/ > Settings > Mail settings), or for " +
		"local use start with " + SignInCodesEnv + "=console to print the codes here."
}
