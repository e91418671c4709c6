// Public API calls of the reading site: only published content, no credentials.
import { readResponse } from "/assets/errors.js";

export { ApiError } from "/assets/errors.js";

/** getJSON fetches a public endpoint and throws ApiError on a non-2xx answer. */
export async function getJSON(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  return readResponse(res);
}

/** postJSON sends a JSON body to a public endpoint. */
export async function postJSON(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  return readResponse(res);
}
