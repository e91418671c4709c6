// Command recoverycms is a headless CMS for addiction-recovery content, built on PocketBase.
package main

import (
	"log"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"recoverycms/content"
	"recoverycms/hooks"
	"recoverycms/internal/cli"
	"recoverycms/internal/frontend"
	"recoverycms/internal/gctune"
	"recoverycms/internal/leads"
	"recoverycms/internal/linkcheck"
	"recoverycms/internal/markdown"
	"recoverycms/internal/readability"
	"recoverycms/internal/review"
	"recoverycms/internal/siteconfig"
	"recoverycms/internal/staff"
	"recoverycms/internal/storage"
	"recoverycms/internal/webhooks"
	_ "recoverycms/migrations"
)

func main() {
	gctune.Apply()
	app := pocketbase.NewWithConfig(pocketbase.Config{
		// Dev mode prints every SQL statement with its values (a caller's phone number
		// among them); it stays off unless asked for with --dev.
		DefaultDev: false,
		DBConnect:  storage.Connect,
	})

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangGo,
		Automigrate:  false,
		Dir:          "migrations",
	})

	webhookConfig, err := webhooks.ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	leadConfig, err := leads.ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	reviewConfig, err := review.FromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	siteConfig := siteconfig.FromEnv(os.Getenv)
	languageHints, err := readability.FromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	hooks.Register(app, hooks.Options{
		Markdown: markdown.New(),
		// See README "Clinical sign-off".
		Review:   &reviewConfig,
		Seed:     content.FS,
		Webhooks: webhookConfig,
		Leads:    &leadConfig,
		// See README "Link checking": the links follow the webhooks' address blocking.
		LinkCheck: linkcheck.Config{AllowPrivate: webhookConfig.AllowPrivate, Region: leadConfig.DefaultRegion},
		// Read once here; see README "Panel and public site".
		EmergencyText:   siteConfig.EmergencyText,
		SiteDescription: siteConfig.Description,
		Frontend:        frontend.FromEnv(os.Getenv),
		// See README "Personal data at rest".
		LeadKeyEnv: os.Getenv,
		// See README "Staff sign-in".
		SignInCodesToConsole: staff.CodesToConsole(os.Getenv),
		// See README "Readability and language hints".
		LanguageHints: languageHints,
	})
	app.RootCmd.AddCommand(cli.TrackFailures(cli.NewImportCommand(app)))
	app.RootCmd.AddCommand(cli.TrackFailures(cli.NewExportCommand(app)))
	app.RootCmd.AddCommand(cli.TrackFailures(cli.NewLeadsCommand(app, leadConfig)))

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
	if cli.Failed() {
		os.Exit(1)
	}
}
