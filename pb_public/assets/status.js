/** announce tells screen-reader users what just changed, through the page's live region. */
export function announce(text) {
  const status = document.getElementById("status");
  if (!status) return;
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50);
}

/** fetchPage GETs or POSTs a page of this site and returns its parsed document. */
export async function fetchPage(url, init = {}) {
  const res = await fetch(url, { credentials: "same-origin", ...init, headers: { Accept: "text/html", ...(init.headers || {}) } });
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  return { res, doc };
}
