// The callback queue in the panel: the caller's local time, the overdue badge, the queue's
// statistics, call attempts and the close reasons. leads.js uses these in the inbox and in a
// lead's detail; nothing here carries personal data beyond what the page already shows.
import { h, parseDate, announce, fieldErrors, showFieldErrors } from "/assets/dom.js";
import * as api from "/admin/api.js";

export const CLOSE_REASONS = [["reached", "Reached the person"], ["no_answer", "No answer after several tries"],
  ["wrong_number", "Wrong number"], ["duplicate", "Duplicate request"], ["not_wanted", "No longer wanted"],
  ["referred", "Referred elsewhere"], ["spam", "Spam"]];
export const OUTCOMES = [["reached", "Reached"], ["no_answer", "No answer"], ["voicemail", "Left a voicemail"],
  ["wrong_number", "Wrong number"], ["busy", "Busy"]];
const CALL_FROM = 8, CALL_UNTIL = 21; // the caller's hours staff may phone in

/** callerHour is the hour (0-23) it is now where the caller is, or null without a known zone. */
export function callerHour(lead, now = new Date()) {
  if (!lead.timezone) return null;
  try {
    return Number(new Intl.DateTimeFormat("en-GB", { timeZone: lead.timezone, hour: "numeric", hourCycle: "h23" }).format(now));
  } catch { return null; }
}

/** callerTime says what time it is for the caller ("14:05 in Europe/London"), or "". */
export function callerTime(lead, now = new Date()) {
  if (!lead.timezone) return "";
  try {
    const t = new Intl.DateTimeFormat("en-GB", { timeZone: lead.timezone, hour: "2-digit", minute: "2-digit", weekday: "short" }).format(now);
    return `${t} in ${lead.timezone.replace(/_/g, " ")}`;
  } catch { return ""; }
}

/** outsideCallHours is true when phoning now would be before 08:00 or from 21:00 for the
 * caller, unless they asked for a call as soon as possible. */
export function outsideCallHours(lead, now = new Date()) {
  const hour = callerHour(lead, now);
  return lead.preferred_time !== "asap" && hour !== null && (hour < CALL_FROM || hour >= CALL_UNTIL);
}

/** isOverdue is the server's overdue flag, or the same rule seen live before the next sweep. */
export function isOverdue(lead, slaMinutes, now = new Date()) {
  if (lead.status !== "new" || lead.assigned_to) return false;
  const due = parseDate(lead.due_at);
  return !!lead.overdue || (!!due && slaMinutes > 0 && now - due > slaMinutes * 60000);
}

/** loadStats fetches the queue's statistics; null when they cannot be read. */
export function loadStats() {
  return api.request("/api/cms/leads/stats").catch(() => null);
}

function minutes(seconds) {
  if (seconds === null || seconds === undefined) return "no contacts yet";
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** statsSection shows the queue's counts and first-contact times above the inbox. */
export function statsSection(stats) {
  if (!stats) return h("p", { class: "hint" }, "Queue statistics are unavailable.");
  const period = (label, p) => h("li", {}, `${label}: ${p.contacted} of ${p.leads} contacted; `,
    `median wait ${minutes(p.median_seconds)}, 9 in 10 within ${minutes(p.p90_seconds)}`);
  const s = stats.by_status;
  return h("section", { "aria-labelledby": "stats-title", id: "lead-stats" },
    h("h2", { id: "stats-title" }, "Queue"),
    h("ul", {},
      h("li", {}, h("strong", {}, `${stats.past_due} past due`), ` (new, more than ${stats.sla_minutes} min past their time)`),
      h("li", {}, `New ${s.new}, contacted ${s.contacted}, scheduled ${s.scheduled}, closed ${s.closed}, spam ${s.spam}`),
      period("Last 7 days", stats.first_contact.last_7_days),
      period("Last 30 days", stats.first_contact.last_30_days)));
}

/** callWarning guards the call link: outside 08:00-21:00 for the caller (and they did not ask
 * for asap) it shows a warning beside the link and asks before dialling. */
export function callWarning(lead, link) {
  const warning = h("p", { class: "error", id: "call-warning", role: "status" });
  const update = () => {
    const outside = outsideCallHours(lead);
    warning.textContent = outside ? `It is ${callerTime(lead)} for the caller: outside 08:00-21:00.` : "";
    if (outside) link.setAttribute("aria-describedby", "call-warning"); else link.removeAttribute("aria-describedby");
  };
  link.addEventListener("click", (ev) => {
    if (outsideCallHours(lead) && !confirm(`It is ${callerTime(lead)} for the caller, outside 08:00-21:00. Call anyway?`)) ev.preventDefault();
  });
  update();
  return { warning, update };
}

/** attemptForm logs a call attempt on leadId, then calls done. */
export function attemptForm(leadId, done) {
  const form = h("form", { novalidate: true, "aria-labelledby": "attempt-title" },
    h("h2", { id: "attempt-title" }, "Log a call"),
    h("div", { class: "field" }, h("label", { for: "a-outcome" }, "Outcome"),
      h("select", { id: "a-outcome", name: "outcome", "aria-describedby": "a-outcome-error" }, OUTCOMES.map(([v, l]) => h("option", { value: v }, l))),
      h("p", { class: "error", id: "a-outcome-error", "data-error-for": "outcome" })),
    h("div", { class: "field" }, h("label", { for: "a-notes" }, "Notes (staff only)"),
      h("textarea", { id: "a-notes", name: "notes", rows: 2, maxlength: 2000, "aria-describedby": "a-notes-error" }),
      h("p", { class: "error", id: "a-notes-error", "data-error-for": "notes" })),
    h("p", { class: "error", "data-error-for": "_form" }),
    h("button", { type: "submit" }, "Log call"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await api.request(`/api/cms/leads/${encodeURIComponent(leadId)}/attempts`, {
        method: "POST", json: { outcome: form.outcome.value, notes: form.notes.value },
      });
      announce("Call logged.");
      await done();
    } catch (err) {
      showFieldErrors(form, fieldErrors(err.body));
      form.querySelector('[data-error-for="_form"]').textContent = `Not logged. ${err.message}`;
    }
  });
  return form;
}

/** closeReasonField is the close reason select, shown while the status select says closed. */
export function closeReasonField(lead, statusSelect) {
  const field = h("div", { class: "field" }, h("label", { for: "d-close_reason" }, "Reason for closing"),
    h("select", { id: "d-close_reason", name: "close_reason", "aria-describedby": "d-close_reason-error" },
      h("option", { value: "" }, "Choose a reason"),
      CLOSE_REASONS.map(([v, l]) => h("option", { value: v, selected: v === lead.close_reason }, l))),
    h("p", { class: "error", id: "d-close_reason-error", "data-error-for": "close_reason" }));
  const sync = () => { field.hidden = statusSelect.value !== "closed"; };
  statusSelect.addEventListener("change", sync);
  sync();
  return field;
}

/** attemptEvents turns call attempts into rows of the lead's history. */
export function attemptEvents(attempts) {
  return attempts.map((a) => ({ created: a.at || a.created, staff: a.staff, action: "call: " + ((OUTCOMES.find(([v]) => v === a.outcome) || [, a.outcome])[1]), from: "", to: a.notes || "" }));
}
