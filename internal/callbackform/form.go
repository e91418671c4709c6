// Package callbackform is the site's callback form: its fields and wording, the signed,
// time-limited token that stands in for a session against cross-site submission, and the
// translation of a posted form to the lead API's JSON and of the API's answer back to
// messages beside each field. It imports no PocketBase: the lead itself is created by the
// same API route the JavaScript form uses (one implementation, two doors).
package callbackform

import (
	"encoding/json"
	"net/url"
	"strings"
)

// ConsentText is the exact wording beside the consent box, sent as consent_text.
const ConsentText = "I agree that a counsellor may phone me on this number and that my details are kept only to arrange this call."

// Choice is one option of the "When should we call?" list.
type Choice struct{ Value, Label string }

// Times are the callback times a person can pick, in the order shown.
var Times = []Choice{
	{"asap", "As soon as possible"},
	{"morning", "Morning (9am to 12pm)"},
	{"afternoon", "Afternoon (12pm to 5pm)"},
	{"evening", "Evening (5pm to 8pm)"},
	{"anytime", "Any time"},
}

// fields are the visible fields in page order: the first with an error gets the focus.
var fields = []string{"name", "phone", "preferred_time", "message", "consent"}

// Form is the state of the form on a page: empty, refilled with errors, or Done.
type Form struct {
	Token     string
	ArticleID string
	SourceURL string
	// Values are the submitted values, kept when the form comes back with errors.
	Values map[string]string
	// Errors are messages by field name; "_form" is the message about the whole form.
	Errors map[string]string
	// Focus puts the focus on the first field in error (or on the confirmation).
	Focus bool
	// Done says the request was stored; When says when the call will come.
	Done bool
	When string
	// EmergencyText is repeated in the confirmation.
	EmergencyText string
	// Urgent says the message read as a crisis: the confirmation then puts the advice not
	// to wait (UrgentAdvice, from the lead API's answer) and the emergency numbers first.
	Urgent       bool
	UrgentAdvice string
}

// receipt is the part of the lead API's answer the confirmation uses.
type receipt struct {
	Urgent bool `json:"urgent"`
	Help   struct {
		Advice    string `json:"advice"`
		Emergency string `json:"emergency"`
	} `json:"help"`
}

// Confirmed marks the form Done from the lead API's answer body: when the lead reads as
// urgent, the confirmation carries the API's advice and emergency contacts prominently.
func (f *Form) Confirmed(answer []byte, when string) {
	f.Done, f.Focus, f.When = true, true, when
	var r receipt
	if json.Unmarshal(answer, &r) == nil && r.Urgent {
		f.Urgent, f.UrgentAdvice = true, r.Help.Advice
		if r.Help.Emergency != "" {
			f.EmergencyText = r.Help.Emergency
		}
	}
}

// New is an empty form carrying token.
func New(token string) *Form {
	return &Form{Token: token, Values: map[string]string{"preferred_time": "asap"}, Errors: map[string]string{}}
}

// Times lists the callback times (for the template).
func (f *Form) Times() []Choice { return Times }

// ConsentText is the consent wording (for the template).
func (f *Form) ConsentText() string { return ConsentText }

// FirstError names the first field in page order that has an error, or "".
func (f *Form) FirstError() string {
	for _, name := range fields {
		if f.Errors[name] != "" {
			return name
		}
	}
	return ""
}

// Parse reads a posted form into values (trimmed) and the lead API's JSON body. The consent
// text is the one the form showed; source_url and article come from the page's hidden fields.
func Parse(form url.Values) (values map[string]string, payload []byte) {
	values = map[string]string{}
	for _, k := range append([]string{"website", "article", "source_url", "timezone"}, fields...) {
		values[k] = strings.TrimSpace(form.Get(k))
	}
	body := map[string]any{
		"name":           values["name"],
		"phone":          values["phone"],
		"preferred_time": values["preferred_time"],
		"message":        values["message"],
		"consent":        values["consent"] == "on",
		"consent_text":   ConsentText,
		"website":        form.Get("website"),
		"source_url":     values["source_url"],
	}
	if values["article"] != "" {
		body["article"] = values["article"]
	}
	// The browser's zone, when the page's script could fill it in; without it the lead's
	// zone comes from the phone number's country.
	if values["timezone"] != "" {
		body["timezone"] = values["timezone"]
	}
	payload, _ = json.Marshal(body) // a map of strings and a bool always marshals
	return values, payload
}

// apiError is the shape of the API's error answers.
type apiError struct {
	Message string `json:"message"`
	Data    map[string]struct {
		Message string `json:"message"`
	} `json:"data"`
}

// ErrorsFrom turns the lead API's error answer into messages: the fields the form shows get
// their own message; anything else becomes the message about the whole form.
func ErrorsFrom(body []byte) map[string]string { return FieldErrors(body, fields) }

// FieldErrors is ErrorsFrom for a form of other fields (names, in page order): each API
// field error of one of them by its name, the rest in "_form".
func FieldErrors(body []byte, names []string) map[string]string {
	out := map[string]string{}
	var e apiError
	if err := json.Unmarshal(body, &e); err != nil || e.Message == "" {
		out["_form"] = "Something went wrong on our side. Please try again in a moment."
		return out
	}
	var stray []string
	for field, v := range e.Data {
		if field == "consent_text" {
			field = "consent"
		}
		if contains(names, field) {
			out[field] = v.Message
		} else {
			stray = append(stray, v.Message)
		}
	}
	switch {
	case len(out) > 0 && len(stray) == 0:
		out["_form"] = "Please correct the fields marked below."
	case len(stray) > 0:
		out["_form"] = e.Message + " " + strings.Join(stray, " ")
	default:
		out["_form"] = e.Message
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// WhenText says when the call will come for a preferred_time.
func WhenText(pref string) string {
	switch pref {
	case "morning":
		return "in the morning"
	case "afternoon":
		return "in the afternoon"
	case "evening":
		return "in the evening"
	case "anytime":
		return "at a time that suits our team"
	default:
		return "as soon as they can"
	}
}
