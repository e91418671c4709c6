// The panel's API client: the staff session (password, then an emailed code) and authorised
// JSON / multipart requests. A 401 ends the session and sends the person back to sign-in.
import { ApiError, readResponse } from "/assets/errors.js";

export { ApiError };

// The token never reaches page scripts: the server keeps it in an HttpOnly cookie that counts
// only on requests carrying the session header below. Scripts hold the signed-in record, in
// memory; localStorage keeps only a flag saying a session may exist, so a reload knows to renew it.
const SIGNED_IN = "rcms.panel.signedIn";
const SESSION_HEADER = "X-Rcms-Session";
let session = null;
const listeners = new Set();
// Earlier versions of the panel kept the token itself here: forget it.
localStorage.removeItem("rcms.panel.session");

function store(next) {
  session = next;
  if (next) {
    localStorage.setItem(SIGNED_IN, "1");
    sessionStorage.removeItem("rcms.panel.signout");
  } else {
    localStorage.removeItem(SIGNED_IN);
  }
  for (const fn of listeners) fn(session);
}

/** current returns {record} of the signed-in staff member, or null. */
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

/**
 * signIn checks a staff member's email and password. Staff sign-in has a second step: the
 * answer is {mfaId, otpId} after a one-time code has been emailed; finish with signInWithCode.
 * An account without the second step is signed in at once and the answer is {record}.
 */
export async function signIn(email, password) {
  try {
    const body = await request("/api/collections/staff/auth-with-password", {
      method: "POST", json: { identity: email, password }, anonymous: true,
    });
    store({ record: body.record });
    return { record: body.record };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401 || !e.body.mfaId) throw e;
    const { otpId } = await sendCode(email);
    return { mfaId: e.body.mfaId, otpId };
  }
}

/** sendCode emails a (new) one-time sign-in code to email and answers {otpId}. */
export function sendCode(email) {
  return request("/api/collections/staff/request-otp", { method: "POST", json: { email }, anonymous: true });
}

/** signInWithCode finishes a sign-in with the emailed code. */
export async function signInWithCode(mfaId, otpId, code) {
  const body = await request("/api/collections/staff/auth-with-otp", {
    method: "POST", json: { mfaId, otpId, password: code }, anonymous: true,
  });
  store({ record: body.record });
  return body.record;
}

/**
 * resume renews the session a reload left behind (the cookie is not readable here, the flag
 * is); a refused session ends with a notice. It answers the record or null.
 */
export async function resume() {
  if (!localStorage.getItem(SIGNED_IN)) return null;
  try {
    const body = await request("/api/collections/staff/auth-refresh", { method: "POST", anonymous: true });
    store({ record: body.record });
    return body.record;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signOut("Your session has expired. Please sign in again.");
    return null;
  }
}

/** signOut ends the session here and asks the server to clear its cookie. */
export function signOut(reason = "") {
  fetch("/api/cms/session", { method: "DELETE", headers: { [SESSION_HEADER]: "cookie" } }).catch(() => {});
  sessionStorage.setItem("rcms.panel.signout", reason);
  store(null);
}

/** signOutReason says why the last session ended, for the sign-in page, until the next sign-in. */
export function signOutReason() {
  return sessionStorage.getItem("rcms.panel.signout") || "";
}

/**
 * request sends one API call with the session. opts: method, json (a body to send as JSON),
 * form (FormData), headers (extra request headers, such as If-Match), anonymous (a 401 is an
 * answer, not the end of the session), raw (return the Response).
 */
export async function request(path, opts = {}) {
  const headers = { ...(opts.headers || {}), Accept: "application/json", [SESSION_HEADER]: "cookie" };
  let body;
  if (opts.json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(opts.json); }
  if (opts.form) body = opts.form;
  const res = await fetch(path, { method: opts.method || "GET", headers, body, credentials: "same-origin" });
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
