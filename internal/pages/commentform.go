package pages

// CommentForm is the reader comment form of an article: empty on the article page, or sent
// back with the values kept and each message beside its field when a comment was refused.
type CommentForm struct {
	// Slug and ArticleID name the article the form posts to; Title is its title.
	Slug      string
	ArticleID string
	Title     string
	Token     string
	// Values are the submitted display_name and body.
	Values map[string]string
	// Errors are messages by field name ("display_name", "body"); "_form" is about the
	// whole form.
	Errors map[string]string
	// Focus puts the focus on the first message.
	Focus bool
	// Standalone is set on the form's own page, where its heading follows the page's h1.
	Standalone bool
}

// commentFields are the comment form's fields in page order, then the whole form: the focus
// goes to the first field with a message, or to the form's message when no field has one.
var commentFields = []string{"display_name", "body", "_form"}

// firstError is the first field of f with a message, or "".
func (f *CommentForm) firstError() string {
	for _, name := range commentFields {
		if f.Errors[name] != "" {
			return name
		}
	}
	return ""
}

// CommentFormPage renders an article's comment form on its own page: the comment was not
// sent, so the form comes back with what was written and each message beside its field.
// It is never indexed.
func (r *Renderer) CommentFormPage(site Site, form *CommentForm) ([]byte, error) {
	form.Standalone = true
	return r.render("commentform", page{Site: site, Title: "Your comment was not sent", NoIndex: true, Body: form})
}
