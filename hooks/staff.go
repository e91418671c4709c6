package hooks

import (
	"fmt"
	"io"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"recoverycms/internal/staff"
)

// bindStaff binds the staff sign-in: the panel's cookie session (read before PocketBase's own
// token middleware, issued by every staff sign-in that asks for it, ended by
// DELETE /api/cms/session), sign-in codes printed to console instead of emailed when
// codesToConsole is set, and serve's start-up notice about how codes reach staff.
func bindStaff(app core.App, console io.Writer, codesToConsole bool) {
	app.OnRecordAuthRequest(staff.Collection).BindFunc(staff.IssueSessionCookie)
	if codesToConsole {
		app.OnMailerRecordOTPSend(staff.Collection).BindFunc(staff.PrintCodes(console))
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "recoverycmsStaffSession",
			Func:     staff.SessionFromCookie,
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority - 1,
		})
		se.Router.DELETE("/api/cms/session", staff.EndSession)
		if notice := staff.MailNotice(se.App, codesToConsole); notice != "" {
			se.App.Logger().Warn(notice)
			fmt.Fprintln(console, notice)
		}
		return se.Next()
	})
}
