package importer

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// delimiter opens and closes a front matter block.
var delimiter = []byte("---")

// frontMatter is one parsed document: its YAML header, the line numbers of the header's
// keys (for error messages) and the markdown that follows.
type frontMatter struct {
	lines map[string]int
	body  string
}

// yamlLine finds yaml.v3's "line N" so errors can point into the file rather than the header.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// splitFrontMatter decodes the YAML header of src into out, refusing unknown keys, and
// returns the key lines and body. Lines are 1-based positions in the whole file.
func splitFrontMatter(src []byte, out any) (frontMatter, error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, append(delimiter, '\n')) {
		return frontMatter{}, lineError{1, errors.New(`front matter must start with a "---" line`)}
	}
	rest := src[len(delimiter)+1:]
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 || (len(rest) > end+4 && rest[end+4] != '\n') {
		return frontMatter{}, lineError{1, errors.New(`front matter is not closed by a "---" line`)}
	}
	header := rest[:end+1]
	body := ""
	if len(rest) > end+5 {
		body = string(rest[end+5:])
	}

	var node yaml.Node
	if err := yaml.Unmarshal(header, &node); err != nil {
		return frontMatter{}, headerError(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(header))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		return frontMatter{}, headerError(err)
	}
	return frontMatter{lines: keyLines(&node), body: body}, nil
}

// keyLines maps each top-level key to its line in the file (the header starts on line 2).
func keyLines(doc *yaml.Node) map[string]int {
	lines := map[string]int{}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return lines
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		lines[m.Content[i].Value] = m.Content[i].Line + 1
	}
	return lines
}

// headerError turns a yaml.v3 error into a lineError with a file line number.
func headerError(err error) error {
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			line = n + 1
		}
	}
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	return lineError{line, fmt.Errorf("bad front matter: %s", trimYAMLPrefix(msg))}
}

func trimYAMLPrefix(msg string) string {
	msg = string(bytes.TrimPrefix([]byte(msg), []byte("yaml: ")))
	msg = string(bytes.ReplaceAll([]byte(msg), []byte("unmarshal errors:\n  "), nil))
	return string(bytes.TrimLeft([]byte(msg), ": "))
}

// lineError is a problem at a line of a content file.
type lineError struct {
	line int
	err  error
}

func (e lineError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e lineError) Unwrap() error { return e.err }
