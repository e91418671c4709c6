// The help directory in the panel: the list of resources with the ones due for re-verifying
// marked, and a form for one resource (opening hours as 24/7 or weekly spans) with "Mark
// verified now".
import { h, replace, announce, formatDate, fieldErrors, showFieldErrors } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { go, setLeaveGuard, isCurrent } from "/admin/nav.js";

const KINDS = [["helpline", "Helpline"], ["text_line", "Text line"], ["service", "Service"], ["support_group", "Support group"], ["website", "Website"]];
const COSTS = [["", "Not stated"], ["free", "Free"], ["low_cost", "Low cost"], ["paid", "Paid"]];
const STATUSES = [["draft", "Draft"], ["published", "Published"]];
const DAYS = [["mon", "Mon"], ["tue", "Tue"], ["wed", "Wed"], ["thu", "Thu"], ["fri", "Fri"], ["sat", "Sat"], ["sun", "Sun"]];
const label = (pairs, v) => (pairs.find(([k]) => k === v) || [v, v || ""])[1];

/** resourcesView lists the help resources, or edits one when id is given ("new" creates). */
export async function resourcesView(main, id) {
  if (id) return editView(main, id);
  document.title = "Resources · Staff panel";
  const [data, stale] = await Promise.all([
    api.list("resources", { perPage: 500, sort: "name" }),
    api.request("/api/cms/editorial/stale-resources"),
  ]);
  if (!isCurrent(main)) return;
  const due = new Set(stale.items.map((r) => r.id));
  replace(main,
    h("h1", {}, "Resources"),
    h("p", {}, h("a", { class: "button primary", href: "#/resources/new" }, "New resource")),
    stale.total ? h("p", { class: "notice" }, `${stale.total} ${stale.total === 1 ? "resource needs" : "resources need"} re-verifying (not checked for 180 days, or never).`) : null,
    h("table", { class: "responsive", id: "resources-list" },
      h("thead", {}, h("tr", {}, ["Name", "Kind", "Country", "Status", "Verified"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, data.items.map((r) => h("tr", { "data-id": r.id },
        h("td", {}, h("a", { href: `#/resources/${r.id}` }, r.name)),
        h("td", {}, label(KINDS, r.kind)),
        h("td", {}, r.country),
        h("td", {}, label(STATUSES, r.status)),
        h("td", {}, r.verified_at ? formatDate(r.verified_at) : "Never",
          due.has(r.id) ? [" ", h("span", { class: "badge overdue" }, "needs re-verifying")] : null))))));
}

async function editView(main, id) {
  const isNew = id === "new";
  const [rec, topics] = await Promise.all([
    isNew ? { kind: "helpline", status: "draft", topics: [], languages: [] } : api.request(`/api/collections/resources/records/${encodeURIComponent(id)}`),
    api.list("topics", { perPage: 500, sort: "name" }),
  ]);
  if (!isCurrent(main)) return;
  document.title = `${isNew ? "New resource" : rec.name} · Staff panel`;

  const field = (name, text, control, hint) => h("div", { class: "field" },
    h("label", { for: `r-${name}` }, text),
    hint ? h("p", { class: "hint", id: `r-${name}-hint` }, hint) : null,
    control,
    h("p", { class: "error", id: `r-${name}-error`, "data-error-for": name }));
  const described = (name, hint) => [hint ? `r-${name}-hint` : "", `r-${name}-error`].filter(Boolean).join(" ");
  const input = (name, attrs = {}, hint) => h("input", { id: `r-${name}`, name, type: "text", value: rec[name] || "", "aria-describedby": described(name, hint), ...attrs });
  const select = (name, pairs) => h("select", { id: `r-${name}`, name, "aria-describedby": described(name) },
    pairs.map(([v, t]) => h("option", { value: v, selected: (rec[name] || "") === v }, t)));
  const description = h("textarea", { id: "r-description", name: "description", rows: 3, maxlength: 2000, "aria-describedby": described("description") });
  description.value = rec.description || "";

  const hours = hoursEditor(rec.hours);
  const form = h("form", { novalidate: true, "aria-labelledby": "resource-title" },
    field("name", "Name", input("name", { required: true, maxlength: 200 })),
    field("kind", "Kind", select("kind", KINDS)),
    field("description", "Description", description),
    field("phone", "Phone number", input("phone", { type: "tel", maxlength: 20 }, true), "As dialled in the resource's country, such as 0800 1111 or 116 123. A helpline needs one."),
    field("text_number", "Number to text", input("text_number", { type: "tel", maxlength: 20 }), null),
    field("url", "Web address", input("url", { type: "url" })),
    field("country", "Country", input("country", { maxlength: 2, autocomplete: "off" }, true), "A two-letter code, such as GB or US."),
    field("area", "Area served", input("area", { maxlength: 200 }, true), "Leave empty for the whole country."),
    hours.element,
    field("languages", "Languages", input("languages", { value: (rec.languages || []).join(", ") }, true), "ISO 639 codes separated by commas, such as en, cy."),
    field("cost", "Cost", select("cost", COSTS)),
    h("fieldset", {}, h("legend", {}, "Topics"),
      h("div", { class: "checks" }, topics.items.map((t) => h("label", {},
        h("input", { type: "checkbox", name: "topics", value: t.id, checked: (rec.topics || []).includes(t.id) }), t.name))),
      h("p", { class: "error", "data-error-for": "topics" })),
    field("status", "Status", select("status", STATUSES)),
    field("source", "Source of the number and hours", input("source", { maxlength: 1000 }, true), "Where you checked them, such as the organisation's own page."),
    h("p", { class: "error", "data-error-for": "_form", role: "alert" }),
    h("div", { class: "actions" },
      h("button", { class: "primary", type: "submit" }, "Save"),
      isNew ? null : h("button", { type: "button", id: "verify" }, "Mark verified now")));

  const verified = isNew ? null : h("p", { id: "verified" }, rec.verified_at
    ? `Last verified ${formatDate(rec.verified_at, true)}${rec.verified_by ? "" : " (at import)"}.` : "Never verified.");
  replace(main, h("p", {}, h("a", { href: "#/resources" }, "All resources")),
    h("h1", { id: "resource-title" }, isNew ? "New resource" : `Edit resource: ${rec.name}`), verified, form);

  const snap = () => JSON.stringify(body(form, hours));
  let saved = snap();
  setLeaveGuard(() => snap() !== saved);
  const fail = (err) => {
    const errors = fieldErrors(err.body);
    const unplaced = showFieldErrors(form, errors);
    const msg = Object.keys(errors).length && !Object.keys(unplaced).length ? "Not saved. Please correct the fields marked in red." : `Not saved. ${err.message}`;
    form.querySelector('[data-error-for="_form"]').textContent = msg;
    announce(msg);
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const out = await api.request(isNew ? "/api/collections/resources/records" : `/api/collections/resources/records/${rec.id}`,
        { method: isNew ? "POST" : "PATCH", json: body(form, hours) });
      saved = snap();
      setLeaveGuard(null);
      announce("Saved.");
      if (isNew) go(`#/resources/${out.id}`); else await editView(main, out.id);
    } catch (err) {
      fail(err);
    }
  });
  const verify = form.querySelector("#verify");
  if (verify) verify.addEventListener("click", async () => {
    if (snap() !== saved) {
      form.querySelector('[data-error-for="_form"]').textContent = "Save your changes first: verifying marks the saved resource.";
      return;
    }
    try {
      await api.request(`/api/cms/resources/${encodeURIComponent(rec.id)}/verify`, { method: "POST" });
      announce("Marked verified now.");
      await editView(main, rec.id);
    } catch (err) {
      fail(err);
    }
  });
}

