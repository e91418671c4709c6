// The reader comments moderation queue for editors and admins: pending comments, held ones
// (flags pii or crisis) first with a prompt; approve, reject, mark spam, reply, or approve a
// redacted copy (the original is kept for staff). Keyboard: a approve, r reject, s spam,
// j / k next and previous comment, never while typing in a field.
import { h, replace, formatDate, announce, fieldErrors } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { setTeardown, isCurrent } from "/admin/nav.js";

const PROMPTS = {
  crisis: "Held: this comment may come from someone in crisis. Do not approve it as it is: follow the crisis guidance and consider replying with the help contacts.",
  pii: "Held: this comment may contain a name, phone number or email address. Approve only a redacted copy, with the details removed.",
};
const KEYS = { a: "approved", r: "rejected", s: "spam" };

/** moderationView renders the queue of pending comments, held ones first. */
export async function moderationView(main) {
  document.title = "Reader comments · Staff panel";
  const data = await api.list("comments", { perPage: 100, filter: 'status = "pending"', sort: "flags,created" });
  if (!isCurrent(main)) return;
  const items = data.items;
  const titles = await articleTitles(items);
  if (!isCurrent(main)) return;
  let selected = 0;
  const list = h("ol", { class: "moderation-queue", "aria-label": "Comments waiting for moderation" });

  const moderate = async (c, status, fields = {}) => {
    try {
      await api.request(`/api/collections/comments/records/${c.id}`, { method: "PATCH", json: { status, ...fields } });
    } catch (err) {
      const errors = fieldErrors(err.body || {});
      announce(Object.values(errors)[0] || err.message || "The comment could not be saved.");
      return;
    }
    items.splice(items.indexOf(c), 1);
    selected = Math.min(selected, items.length - 1);
    announce(`Comment ${status === "approved" ? "approved" : status === "spam" ? "marked as spam" : "rejected"}. ${items.length} left.`);
    draw();
  };

  const card = (c, i) => {
    const flags = c.flags || [];
    const body = h("textarea", { id: `body-${c.id}`, rows: 4, maxlength: 2000 }, c.body);
    const reply = h("textarea", { id: `reply-${c.id}`, rows: 2, maxlength: 2000 }, c.reply || "");
    return h("li", { class: ["comment-card", flags.length ? "is-held" : "", i === selected ? "is-selected" : ""].join(" ").trim(),
      tabindex: "-1", "aria-current": i === selected ? "true" : null, "data-comment": c.id },
      h("h2", {}, `${c.display_name || "Anonymous"} on `, titles[c.article] || "an article", " · ", formatDate(c.created, true)),
      flags.map((f) => h("p", { class: `prompt flag-${f}`, role: "note" }, h("strong", {}, f === "pii" ? "Personal details " : "Crisis "), PROMPTS[f] || "")),
      h("p", { class: "comment-text" }, c.body),
      h("details", {}, h("summary", {}, "Redact or reply"),
        h("label", { for: `body-${c.id}` }, "Text to publish (the original is kept for staff)"), body,
        h("label", { for: `reply-${c.id}` }, "Reply from the team (optional)"), reply),
      h("div", { class: "actions" },
        h("button", { type: "button", onclick: () => moderate(c, "approved", changes(c, body, reply)) }, "Approve (a)"),
        h("button", { type: "button", onclick: () => moderate(c, "rejected") }, "Reject (r)"),
        h("button", { type: "button", class: "danger", onclick: () => moderate(c, "spam") }, "Spam (s)")));
  };

  const draw = () => {
    replace(list, items.length ? items.map(card) : h("li", {}, "No comments are waiting. Well done."));
    const el = list.querySelector(".is-selected");
    if (el && list.contains(document.activeElement) === false) el.focus({ preventScroll: false });
  };

  const onKey = (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target) || !items.length) return;
    const c = items[selected];
    if (KEYS[ev.key]) {
      ev.preventDefault();
      const card = list.querySelector(".is-selected");
      const fields = ev.key === "a" && card ? changes(c, card.querySelector(`#body-${c.id}`), card.querySelector(`#reply-${c.id}`)) : {};
      moderate(c, KEYS[ev.key], fields);
    } else if (ev.key === "j" || ev.key === "k") {
      ev.preventDefault();
      selected = Math.max(0, Math.min(items.length - 1, selected + (ev.key === "j" ? 1 : -1)));
      draw();
      list.querySelector(".is-selected").focus();
    }
  };
  document.addEventListener("keydown", onKey);
  setTeardown(() => document.removeEventListener("keydown", onKey));

  replace(main,
    h("h1", {}, "Reader comments"),
    h("p", { class: "hint", id: "shortcuts" }, "Keyboard shortcuts: a approve, r reject, s spam, j next comment, k previous comment. They do nothing while you type in a field."),
    h("p", {}, `${items.length} comment${items.length === 1 ? "" : "s"} waiting; held ones first.`),
    list);
  draw();
}

/** changes are the fields an approval sends: a redacted body and a reply, when edited. */
function changes(c, body, reply) {
  const out = {};
  if (body && body.value.trim() !== c.body) out.body = body.value;
  if (reply && reply.value.trim() !== (c.reply || "")) out.reply = reply.value;
  return out;
}

function typing(el) {
  return el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

async function articleTitles(items) {
  const ids = [...new Set(items.map((c) => c.article))];
  if (!ids.length) return {};
  const data = await api.list("articles", { perPage: 100, fields: "id,title", filter: ids.map((id) => `id = ${api.quote(id)}`).join(" || ") });
  return Object.fromEntries(data.items.map((a) => [a.id, a.title]));
}
