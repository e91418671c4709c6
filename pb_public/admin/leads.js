// The callback leads inbox for reviewers and admins: urgent leads first, then newest first, new
// leads highlighted with how long they have waited, live updates over realtime; a lead's detail
// with a call link, status, assignment, notes, its consent, opt-out and audit events, and the
// opt-out of its number; CSV export with the same filters.
import { h, replace, formatDate, announce, parseDate, fieldErrors, showFieldErrors } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { setLeaveGuard, setTeardown, isCurrent } from "/admin/nav.js";
import { subscribe } from "/admin/realtime.js";
import * as queue from "/admin/queue.js";

const STATUSES = [["new", "New"], ["contacted", "Contacted"], ["scheduled", "Scheduled"], ["closed", "Closed"], ["spam", "Spam"]];
const TIMES = { asap: "As soon as possible", morning: "Morning", afternoon: "Afternoon", evening: "Evening", anytime: "Any time" };

/** waited says how long ago value was, in words ("12 min", "3 h 5 min", "2 days"). */
export function waited(value, now = new Date()) {
  const d = parseDate(value);
  if (!d) return "";
  const min = Math.max(0, Math.floor((now - d) / 60000));
  if (min < 60) return `${min} min`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ${min % 60} min`;
  return `${Math.floor(min / 1440)} days`;
}

function statusName(s) { return (STATUSES.find(([v]) => v === s) || [, s])[1]; }

/** leadsView renders the inbox; filters live in the hash (#/leads?status=&from=&to=). */
export async function leadsView(main) {
  document.title = "Callback leads · Staff panel";
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const status = params.get("status") ?? "open";
  const from = params.get("from") || "";
  const to = params.get("to") || "";
  const filters = [];
  if (status === "open") filters.push(`(status = "new" || status = "contacted" || status = "scheduled")`);
  else if (status) filters.push(`status = ${api.quote(status)}`);
  if (from) filters.push(`created >= ${api.quote(from + " 00:00:00.000Z")}`);
  if (to) filters.push(`created <= ${api.quote(to + " 23:59:59.999Z")}`);
  const [data, stats] = await Promise.all([api.list("callback_leads", {
    perPage: 100, sort: "-urgent,due_at,created", filter: filters.join(" && "), expand: "assigned_to",
  }), queue.loadStats()]);
  if (!isCurrent(main)) return;
  const leads = data.items;

  const live = h("p", { class: "hint", id: "live-state" }, "Connecting for live updates…");
  const tbody = h("tbody", {});
  const table = h("table", { class: "responsive", id: "leads-table" },
    h("caption", { class: "visually-hidden" }, "Callback leads, urgent first, then the soonest due"),
    h("thead", {}, h("tr", {}, ["Due", "Name", "Caller's time now", "Preferred time", "Status", "Assigned to"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);
  const draw = () => {
    leads.sort(urgentFirst);
    replace(tbody, leads.map((l) => h("tr", { class: [l.status === "new" ? "is-new" : "", l.urgent ? "is-urgent" : ""].join(" ").trim() || null, "data-lead": l.id },
      h("td", {}, formatDate(l.due_at || l.created, true),
        l.status === "new" ? [" ", h("span", { class: "badge new" }, `waiting ${waited(l.created)}`)] : null,
        queue.isOverdue(l, stats ? stats.sla_minutes : 0) ? [" ", h("span", { class: "badge overdue" }, "overdue")] : null),
      h("td", {}, h("a", { href: `#/leads/${l.id}` }, inboxLabel(l)), flagBadges(l)),
      h("td", {}, queue.callerTime(l) || "Unknown"),
      h("td", {}, TIMES[l.preferred_time] || l.preferred_time || ""),
      h("td", {}, statusName(l.status)),
      h("td", {}, (l.expand && l.expand.assigned_to && l.expand.assigned_to.name) || "Nobody"))));
  };
  draw();

  const form = h("form", { class: "toolbar-row" },
    h("div", {}, h("label", { for: "l-status" }, "Status"),
      h("select", { id: "l-status", name: "status" }, h("option", { value: "open", selected: status === "open" }, "Open (new, contacted, scheduled)"),
        h("option", { value: "", selected: status === "" }, "Any status"),
        STATUSES.map(([v, l]) => h("option", { value: v, selected: v === status }, l)))),
    h("div", {}, h("label", { for: "l-from" }, "Received from"), h("input", { id: "l-from", name: "from", type: "date", value: from })),
    h("div", {}, h("label", { for: "l-to" }, "Received to"), h("input", { id: "l-to", name: "to", type: "date", value: to })),
    h("button", { type: "submit" }, "Filter"),
    h("button", { type: "button", id: "export-csv", onclick: () => exportCSV(status, from, to) }, "Export CSV"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = `#/leads?${new URLSearchParams({ status: form.status.value, from: form.from.value, to: form.to.value })}`;
  });

  replace(main, h("h1", {}, "Callback leads"), queue.statsSection(stats), form, live,
    h("p", { class: "error", id: "export-error" }), table);

  const matches = (l) => !status || l.status === status || (status === "open" && ["new", "contacted", "scheduled"].includes(l.status));
  const stop = subscribe(["callback_leads/*"], (topic, msg) => {
    const rec = msg.record;
    const i = leads.findIndex((l) => l.id === rec.id);
    if (msg.action === "delete") { if (i >= 0) leads.splice(i, 1); }
    else if (i >= 0) { leads[i] = { ...leads[i], ...rec }; if (!matches(rec)) leads.splice(i, 1); }
    else if (msg.action === "create" && matches(rec)) {
      const at = leads.findIndex((l) => (l.due_at || "") > (rec.due_at || ""));
      leads.splice(at < 0 ? leads.length : at, 0, rec);
      announce(`${rec.urgent ? "New URGENT" : "New"} callback lead: ${inboxLabel(rec)}.`);
    }
    draw();
  }, (state) => {
    live.textContent = state === "live" ? "Live: new leads appear here without reloading." : state === "error" ? "Live updates are unavailable; reload to see new leads." : "Reconnecting for live updates…";
  });
  const tick = setInterval(draw, 60000);
  setTeardown(() => { stop(); clearInterval(tick); });
}

