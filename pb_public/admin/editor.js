// The article editor: every article field, a markdown toolbar, a debounced live preview from
// the server's own pipeline, the publishing actions, field errors in place, an unsaved-changes
// guard, Ctrl/Cmd+S, and the revision history with a line diff and restore.
import { h, replace, sanitizedHTML, formatDate, announce, fieldErrors, showFieldErrors } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { go, setLeaveGuard, setTeardown, showError, isCurrent } from "/admin/nav.js";
import { statusLabel } from "/admin/articles.js";
import { lineDiff } from "/admin/diff.js";
import { markdownToolbar, livePreview } from "/admin/markdown.js";
import { renderComments } from "/admin/comments.js";
import { showPresence } from "/admin/presence.js";
import { articleBrokenLinks } from "/admin/links.js";

const TEXT_FIELDS = ["title", "slug", "summary", "author", "cover_alt", "meta_title", "meta_description", "body"];

/** REVIEW_LABELS names each review_status for people. */
export const REVIEW_LABELS = {
  none: "Not reviewed",
  approved: "Clinically approved",
  changed_since_review: "Changed since review",
  due: "Review due soon",
  overdue: "Review overdue",
};

/** toLocalInput turns a stored UTC date into a datetime-local value in the editor's own zone. */
export function toLocalInput(value) {
  if (!value) return "";
  const d = new Date(String(value).replace(" ", "T"));
  if (isNaN(d)) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** fromLocalInput turns a datetime-local value (the editor's zone) into a UTC ISO string. */
export function fromLocalInput(value) {
  if (!value) return "";
  const d = new Date(value);
  return isNaN(d) ? "" : d.toISOString();
}

/** editorView edits the article with id ("new" for a new one). */
export async function editorView(main, id) {
  const isNew = id === "new";
  const [authors, topics, staff, article] = await Promise.all([
    api.list("authors", { perPage: 500, sort: "name", fields: "id,name" }),
    api.list("topics", { perPage: 500, sort: "name", fields: "id,name" }),
    api.list("staff", { perPage: 500, fields: "id,name,email" }),
    isNew ? Promise.resolve(null) : api.request(`/api/collections/articles/records/${encodeURIComponent(id)}`),
  ]);
  if (!isCurrent(main)) return;
  const a = article || { status: "draft", topics: [], body: "" };
  const writable = api.can.write();
  document.title = `${isNew ? "New article" : a.title} · Staff panel`;

  const field = (name, label, control, hint) => h("div", { class: "field" },
    h("label", { for: `a-${name}` }, label),
    hint ? h("p", { class: "hint", id: `a-${name}-hint` }, hint) : null,
    control,
    h("p", { class: "error", id: `a-${name}-error`, "data-error-for": name }));
  const input = (name, attrs = {}) => h("input", {
    id: `a-${name}`, name, type: "text", value: a[name] || "",
    "aria-describedby": [attrs.hint ? `a-${name}-hint` : "", `a-${name}-error`].filter(Boolean).join(" "), ...attrs, hint: null,
  });
  const select = (name, options, empty) => h("select", { id: `a-${name}`, name, "aria-describedby": `a-${name}-error` },
    h("option", { value: "" }, empty),
    options.map((o) => h("option", { value: o.id, selected: a[name] === o.id }, o.name)));

  const body = h("textarea", { id: "a-body", name: "body", class: "body", "aria-describedby": "a-body-error a-body-hint" });
  body.value = a.body || "";
  const preview = livePreview(body, "article-preview");

  const linksBox = h("section", { id: "article-links", hidden: true, "aria-labelledby": "article-links-title" });
  const scheduleInput = h("input", {
    id: "a-schedule", name: "schedule", type: "datetime-local",
    value: a.status === "published" && a.published_at && new Date(a.published_at.replace(" ", "T")) > new Date() ? toLocalInput(a.published_at) : "",
    "aria-describedby": "a-schedule-hint a-published_at-error",
  });
  const unpublishInput = h("input", {
    id: "a-unpublish_at", name: "unpublish_at_local", type: "datetime-local",
    value: a.unpublish_at ? toLocalInput(a.unpublish_at) : "",
    "aria-describedby": "a-unpublish-hint a-unpublish_at-error",
  });
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "your time zone";

  const form = h("form", { class: "article-form", novalidate: true, "aria-labelledby": "editor-title" },
    h("div", { class: "editor-meta" },
      field("title", "Title", input("title", { required: true, maxlength: 200 })),
      field("slug", "Slug", input("slug", { maxlength: 100, hint: true }), "Leave empty to make one from the title."),
      field("author", "Author", select("author", authors.items, "Choose an author")),
      field("next_review_at", "Next clinical review", h("input", { id: "a-next_review_at", name: "next_review_at", type: "date", value: (a.next_review_at || "").slice(0, 10), "aria-describedby": "a-next_review_at-error" })),
      field("meta_title", "SEO title", input("meta_title", { maxlength: 200 })),
      field("meta_description", "SEO description", input("meta_description", { maxlength: 160 }))),
    field("summary", "Summary", h("textarea", { id: "a-summary", name: "summary", rows: 2, maxlength: 300, "aria-describedby": "a-summary-hint a-summary-error" }, a.summary || ""), "Leave empty to use the first paragraph."),
    h("fieldset", {}, h("legend", {}, "Topics"),
      h("div", { class: "checks" }, topics.items.map((t) => h("label", {},
        h("input", { type: "checkbox", name: "topics", value: t.id, checked: (a.topics || []).includes(t.id) }), t.name))),
      h("p", { class: "error", "data-error-for": "topics" })),
    h("fieldset", {}, h("legend", {}, "Cover image"),
      a.cover ? h("p", {}, "Current cover: ", h("a", { href: `/api/files/articles/${a.id}/${a.cover}`, onclick: openWithFileToken }, a.cover)) : null,
      field("cover", "Image file", h("input", { id: "a-cover", name: "cover", type: "file", accept: "image/jpeg,image/png,image/webp,image/gif", "aria-describedby": "a-cover-error" })),
      field("cover_alt", "Alternative text (required with a cover)", input("cover_alt", { maxlength: 300 }))),
    h("div", { class: "editor-grid" },
      h("div", {},
        h("label", { for: "a-body" }, "Body (markdown)"),
        h("p", { class: "hint", id: "a-body-hint" }, "Use ## for section headings. Ctrl+S or Cmd+S saves."),
        markdownToolbar(body),
        body,
        h("p", { class: "error", id: "a-body-error", "data-error-for": "body" })),
      preview.element),
    linksBox,
    h("div", { class: "field" },
      h("label", { for: "a-schedule" }, "Publish at (for scheduling)"),
      h("p", { class: "hint", id: "a-schedule-hint" }, `Your local time (${tz}); it is stored in UTC.`),
      scheduleInput,
      h("p", { class: "error", id: "a-published_at-error", "data-error-for": "published_at" })),
    h("div", { class: "field" },
      h("label", { for: "a-unpublish_at" }, "Take down at (optional)"),
      h("p", { class: "hint", id: "a-unpublish-hint" }, `The article leaves the site, feeds, sitemap and search at this time (${tz}). Leave empty to keep it up.`),
      unpublishInput,
      h("p", { class: "error", id: "a-unpublish_at-error", "data-error-for": "unpublish_at" })),
    h("div", { class: "field" }, h("label", {}, h("input", { type: "checkbox", name: "comments_open", checked: isNew || a.comments_open }), " Readers may comment (comments appear once moderated)")),
    h("p", { class: "error", "data-error-for": "_form" }),
    h("div", { class: "actions" },
      h("span", { class: "badge", id: "status-badge" }, isNew ? "New" : statusLabel(a)),
      a.published_at && a.status === "published" ? h("span", { class: "hint" }, `Publish time: ${formatDate(a.published_at, true)}`) : null,
      writable ? [
        h("button", { type: "button", class: "primary", "data-action": "save" }, isNew || a.status === "draft" ? "Save draft" : "Save"),
        h("button", { type: "button", "data-action": "review" }, "Submit for review"),
        h("button", { type: "button", "data-action": "publish" }, "Publish now"),
        h("button", { type: "button", "data-action": "schedule" }, "Schedule"),
        !isNew && a.status === "published" ? h("button", { type: "button", class: "danger", "data-action": "unpublish" }, "Unpublish") : null,
      ] : h("p", { class: "hint" }, "Your role can read articles but not change them.")));

  const revisions = h("section", { id: "revisions" });
  const comments = h("section", { id: "comments" });
  const presenceBox = h("p", { id: "presence", class: "presence", hidden: true, role: "status" });
  const conflictBox = h("section", { id: "edit-conflict", class: "conflict", hidden: true, "aria-labelledby": "conflict-title" });
  const me = api.current() && api.current().record;
  const reviewer = authors.items.find((p) => p.id === a.reviewed_by);
  const reviewBox = isNew ? null : h("section", { id: "clinical-review", class: `review review-${a.review_status || "none"}`, "aria-labelledby": "review-title" },
    h("h2", { id: "review-title" }, "Clinical review"),
    h("p", {}, h("strong", { id: "review-status" }, REVIEW_LABELS[a.review_status] || REVIEW_LABELS.none),
      reviewer && a.review_status !== "none" ? ` · signed off by ${reviewer.name} on ${formatDate(a.reviewed_at)}` : "",
      a.next_review_at && a.review_status !== "changed_since_review" ? ` · next review by ${formatDate(a.next_review_at)}` : ""),
    a.review_status === "changed_since_review" ? h("p", { class: "hint" }, "The title, summary or body changed after the sign-off: the public page no longer says it was reviewed until a clinician approves this text.") : null,
    me && me.clinician ? h("button", { type: "button", id: "approve", onclick: approve }, "Approve this text") : h("p", { class: "hint" }, "Only a clinician can sign off an article; publishing needs a current sign-off."));
  async function approve() {
    if (dirty() && !confirm("You have unsaved changes. Approve the saved text without them?")) return;
    try {
      await api.request(`/api/cms/articles/${encodeURIComponent(a.id)}/approve`, { method: "POST" });
      setLeaveGuard(null);
      await editorView(main, a.id);
      announce("Approved.");
    } catch (err) {
      showError(err, main);
    }
  }
  let loadedVersion = a.updated || "";
  replace(main,
    h("p", {}, h("a", { href: "#/articles" }, "All articles")),
    h("h1", { id: "editor-title" }, isNew ? "New article" : `Edit: ${a.title}`),
    presenceBox, conflictBox, reviewBox, form, isNew ? null : comments, revisions);

  const snapshot = () => JSON.stringify([...new FormData(form).entries()].map(([k, v]) => [k, typeof v === "string" ? v : v.name]));
  let saved = snapshot();
  const dirty = () => snapshot() !== saved;
  setLeaveGuard(dirty);
  preview.refresh();

  async function save(action) {
    const fd = new FormData();
    for (const name of TEXT_FIELDS) fd.append(name, form.elements[name].value);
    const nextReview = form.elements.next_review_at.value;
    fd.append("next_review_at", nextReview ? `${nextReview} 00:00:00.000Z` : "");
    const chosen = [...form.querySelectorAll('input[name="topics"]:checked')].map((c) => c.value);
    if (chosen.length) chosen.forEach((t) => fd.append("topics", t)); else fd.append("topics", "");
    const file = form.elements.cover.files[0];
    if (file) fd.append("cover", file);

    let status = isNew ? "draft" : a.status;
    if (action === "review") status = "in_review";
    if (action === "publish") { status = "published"; fd.append("published_at", new Date().toISOString()); }
    if (action === "schedule") {
      const when = fromLocalInput(scheduleInput.value);
      if (!when) {
        showFieldErrors(form, { published_at: "Choose a date and time to publish at." });
        scheduleInput.focus();
        return;
      }
      status = "published";
      fd.append("published_at", when);
    }
    if (action === "unpublish") { status = "draft"; fd.append("published_at", ""); }
    fd.append("unpublish_at", unpublishInput.value ? fromLocalInput(unpublishInput.value) : "");
    fd.append("status", status);
    fd.append("comments_open", form.elements.comments_open.checked ? "true" : "false");

    const buttons = form.querySelectorAll(".actions button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      // The version this editor loaded: a save by someone else since then is a 409, not lost.
      const headers = isNew ? {} : { "If-Match": `"${loadedVersion}"` };
      const rec = await api.request(isNew ? "/api/collections/articles/records" : `/api/collections/articles/records/${a.id}`,
        { method: isNew ? "POST" : "PATCH", form: fd, headers });
      saved = snapshot();
      announce(action === "publish" ? "Published." : action === "schedule" ? "Scheduled." : action === "unpublish" ? "Unpublished." : "Saved.");
      sessionStorage.setItem("rcms.panel.flash", "Saved.");
      if (isNew) { setLeaveGuard(null); go(`#/articles/${rec.id}`); return; }
      await editorView(main, rec.id);
      announce("Saved.");
    } catch (err) {
      buttons.forEach((b) => { b.disabled = false; });
      if (err.status === 401) return;
      if (err.status === 409 && err.body && err.body.data && err.body.data.current) {
        showConflict(err.body.data.current);
        return;
      }
      const errors = fieldErrors(err.body);
      const unplaced = showFieldErrors(form, errors);
      const left = Object.entries(unplaced).map(([k, v]) => `${k}: ${v}`).join(" ");
      const msg = Object.keys(errors).length ? `Not saved. ${left || "Please correct the fields marked in red."}` : `Not saved. ${err.message}`;
      form.querySelector('[data-error-for="_form"]').textContent = msg;
      announce(msg);
    }
  }
  // showConflict shows what the other person saved beside this editor's text, to merge by
  // hand: saving again then overwrites their version knowingly; or load theirs instead.
  function showConflict(theirs) {
    const mine = { title: form.elements.title.value, summary: form.elements.summary.value, body: body.value };
    const parts = ["title", "summary", "body"].filter((f) => (theirs[f] || "") !== (mine[f] || ""));
    replace(conflictBox,
      h("h2", { id: "conflict-title", tabindex: "-1" }, "Someone else saved this article while you were editing"),
      h("p", {}, `Their save is from ${formatDate(theirs.updated, true)}. Your changes are not saved yet. Below, lines marked “−” are theirs and “+” are yours.`),
      parts.length ? parts.map((f) => h("div", {},
        h("h3", {}, f[0].toUpperCase() + f.slice(1)),
        h("div", { class: "diff" }, lineDiff(theirs[f] || "", mine[f] || "").map((l) =>
          h("span", { class: l.op }, (l.op === "add" ? "+ " : l.op === "del" ? "− " : "  ") + l.line)))))
        : h("p", {}, "Their title, summary and body are the same as yours; other fields may differ."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary", onclick: () => { loadedVersion = theirs.updated; replace(conflictBox); save("save"); } }, "Save my version over theirs"),
        h("button", { type: "button", onclick: () => { setLeaveGuard(null); editorView(main, a.id); } }, "Discard mine and load theirs")),
      h("p", { class: "hint" }, "To merge, copy what you need from their version into the editor, then save yours over theirs."));
    conflictBox.hidden = false;
    conflictBox.querySelector("h2").focus();
    announce("Not saved: someone else saved this article while you were editing.");
  }

  form.querySelector(".actions").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-action]");
    if (b) save(b.dataset.action);
  });
  const onKey = (ev) => {
    // A save re-renders the editor in place, without the route change that runs the teardown:
    // a replaced form lets go here, or Ctrl+S would also save its stale copy of the fields.
    if (!isCurrent(form)) { document.removeEventListener("keydown", onKey); preview.stop(); return; }
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") {
      ev.preventDefault();
      if (writable) save("save");
    }
  };
  document.addEventListener("keydown", onKey);
  const stopPresence = isNew ? () => {} : showPresence(presenceBox, a.id);
  setTeardown(() => { document.removeEventListener("keydown", onKey); preview.stop(); stopPresence(); });

  if (!isNew) articleBrokenLinks(linksBox, a.id).catch(() => {});
  if (!isNew) renderRevisions(main, revisions, a, staff.items, body, writable).catch((err) => showError(err, main));
  if (!isNew) renderComments(comments, a, staff.items).catch((err) => showError(err, main));
}

