// Navigation between the panel's views and the lifecycle of the one on screen: its leave
// guard (unsaved work) and its teardown (a realtime connection). The views and the router in
// panel.js share this state; the module imports no view, so no view imports panel.js.
import { h, replace } from "/assets/dom.js";

let leaveGuard = null;
let teardown = null;

/** isCurrent reports whether a view's container is still the one on screen. */
export function isCurrent(view) { return view.isConnected; }

/** setLeaveGuard registers a function that returns true when leaving the view would lose work. */
export function setLeaveGuard(fn) { leaveGuard = fn; }

/** setTeardown registers cleanup (a realtime connection) to run when the view changes. */
export function setTeardown(fn) { teardown = fn; }

/** go navigates to a panel route such as "#/articles". */
export function go(hash) { location.hash = hash; }

/** unsavedWork asks the current view's leave guard whether leaving it would lose work. */
export function unsavedWork() { return Boolean(leaveGuard && leaveGuard()); }

/** endView drops the leave guard and runs the teardown of the view being left. */
export function endView() {
  leaveGuard = null;
  if (teardown) { try { teardown(); } catch { /* ignore */ } teardown = null; }
}

/** showError puts a failed view's message on the page. */
export function showError(err, main = document.querySelector("#main .view")) {
  if (err && err.status === 401) return;
  replace(main, h("h1", {}, "Something went wrong"), h("p", { class: "notice err" }, (err && err.message) || String(err)));
}
