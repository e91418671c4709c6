// Sends the callback form in place. It posts exactly what the form posts without JavaScript
// (POST /callback) and swaps in the callback box of the answer: the confirmation, or the
// form again with each message beside its field, the values kept.
import { announce, fetchPage } from "/assets/status.js";

// The caller's time zone, so the callback is due in their own morning or evening.
function fillTimezone(root = document) {
  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch { /* no zone */ }
  for (const input of root.querySelectorAll("input[data-timezone]")) if (!input.value) input.value = zone;
}
fillTimezone();

document.addEventListener("submit", async (ev) => {
  const form = ev.target.closest("form.callback-form");
  if (!form) return;
  ev.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  announce("Sending your request…");
  try {
    const { res, doc } = await fetchPage(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)) });
    const next = doc.querySelector(".callback-box");
    if (!next) throw new Error("no callback box in the answer");
    const box = form.closest(".callback-box");
    box.replaceWith(document.adoptNode(next));
    fillTimezone(next);
    (next.querySelector("[autofocus]") || next.querySelector(".confirmation") || next).focus();
    announce(res.ok ? "Your callback request was sent." : (next.querySelector(".form-error")?.textContent || "Please check the form."));
  } catch {
    button.disabled = false;
    let general = form.querySelector(".form-error");
    if (!general) {
      general = document.createElement("p");
      general.className = "error form-error";
      general.setAttribute("role", "alert");
      form.prepend(general);
    }
    general.textContent = "Your request could not be sent. Please check your connection and try again, or use the numbers at the top of this page.";
  }
});
