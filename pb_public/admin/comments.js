// Editorial comments beside the editor: staff discuss an article, quote the passage they mean,
// mark a comment as blocking (the article cannot be published until it is resolved) and
// mention colleagues with @name (they get an email).
import { h, replace, formatDate, announce, fieldErrors, showFieldErrors } from "/assets/dom.js";
import * as api from "/admin/api.js";

const URL = "/api/collections/editorial_comments/records";

/** renderComments fills section with the comments of article; staff is [{id, name, email}]. */
export async function renderComments(section, article, staff) {
  const names = new Map(staff.map((s) => [s.id, s.name || s.email]));
  const me = api.current() && api.current().record;
  const data = await api.list("editorial_comments", { filter: `article = ${api.quote(article.id)}`, sort: "created", perPage: 200 });
  const open = data.items.filter((c) => c.blocking && !c.resolved).length;
  const reload = () => renderComments(section, article, staff);

  const form = h("form", { class: "comment-form", novalidate: true, "aria-labelledby": "comment-new-title" },
    h("h3", { id: "comment-new-title" }, "Add a comment"),
    h("div", { class: "field" },
      h("label", { for: "c-body" }, "Comment"),
      h("p", { class: "hint", id: "c-body-hint" }, "Plain text. Write @ and a colleague's email name or full name without spaces (for example @priyanair) to email them."),
      h("textarea", { id: "c-body", name: "body", rows: 3, maxlength: 5000, required: true, "aria-describedby": "c-body-hint c-body-error" }),
      h("p", { class: "error", id: "c-body-error", "data-error-for": "body" })),
    h("div", { class: "field" },
      h("label", { for: "c-quote" }, "Passage it is about (optional)"),
      h("input", { id: "c-quote", name: "quote", type: "text", maxlength: 1000, "aria-describedby": "c-quote-error" }),
      h("p", { class: "error", id: "c-quote-error", "data-error-for": "quote" })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "blocking" }), " Blocking: must be resolved before publishing"),
    h("p", { class: "error", "data-error-for": "_form" }),
    h("button", { type: "submit" }, "Add comment"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    try {
      await api.request(URL, { method: "POST", json: {
        article: article.id, body: String(fd.get("body") || ""), quote: String(fd.get("quote") || ""), blocking: fd.get("blocking") === "on",
      } });
      announce("Comment added.");
      await reload();
      section.querySelector("#c-body")?.focus();
    } catch (err) {
      const errors = fieldErrors(err.body);
      const rest = showFieldErrors(form, errors);
      form.querySelector('[data-error-for="_form"]').textContent = Object.keys(rest).length || !Object.keys(errors).length ? (err.message || "The comment was not saved.") : "";
    }
  });

  const act = async (c, json, done) => {
    try {
      if (json === null) await api.request(`${URL}/${c.id}`, { method: "DELETE" });
      else await api.request(`${URL}/${c.id}`, { method: "PATCH", json });
      announce(done);
      await reload();
    } catch (err) {
      announce(err.message || "That did not work.");
    }
  };
  section.setAttribute("aria-labelledby", "comments-title");
  replace(section,
    h("h2", { id: "comments-title" }, "Comments"),
    open ? h("p", { class: "review-summary", id: "blocking-count" }, `${open} blocking ${open === 1 ? "comment stops" : "comments stop"} publishing until resolved.`) : null,
    data.items.length ? h("ol", { class: "comments" }, data.items.map((c) => h("li", { class: `comment${c.resolved ? " resolved" : ""}${c.blocking ? " blocking" : ""}` },
      h("p", { class: "meta" }, h("strong", {}, names.get(c.author) || (c.author ? "Former staff" : "Superuser")), " · ", formatDate(c.created, true),
        c.blocking ? h("span", { class: "badge" }, c.resolved ? "Was blocking" : "Blocking") : null,
        c.resolved ? ` · resolved by ${names.get(c.resolved_by) || "someone"} on ${formatDate(c.resolved_at, true)}` : ""),
      c.quote ? h("blockquote", {}, c.quote) : null,
      h("p", { class: "comment-body" }, c.body),
      h("div", { class: "comment-actions" },
        h("button", { type: "button", onclick: () => act(c, { resolved: !c.resolved }, c.resolved ? "Comment reopened." : "Comment resolved.") },
          c.resolved ? "Reopen" : "Resolve", h("span", { class: "visually-hidden" }, ` comment from ${formatDate(c.created, true)}`)),
        me && (me.id === c.author || me.role === "admin") ? h("button", { type: "button", class: "danger", onclick: () => confirm("Delete this comment?") && act(c, null, "Comment deleted.") },
          "Delete", h("span", { class: "visually-hidden" }, ` comment from ${formatDate(c.created, true)}`)) : null))))
      : h("p", {}, "No comments yet."),
    form);
}
