// The panel's API client: the staff session (kept in localStorage across reloads) and
// authorised JSON / multipart requests. A 401 ends the session and sends the person back to
// sign-in.
import { ApiError, readResponse } from "/assets/errors.js";

export { ApiError };

const KEY = "rcms.panel.session";
let session = load();
const listeners = new Set();

function load() {
  try { return JSON.parse(localStorage.getItem(KEY)) || null; } catch { return null; }
}

function store(next) {
  session = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next)); else localStorage.removeItem(KEY);
  for (const fn of listeners) fn(session);
}

/** current returns {token, record} or null. */
export function current() { return session; }

/** onSessionChange calls fn with the new session (or null) on sign-in, refresh and sign-out. */
export function onSessionChange(fn) { listeners.add(fn); }

/** role is the signed-in staff member's role ("editor", "reviewer", "admin") or "". */
export function role() { return (session && session.record && session.record.role) || ""; }

/** can answers what the navigation and views may offer the current role. */
export const can = {
  write: () => ["editor", "admin"].includes(role()),
  leads: () => ["reviewer", "admin"].includes(role()),
};

/** signIn authenticates a staff member with email and password. */
export async function signIn(email, password) {
  const body = await request("/api/collections/staff/auth-with-password", {
    method: "POST", json: { identity: email, password }, anonymous: true,
  });
  store({ token: body.token, record: body.record });
  return body.record;
}

/** refresh renews the token of a stored session; a refused token ends the session. */
export async function refresh() {
  if (!session) return null;
  const body = await request("/api/collections/staff/auth-refresh", { method: "POST" });
  store({ token: body.token, record: body.record });
  return body.record;
}

/** signOut forgets the session. */
export function signOut(reason = "") {
  store(null);
  sessionStorage.setItem("rcms.panel.signout", reason);
}

/** takeSignOutReason returns (once) why the last session ended, for the sign-in page. */
export function takeSignOutReason() {
  const r = sessionStorage.getItem("rcms.panel.signout") || "";
  sessionStorage.removeItem("rcms.panel.signout");
  return r;
}

/**
 * request sends one API call. opts: method, json (a body to send as JSON), form (FormData),
 * anonymous (no Authorization header), raw (return the Response).
 */
export async function request(path, opts = {}) {
  const headers = { Accept: "application/json" };
  if (session && !opts.anonymous) headers.Authorization = session.token;
  let body;
  if (opts.json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(opts.json); }
  if (opts.form) body = opts.form;
  const res = await fetch(path, { method: opts.method || "GET", headers, body });
  if (res.status === 401 && session && !opts.anonymous) {
    signOut("Your session has expired. Please sign in again.");
    throw new ApiError(401, { message: "Your session has expired. Please sign in again." });
  }
  if (opts.raw && res.ok) return res;
  return readResponse(res);
}

/** list fetches one page of a collection's records. */
export function list(collection, params = {}) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));
  return request(`/api/collections/${collection}/records?${qs}`);
}

/** quote makes a string safe inside a PocketBase filter's double quotes. */
export function quote(s) {
  return '"' + String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
}
