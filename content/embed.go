// Package content embeds the sample recovery content, so a built binary seeds an empty
// database the same way from any working directory.
package content

import "embed"

// FS holds topics/, authors/ and articles/ as markdown with YAML front matter, and the help
// directory's sample resources in resources.json.
//
//go:embed topics authors articles resources.json
var FS embed.FS
