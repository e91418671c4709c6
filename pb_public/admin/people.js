// Authors and topics: lists and create/edit forms (author bio in markdown with a preview,
// avatar upload).
import { h, replace, announce, fieldErrors, showFieldErrors } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { go, setLeaveGuard, setTeardown, isCurrent } from "/admin/nav.js";
import { markdownToolbar, livePreview } from "/admin/markdown.js";

const KINDS = {
  authors: {
    title: "Authors", one: "author",
    fields: [["name", "Name", "text"], ["slug", "Slug (leave empty to make one from the name)", "text"], ["credentials", "Credentials", "text"], ["bio", "Bio (markdown)", "markdown"], ["avatar", "Avatar image", "file"]],
    columns: ["name", "slug", "credentials"],
  },
  topics: {
    title: "Topics", one: "topic",
    fields: [["name", "Name", "text"], ["slug", "Slug (leave empty to make one from the name)", "text"], ["description", "Description", "textarea"]],
    columns: ["name", "slug", "description"],
  },
};

/** authorsView lists authors, or edits one when id is given ("new" creates). */
export function authorsView(main, id) { return kindView(main, "authors", id); }

/** topicsView lists topics, or edits one when id is given ("new" creates). */
export function topicsView(main, id) { return kindView(main, "topics", id); }

async function kindView(main, kind, id) {
  const k = KINDS[kind];
  if (id) return editView(main, kind, k, id);
  document.title = `${k.title} · Staff panel`;
  const data = await api.list(kind, { perPage: 500, sort: "name" });
  if (!isCurrent(main)) return;
  replace(main,
    h("h1", {}, k.title),
    h("p", {}, h("a", { class: "button primary", href: `#/${kind}/new` }, `New ${k.one}`)),
    h("table", { class: "responsive" },
      h("thead", {}, h("tr", {}, k.columns.map((c) => h("th", { scope: "col" }, c[0].toUpperCase() + c.slice(1))))),
      h("tbody", {}, data.items.map((r) => h("tr", {}, k.columns.map((c, i) =>
        h("td", {}, i === 0 ? h("a", { href: `#/${kind}/${r.id}` }, r[c]) : r[c] || "")))))));
}

async function editView(main, kind, k, id) {
  const isNew = id === "new";
  const rec = isNew ? {} : await api.request(`/api/collections/${kind}/records/${encodeURIComponent(id)}`);
  if (!isCurrent(main)) return;
  document.title = `${isNew ? `New ${k.one}` : rec.name} · Staff panel`;
  let preview = null;
  const controls = k.fields.map(([name, label, type]) => {
    const common = { id: `p-${name}`, name, "aria-describedby": `p-${name}-error` };
    let control;
    if (type === "markdown") {
      control = h("textarea", { ...common, rows: 8 });
      control.value = rec[name] || "";
      preview = livePreview(control, `${name}-preview`);
      control = h("div", {}, markdownToolbar(control), control);
    } else if (type === "textarea") {
      control = h("textarea", { ...common, rows: 3 });
      control.value = rec[name] || "";
    } else if (type === "file") {
      control = h("div", {},
        rec[name] ? h("img", { src: `/api/files/${kind}/${rec.id}/${rec[name]}?thumb=96x96`, alt: `Current ${label.toLowerCase()}`, width: 96, height: 96 }) : null,
        h("input", { ...common, type: "file", accept: "image/jpeg,image/png,image/webp,image/gif" }));
    } else {
      control = h("input", { ...common, type: "text", value: rec[name] || "" });
    }
    return h("div", { class: "field" }, h("label", { for: `p-${name}` }, label), control,
      h("p", { class: "error", id: `p-${name}-error`, "data-error-for": name }));
  });
  const form = h("form", { novalidate: true },
    controls,
    preview ? preview.element : null,
    h("p", { class: "error", "data-error-for": "_form" }),
    h("div", { class: "actions" }, h("button", { class: "primary", type: "submit" }, "Save")));
  replace(main, h("p", {}, h("a", { href: `#/${kind}` }, `All ${kind}`)), h("h1", {}, isNew ? `New ${k.one}` : `Edit ${k.one}: ${rec.name}`), form);
  if (preview) { preview.refresh(); setTeardown(preview.stop); }
  const snap = () => JSON.stringify([...new FormData(form).entries()].map(([a, v]) => [a, typeof v === "string" ? v : v.name]));
  let saved = snap();
  setLeaveGuard(() => snap() !== saved);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData();
    for (const [name, , type] of k.fields) {
      if (type === "file") { const f = form.elements[name].files[0]; if (f) fd.append(name, f); }
      else fd.append(name, form.elements[name].value);
    }
    try {
      const out = await api.request(isNew ? `/api/collections/${kind}/records` : `/api/collections/${kind}/records/${rec.id}`,
        { method: isNew ? "POST" : "PATCH", form: fd });
      saved = snap();
      setLeaveGuard(null);
      announce("Saved.");
      if (isNew) go(`#/${kind}/${out.id}`); else await editView(main, kind, k, out.id);
    } catch (err) {
      const errors = fieldErrors(err.body);
      const unplaced = showFieldErrors(form, errors);
      const msg = Object.keys(errors).length && !Object.keys(unplaced).length ? "Not saved. Please correct the fields marked in red." : `Not saved. ${err.message}`;
      form.querySelector('[data-error-for="_form"]').textContent = msg;
      announce(msg);
    }
  });
}
