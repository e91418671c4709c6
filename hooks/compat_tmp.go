package hooks

import "recoverycms/internal/publishing"

const StatusPublished = publishing.StatusPublished
