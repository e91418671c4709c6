// The "Free callback" form: posts a lead to the public callback_leads collection, shows the
// API's field errors next to their fields and a calm confirmation afterwards.
import { h, replace, announce, fieldErrors, showFieldErrors } from "/assets/dom.js";
import { postJSON } from "/assets/api.js";

/** CONSENT_TEXT is the exact wording shown beside the checkbox and sent as consent_text. */
export const CONSENT_TEXT =
  "I agree that a counsellor may phone me on this number and that my details are kept only to arrange this call.";

const TIMES = [
  ["asap", "As soon as possible"],
  ["morning", "Morning (9am to 12pm)"],
  ["afternoon", "Afternoon (12pm to 5pm)"],
  ["evening", "Evening (5pm to 8pm)"],
  ["anytime", "Any time"],
];

let counter = 0;

/** callbackForm returns the form section; articleId links the lead to the article it came from. */
export function callbackForm({ articleId = "", headingLevel = "h2" } = {}) {
  const p = `cb${++counter}-`;
  const field = (name, label, control, hint) =>
    h("div", { class: "field" },
      h("label", { for: p + name }, label),
      hint ? h("p", { class: "hint", id: p + name + "-hint" }, hint) : null,
      control,
      h("p", { class: "error", id: p + name + "-error", "data-error-for": name }));
  const describedBy = (name, hint) => [hint ? p + name + "-hint" : "", p + name + "-error"].filter(Boolean).join(" ");

  const form = h("form", { class: "callback-form", novalidate: true, "aria-labelledby": p + "title" },
    field("name", "Your name", h("input", { id: p + "name", name: "name", type: "text", autocomplete: "name", required: true, maxlength: 100, "aria-describedby": describedBy("name") })),
    field("phone", "Phone number", h("input", { id: p + "phone", name: "phone", type: "tel", autocomplete: "tel", required: true, "aria-describedby": describedBy("phone", true) }), "A UK mobile or landline, for example 07400 123456."),
    field("preferred_time", "When should we call?", h("select", { id: p + "preferred_time", name: "preferred_time", "aria-describedby": describedBy("preferred_time") },
      TIMES.map(([v, l]) => h("option", { value: v }, l)))),
    field("message", "Anything you would like us to know (optional)", h("textarea", { id: p + "message", name: "message", rows: 3, maxlength: 2000, "aria-describedby": describedBy("message") })),
    h("div", { class: "honeypot", "aria-hidden": "true" },
      h("label", { for: p + "website" }, "Leave this field empty"),
      h("input", { id: p + "website", name: "website", type: "text", tabindex: "-1", autocomplete: "off" })),
    h("div", { class: "field" },
      h("div", { class: "consent" },
        h("input", { id: p + "consent", name: "consent", type: "checkbox", required: true, "aria-describedby": p + "consent-error" }),
        h("label", { for: p + "consent" }, CONSENT_TEXT)),
      h("p", { class: "error", id: p + "consent-error", "data-error-for": "consent" })),
    h("p", { class: "error", "data-error-for": "_form" }),
    h("button", { class: "button", type: "submit" }, "Ask for a free callback"));

  const section = h("section", { class: "callback-box", "aria-labelledby": p + "title" },
    h(headingLevel, { id: p + "title" }, "Free callback"),
    h("p", {}, "Leave your number and a trained counsellor will phone you back. It is free and confidential."),
    form);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const data = new FormData(form);
    const payload = {
      name: String(data.get("name") || "").trim(),
      phone: String(data.get("phone") || "").trim(),
      preferred_time: data.get("preferred_time"),
      message: String(data.get("message") || "").trim(),
      consent: data.get("consent") === "on",
      consent_text: CONSENT_TEXT,
      website: String(data.get("website") || ""),
      source_url: location.href,
    };
    if (articleId) payload.article = articleId;
    button.disabled = true;
    announce("Sending your request…");
    try {
      await postJSON("/api/collections/callback_leads/records", payload);
      const done = h("div", { class: "confirmation", tabindex: "-1" },
        h("p", {}, h("strong", {}, "Thank you. Your request has reached us.")),
        h("p", {}, "A counsellor will phone you " + whenText(payload.preferred_time) +
          ". The call may show as a withheld number. If you need help before then, the emergency numbers at the top of this page are always open."));
      replace(form, done);
      done.focus();
      announce("Your callback request was sent.");
    } catch (err) {
      button.disabled = false;
      const errors = fieldErrors(err.body);
      const unplaced = showFieldErrors(form, errors);
      const general = Object.keys(errors).length === 0 || Object.keys(unplaced).length > 0
        ? (err.status === 429 ? err.message : (err.message || "Something went wrong. Please try again."))
        : "Please correct the highlighted fields.";
      form.querySelector('[data-error-for="_form"]').textContent = general;
      announce(general);
    }
  });
  return section;
}

function whenText(pref) {
  switch (pref) {
    case "morning": return "in the morning";
    case "afternoon": return "in the afternoon";
    case "evening": return "in the evening";
    case "anytime": return "at a time that suits our team";
    default: return "as soon as they can, usually within one working day";
  }
}
