// The one error type of the site's and the panel's API clients, and the reading of an
// answer's body that produces it.

/** ApiError carries the HTTP status and PocketBase's {status, message, data} body. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `Request failed (${status}).`);
    this.status = status;
    this.body = body || {};
  }
}

/**
 * readResponse returns an answer's JSON body (a body that is not JSON becomes {message},
 * an empty one null) and throws it as an ApiError when the status is not 2xx.
 */
export async function readResponse(res) {
  let body = null;
  const text = await res.text();
  if (text) {
    try { body = JSON.parse(text); } catch { body = { message: text }; }
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}