async function renderRevisions(main, section, article, staff, body, writable) {
  const names = new Map(staff.map((s) => [s.id, s.name || s.email]));
  const data = await api.list("article_revisions", {
    filter: `article = ${api.quote(article.id)}`, sort: "-created", perPage: 50,
  });
  const diffBox = h("div", { id: "revision-diff", "aria-live": "polite" });
  section.setAttribute("aria-labelledby", "rev-title");
  replace(section,
    h("h2", { id: "rev-title" }, "Revisions"),
    h("p", { class: "hint" }, "Each change of title, summary, body or status is kept (the latest 50). Restoring a revision copies its title, summary and body back, which itself becomes a new revision."),
    data.items.length ? h("table", { class: "responsive" },
      h("thead", {}, h("tr", {}, ["When", "Who", "Status", "Title", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, data.items.map((r, i) => h("tr", {},
        h("td", {}, formatDate(r.created, true), i === 0 ? " (latest)" : ""),
        h("td", {}, names.get(r.staff) || (r.staff ? "Former staff" : "Import or system")),
        h("td", {}, r.status),
        h("td", {}, r.title),
        h("td", {},
          h("button", { type: "button", onclick: () => showDiff(diffBox, r, body.value) }, "Compare", h("span", { class: "visually-hidden" }, ` revision from ${formatDate(r.created, true)}`)), " ",
          writable && i > 0 ? h("button", { type: "button", "data-restore": r.id, onclick: () => restore(main, article, r) }, "Restore", h("span", { class: "visually-hidden" }, ` revision from ${formatDate(r.created, true)}`)) : null)))))
      : h("p", {}, "No revisions yet."),
    diffBox);
}

function showDiff(box, rev, currentBody) {
  const lines = lineDiff(rev.body, currentBody);
  const changed = lines.filter((l) => l.op !== "same").length;
  replace(box,
    h("h3", {}, `Changes from the revision of ${formatDate(rev.created, true)} to the text in the editor`),
    h("p", { class: "hint" }, changed ? `${changed} changed lines. Removed lines are marked “−”, added lines “+”.` : "No differences in the body."),
    h("div", { class: "diff" }, lines.map((l) =>
      h("span", { class: l.op }, (l.op === "add" ? "+ " : l.op === "del" ? "− " : "  ") + l.line))));
  box.scrollIntoView({ block: "nearest" });
}

async function restore(main, article, rev) {
  if (!confirm(`Restore the revision from ${formatDate(rev.created, true)}? Unsaved changes in the editor are replaced.`)) return;
  try {
    await api.request(`/api/collections/articles/records/${article.id}`, {
      method: "PATCH", json: { title: rev.title, summary: rev.summary, body: rev.body },
    });
    setLeaveGuard(null);
    await editorView(main, article.id);
    announce("Revision restored.");
  } catch (err) {
    showError(err, main);
  }
}

/** openWithFileToken opens a file link with a short-lived file token: covers of unpublished
 * articles are served only to staff, and a plain link carries no Authorization header. */
async function openWithFileToken(ev) {
  ev.preventDefault();
  const href = ev.currentTarget.getAttribute("href");
  const tab = window.open("about:blank", "_blank");
  try {
    const { token } = await api.request("/api/files/token", { method: "POST" });
    if (tab) { tab.opener = null; tab.location.href = `${href}?token=${encodeURIComponent(token)}`; }
  } catch (err) {
    if (tab) tab.close();
    announce(err.message || "The cover could not be opened.");
  }
}