async function exportCSV(status, from, to) {
  const qs = new URLSearchParams(Object.entries({ status: status === "open" ? "" : status, from, to }).filter(([, v]) => v));
  const err = document.getElementById("export-error");
  err.textContent = "";
  try {
    const res = await api.request(`/api/cms/leads/export.csv?${qs}`, { raw: true });
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: `callback-leads-${new Date().toISOString().slice(0, 10)}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    announce("Export downloaded.");
  } catch (e) {
    err.textContent = `Export failed: ${e.message}`;
  }
}

/** leadView shows one lead with its audit events and lets staff work it. */
export async function leadView(main, id) {
  const [lead, staff, events, attempts] = await Promise.all([
    api.request(`/api/collections/callback_leads/records/${encodeURIComponent(id)}?expand=article`),
    api.list("staff", { perPage: 500, sort: "name", fields: "id,name,email,role" }),
    api.list("lead_events", { filter: `lead = ${api.quote(id)}`, sort: "-created", perPage: 200 }).catch(() => ({ items: [] })),
    api.list("call_attempts", { filter: `lead = ${api.quote(id)}`, sort: "-at", perPage: 200 }).catch(() => ({ items: [] })),
  ]);
  const history = [...events.items.filter((e) => e.action !== "attempt"), ...queue.attemptEvents(attempts.items)]
    .sort((a, b) => String(b.created).localeCompare(String(a.created)));
  if (!isCurrent(main)) return;
  document.title = `Lead: ${lead.name} · Staff panel`;
  const names = new Map(staff.items.map((s) => [s.id, s.name || s.email]));
  const me = api.current().record;
  const handlers = staff.items.filter((s) => s.role === "reviewer" || s.role === "admin");

  const form = h("form", { novalidate: true, "aria-labelledby": "work-title" },
    h("h2", { id: "work-title" }, "Work this lead"),
    h("div", { class: "field" }, h("label", { for: "d-status" }, "Status"),
      h("select", { id: "d-status", name: "status", "aria-describedby": "d-status-error" }, STATUSES.map(([v, l]) => h("option", { value: v, selected: v === lead.status }, l))),
      h("p", { class: "error", id: "d-status-error", "data-error-for": "status" })),
    h("div", { class: "field" }, h("label", { for: "d-assigned_to" }, "Assigned to"),
      h("select", { id: "d-assigned_to", name: "assigned_to", "aria-describedby": "d-assigned_to-error" },
        h("option", { value: "" }, "Nobody"),
        handlers.map((s) => h("option", { value: s.id, selected: s.id === lead.assigned_to }, s.name || s.email))),
      h("button", { type: "button", class: "link", onclick: () => { form.assigned_to.value = me.id; } }, "Assign to me"),
      h("p", { class: "error", id: "d-assigned_to-error", "data-error-for": "assigned_to" })),
    h("div", { class: "field" }, h("label", { for: "d-notes" }, "Notes (staff only)"),
      h("textarea", { id: "d-notes", name: "notes", rows: 5, "aria-describedby": "d-notes-error" }, lead.notes || ""),
      h("p", { class: "error", id: "d-notes-error", "data-error-for": "notes" })),
    h("p", { class: "error", "data-error-for": "_form" }),
    h("button", { type: "submit", class: "primary" }, "Save lead"));

  form.querySelector(".field").after(queue.closeReasonField(lead, form.status));
  const snap = () => JSON.stringify([...new FormData(form).entries()]);
  let saved;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await api.request(`/api/collections/callback_leads/records/${lead.id}`, {
        method: "PATCH", json: { status: form.status.value, close_reason: form.status.value === "closed" ? form.close_reason.value : "",
          assigned_to: form.assigned_to.value, notes: form.notes.value },
      });
      saved = snap();
      announce("Lead saved.");
      await leadView(main, id);
      announce("Lead saved.");
    } catch (err) {
      const errors = fieldErrors(err.body);
      showFieldErrors(form, errors);
      form.querySelector('[data-error-for="_form"]').textContent = `Not saved. ${err.message}`;
    }
  });

  const fact = (k, v) => (v ? [h("dt", {}, k), h("dd", {}, v)] : null);
  const callLink = h("a", { class: "tel", href: `tel:${lead.phone}` }, `Call ${lead.phone}`);
  const guard = queue.callWarning(lead, callLink);
  replace(main,
    h("p", {}, h("a", { href: "#/leads" }, "All leads")),
    h("h1", {}, `Callback for ${lead.name}`),
    h("div", { class: "cols" },
      h("section", { "aria-labelledby": "facts-title" },
        h("h2", { id: "facts-title" }, "Details"),
        h("p", {}, callLink), guard.warning,
        h("dl", { class: "facts" },
          fact("Received", `${formatDate(lead.created, true)} (${waited(lead.created)} ago)`),
          fact("Preferred time", TIMES[lead.preferred_time] || lead.preferred_time),
          fact("Caller's time now", queue.callerTime(lead)),
          fact("Due", lead.due_at ? formatDate(lead.due_at, true) : ""),
          fact("Status", statusName(lead.status)),
          fact("Closed because", (queue.CLOSE_REASONS.find(([v]) => v === lead.close_reason) || [, ""])[1]),
          fact("Contacted", lead.contacted_at ? formatDate(lead.contacted_at, true) : ""),
          fact("Email", lead.email),
          fact("Message", lead.message),
          fact("From article", lead.expand && lead.expand.article ? lead.expand.article.title : ""),
          fact("Consent given to", lead.consent_text),
          fact("Consent wording", lead.consent_unmatched ? "Not a known active wording: check what the person was shown" : lead.consent_version ? `Version ${lead.consent_version}` : ""))),
      form, queue.attemptForm(lead.id, () => leadView(main, id))),
    leadFlags(lead, main, id),
    (lead.repeats || []).length ? h("section", { "aria-labelledby": "repeats-title" },
      h("h2", { id: "repeats-title" }, "Another request from this number"),
      h("p", { class: "hint" }, "Each later request is kept as the person wrote it; it may come from someone else on the same phone."),
      h("ul", { class: "repeats" }, lead.repeats.map((r) => h("li", {},
        h("dl", { class: "facts" },
          fact("Received", formatDate(r.created, true)),
          fact("Name", r.name),
          fact("Preferred time", TIMES[r.preferred_time] || r.preferred_time),
          fact("Email", r.email),
          fact("Message", r.message)))))) : null,
    h("section", { "aria-labelledby": "events-title" },
      h("h2", { id: "events-title" }, "History"),
      history.length ? h("table", { class: "responsive" },
        h("thead", {}, h("tr", {}, ["When", "Who", "What", "From", "To"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, history.map((e) => h("tr", {},
          h("td", {}, formatDate(e.created, true)), h("td", {}, names.get(e.staff) || "System"),
          h("td", {}, e.action), h("td", {}, e.from || ""), h("td", {}, e.to || "")))))
        : h("p", {}, "No events recorded.")));
  saved = snap();
  setLeaveGuard(() => snap() !== saved);
}

/** inboxLabel is how a lead shows in the inbox: lists and live events carry no personal data,
 * only a masked name and the phone's last digits; opening a lead (recorded) shows the rest. */
function inboxLabel(l) {
  const name = l.name_masked || "(no name)";
  return l.phone_last3 ? `${name} · phone ending ${l.phone_last3}` : name;
}

/** urgentFirst orders the inbox: urgent leads first, then newest first. */
export function urgentFirst(a, b) {
  if (!!a.urgent !== !!b.urgent) return a.urgent ? -1 : 1;
  return (parseDate(b.created) || 0) - (parseDate(a.created) || 0);
}

/** flagBadges are a lead's flags as words (never colour alone): urgent, opted out,
 * opted out before, consent wording unknown. */
function flagBadges(l) {
  const flags = [
    l.urgent && ["urgent", "Urgent"],
    l.do_not_contact && ["flag", "Do not contact"],
    !l.do_not_contact && l.previously_opted_out && ["flag", "Opted out before"],
    l.consent_unmatched && ["flag", "Consent wording unknown"],
  ].filter(Boolean);
  return flags.map(([cls, text]) => [" ", h("span", { class: `badge ${cls}` }, text)]);
}

/** leadFlags is the detail's section on urgency, consent and opt-out: what each flag means,
 * the number's opt-out history and the button that opts the number out. */
function leadFlags(lead, main, id) {
  const history = lead.opt_out_history || [];
  const status = h("p", { role: "status", class: "hint" });
  const optOut = async () => {
    if (!confirm("Opt this number out? Every callback request from it is marked do-not-contact. Later requests are still received and shown.")) return;
    try {
      const res = await api.request("/api/cms/leads/opt-out", { method: "POST", json: { lead: lead.id } });
      announce(`Opted out: ${res.opted_out} callback request(s) from this number are marked do-not-contact.`);
      await leadView(main, id);
    } catch (err) {
      status.textContent = `Not opted out. ${err.message}`;
    }
  };
  return h("section", { "aria-labelledby": "flags-title" },
    h("h2", { id: "flags-title" }, "Urgency, consent and contact"),
    lead.urgent ? h("p", { class: "alert urgent" }, h("strong", {}, "Urgent: "),
      "the message contains words that may mean a risk to the person's life or safety. Call as soon as you can; the decision is yours.") : null,
    lead.consent_unmatched ? h("p", { class: "alert" }, h("strong", {}, "Consent wording unknown: "),
      "the consent text sent matches no active version. Check it below before calling.") : null,
    lead.do_not_contact
      ? h("p", { class: "alert" }, h("strong", {}, "Do not contact: "), `the person opted out on ${formatDate(lead.opted_out_at, true)}.`)
      : h("p", {}, h("button", { type: "button", class: "danger", id: "opt-out", onclick: optOut }, "Opt this number out")),
    lead.previously_opted_out ? h("p", { class: "alert" }, h("strong", {}, "Opted out before: "),
      "this number asked not to be contacted before this request. Decide whether to call.") : null,
    history.length ? [h("h3", {}, "Opt-out history of this number"),
      h("ul", { class: "opt-outs" }, history.map((o) => h("li", {},
        h("a", { href: `#/leads/${o.lead}` }, `Request of ${formatDate(o.created, true)}`),
        `: opted out ${formatDate(o.opted_out_at, true)}`)))] : null,
    status);
}