// body is the resource as the records API takes it, from the form and the hours editor.
function body(form, hours) {
  const v = (name) => form.elements[name].value.trim();
  return {
    name: v("name"), kind: v("kind"), description: v("description"), phone: v("phone"),
    text_number: v("text_number"), url: v("url"), country: v("country"), area: v("area"),
    hours: hours.value(),
    languages: v("languages").split(",").map((s) => s.trim()).filter(Boolean),
    cost: v("cost"),
    topics: [...form.querySelectorAll('input[name="topics"]:checked')].map((c) => c.value),
    status: v("status"), source: v("source"),
  };
}

// hoursEditor edits the hours field: a 24/7 checkbox, or a time zone and rows of days with an
// opening and a closing time. value() is the JSON the server takes (null for unknown hours).
function hoursEditor(stored) {
  const hours = stored || {};
  const always = h("input", { id: "r-always", type: "checkbox", checked: Boolean(hours.always), "aria-describedby": "r-hours-error" });
  const zone = h("input", { id: "r-timezone", type: "text", value: hours.timezone || "", autocomplete: "off", "aria-describedby": "r-timezone-hint r-hours-error" });
  const rows = h("div", { class: "hours-rows" });
  let n = 0;
  const addRow = (span = { days: [], open: "", close: "" }) => {
    const i = ++n;
    const time = (part, text) => h("span", { class: "field" },
      h("label", { for: `r-span${i}-${part}` }, text),
      h("input", { id: `r-span${i}-${part}`, class: `span-${part}`, type: "text", inputmode: "numeric", size: 5, maxlength: 5, placeholder: "HH:MM", value: span[part] || "", "aria-describedby": "r-span-hint" }));
    const row = h("fieldset", { class: "hours-row" }, h("legend", {}, `Opening span ${i}`),
      h("div", { class: "checks" }, DAYS.map(([d, t]) => h("label", {},
        h("input", { type: "checkbox", class: "span-day", value: d, checked: (span.days || []).includes(d) }), t))),
      h("div", { class: "checks" }, time("open", "Opens"), time("close", "Closes"),
        h("button", { type: "button", class: "link", onclick: () => row.remove() }, `Remove span ${i}`)));
    rows.append(row);
    return row;
  };
  (hours.weekly || []).forEach((s) => addRow(s));
  const weekly = h("div", { class: "hours-weekly", hidden: Boolean(hours.always) },
    h("div", { class: "field" }, h("label", { for: "r-timezone" }, "Time zone"),
      h("p", { class: "hint", id: "r-timezone-hint" }, "An IANA name, such as Europe/London or America/New_York."), zone),
    h("p", { class: "hint", id: "r-span-hint" }, "Local times as HH:MM; a span closes before its closing time, and 24:00 is midnight. Leave no spans when the hours are not known."),
    rows,
    h("p", {}, h("button", { type: "button", id: "r-add-span", onclick: () => addRow().querySelector(".span-day").focus() }, "Add opening span")));
  always.addEventListener("change", () => { weekly.hidden = always.checked; });
  const element = h("fieldset", { id: "r-hours" }, h("legend", {}, "Opening hours"),
    h("div", { class: "checks" }, h("label", {}, always, "Open 24 hours, 7 days")),
    weekly,
    h("p", { class: "error", id: "r-hours-error", "data-error-for": "hours" }));
  const value = () => {
    if (always.checked) return { always: true };
    const spans = [...rows.querySelectorAll(".hours-row")].map((r) => ({
      days: [...r.querySelectorAll(".span-day:checked")].map((c) => c.value),
      open: r.querySelector(".span-open").value.trim(),
      close: r.querySelector(".span-close").value.trim(),
    }));
    const tz = zone.value.trim();
    if (!tz && !spans.length) return null;
    return { timezone: tz, weekly: spans };
  };
  return { element, value };
}
