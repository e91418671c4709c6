package exporter

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// encode writes one content file: the front matter, then (when there is one) a blank line
// and the markdown body. The body is written as an import will store it (\n line endings,
// no leading blank lines, a final newline), so a second export of the import is identical.
func encode(front any, body string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(front); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n")
	if body = normalizeBody(body); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
	}
	return b.Bytes(), nil
}

// normalizeBody gives body \n line endings, drops its leading blank lines (the import skips
// them) and ends it with a newline.
func normalizeBody(body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	body = strings.TrimLeft(body, "\n")
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return body
}
