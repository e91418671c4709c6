// Package pbpublic embeds the reading site's static files and the staff panel, so the binary serves
// them from whatever directory it is started in.
package pbpublic

import (
	"embed"
	"io/fs"
)

//go:embed assets admin
var files embed.FS

// FS holds the site's styles, scripts and images under assets/ and the panel under admin/.
var FS fs.FS = files
