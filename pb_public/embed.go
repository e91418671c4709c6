// Package pbpublic embeds the public reading site and the staff panel, so the binary serves
// them from whatever directory it is started in.
package pbpublic

import (
	"embed"
	"io/fs"
)

//go:embed index.html assets admin
var files embed.FS

// FS holds the site at its root (index.html, assets/) and the panel under admin/.
var FS fs.FS = files
