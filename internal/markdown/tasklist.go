package markdown

import (
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Task list markers rendered as text. A policy that allowed <input> for
// goldmark's disabled checkboxes could not require "disabled" on inputs
// pasted as raw HTML, so articles contain no form controls at all.
const (
	taskOpen = "☐ "
	taskDone = "☑ "
)

// taskMarkerRenderer replaces goldmark's checkbox <input> with taskOpen or
// taskDone.
type taskMarkerRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (taskMarkerRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, renderTaskMarker)
}

func renderTaskMarker(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		marker := taskOpen
		if node.(*extast.TaskCheckBox).IsChecked {
			marker = taskDone
		}
		_, _ = w.WriteString(marker)
	}
	return ast.WalkContinue, nil
}
