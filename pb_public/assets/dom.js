// Small DOM helpers shared by the reading site and the staff panel. Text always goes in as
// text nodes; only HTML the server has already sanitized is ever set with innerHTML.

/**
 * h builds an element: h("a", {href: "/"}, "Home"). Attributes starting with "on" become
 * event listeners; null, undefined and false attributes are skipped; children may be strings,
 * nodes, arrays or null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === "dataset") {
      Object.assign(el.dataset, v);
    } else if (v === true) {
      el.setAttribute(k, "");
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** replace empties el and appends the children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** sanitizedHTML wraps HTML the server rendered through its sanitizer in a container. */
export function sanitizedHTML(tag, attrs, html) {
  const el = h(tag, attrs);
  el.innerHTML = html || "";
  return el;
}

/** announce puts a message in the page's polite live region for screen readers. */
export function announce(text) {
  const region = document.getElementById("status");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 30);
}

/** formatDate shows a PocketBase UTC date ("2026-01-02 10:00:00.000Z") in the reader's locale. */
export function formatDate(value, withTime = false) {
  const d = parseDate(value);
  if (!d) return "";
  const opts = withTime
    ? { dateStyle: "medium", timeStyle: "short" }
    : { dateStyle: "long" };
  return new Intl.DateTimeFormat(undefined, opts).format(d);
}

/** parseDate reads a PocketBase or ISO date string; empty gives null. */
export function parseDate(value) {
  if (!value) return null;
  const d = new Date(String(value).replace(" ", "T"));
  return isNaN(d) ? null : d;
}

/** markOnly escapes text except <mark> and </mark>, for search snippets. */
export function markOnly(snippet) {
  const span = document.createElement("span");
  const parts = String(snippet || "").split(/(<\/?mark>)/);
  let mark = null;
  for (const p of parts) {
    if (p === "<mark>") { mark = document.createElement("mark"); span.append(mark); continue; }
    if (p === "</mark>") { mark = null; continue; }
    const text = decodeEntities(p);
    (mark || span).append(document.createTextNode(text));
  }
  return span;
}

function decodeEntities(s) {
  // The snippet is text with HTML entities; a detached textarea decodes them without running anything.
  const t = document.createElement("textarea");
  t.innerHTML = s;
  return t.value;
}

/** fieldErrors maps a PocketBase error body to {field: message}. */
export function fieldErrors(body) {
  const out = {};
  const data = (body && body.data) || {};
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === "object" && v.message) out[k] = v.message;
  }
  return out;
}

/**
 * showFieldErrors writes each message into the element #<prefix>err-<field>, marks the matching
 * control aria-invalid, and returns the fields it could not place.
 */
export function showFieldErrors(form, errors, prefix = "") {
  for (const el of form.querySelectorAll("[data-error-for]")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const unplaced = {};
  let first = null;
  for (const [field, msg] of Object.entries(errors)) {
    const slot = form.querySelector(`[data-error-for="${prefix}${field}"]`);
    const control = form.querySelector(`[name="${field}"]`);
    if (slot) slot.textContent = msg; else unplaced[field] = msg;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      first = first || control;
    }
  }
  if (first) first.focus();
  return unplaced;
}
