// Public API calls of the reading site: only published content, no credentials.

/** ApiError carries the HTTP status and PocketBase's {status, message, data} body. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `Request failed (${status}).`);
    this.status = status;
    this.body = body || {};
  }
}

/** getJSON fetches a public endpoint and throws ApiError on a non-2xx answer. */
export async function getJSON(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  return read(res);
}

/** postJSON sends a JSON body to a public endpoint. */
export async function postJSON(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  return read(res);
}

async function read(res) {
  let body = null;
  const text = await res.text();
  if (text) {
    try { body = JSON.parse(text); } catch { body = { message: text }; }
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}
