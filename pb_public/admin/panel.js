// The staff panel: sign-in, role-aware navigation and a hash router over the views.
import { h, replace, announce } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { go, unsavedWork, endView, showError } from "/admin/nav.js";
import { articlesView } from "/admin/articles.js";
import { editorView } from "/admin/editor.js";
import { authorsView, topicsView } from "/admin/people.js";
import { leadsView, leadView } from "/admin/leads.js";
import { resourcesView } from "/admin/resources.js";
import { moderationView } from "/admin/comments-moderation.js";

const main = document.getElementById("main");
let lastHash = location.hash;

api.onSessionChange((s) => { if (!s) render(); });
window.addEventListener("hashchange", () => render());
window.addEventListener("beforeunload", (ev) => {
  if (unsavedWork()) { ev.preventDefault(); ev.returnValue = ""; }
});

boot();

async function boot() {
  await api.resume();
  render();
}

async function render() {
  if (location.hash !== lastHash && api.current() && unsavedWork()) {
    if (!confirm("You have unsaved changes. Leave this page and lose them?")) {
      history.replaceState(null, "", lastHash || "#/");
      return;
    }
  }
  endView();
  lastHash = location.hash;
  renderChrome();
  // Each render writes into its own container: a slower, older view that finishes late
  // writes into a detached element instead of over the current one.
  const view = h("div", { class: "view" }, h("p", {}, "Loading…"));
  replace(main, view);
  if (!api.current()) return signInView(view);

  const path = location.hash.replace(/^#/, "") || "/";
  const parts = path.split("?")[0].split("/").filter(Boolean);
  const defaultRoute = api.can.write() ? "#/articles" : "#/leads";
  try {
    if (parts.length === 0) return go(defaultRoute);
    switch (parts[0]) {
      case "articles":
        if (!api.can.write() && api.role() !== "reviewer") return forbidden(view);
        return await (parts[1] ? editorView(view, parts[1]) : articlesView(view));
      case "authors": return api.can.write() ? await authorsView(view, parts[1]) : forbidden(view);
      case "topics": return api.can.write() ? await topicsView(view, parts[1]) : forbidden(view);
      case "resources": return api.can.write() ? await resourcesView(view, parts[1]) : forbidden(view);
      case "leads":
        if (!api.can.leads()) return forbidden(view);
        return await (parts[1] ? leadView(view, parts[1]) : leadsView(view));
      case "comments": return api.can.write() ? await moderationView(view) : forbidden(view);
      default: return notFound(view);
    }
  } catch (err) {
    if (view.isConnected) showError(err, view);
  }
}

function renderChrome() {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  const s = api.current();
  if (!s) { replace(nav); replace(who); return; }
  const links = [];
  if (api.can.write() || api.role() === "reviewer") links.push(["#/articles", "Articles"]);
  if (api.can.write()) links.push(["#/authors", "Authors"], ["#/topics", "Topics"], ["#/resources", "Resources"], ["#/comments", "Reader comments"]);
  if (api.can.leads()) links.push(["#/leads", "Callback leads"]);
  const here = "#/" + (location.hash.replace(/^#\/?/, "").split("/")[0] || "");
  replace(nav, h("ul", {}, links.map(([href, label]) =>
    h("li", {}, h("a", { href, "aria-current": href === here ? "page" : null }, label)))));
  replace(who,
    h("span", {}, `${s.record.name || s.record.email} (${s.record.role})`),
    h("button", { type: "button", class: "link", onclick: () => { api.signOut("You have signed out."); } }, "Sign out"));
}

function signInView(main) {
  document.title = "Sign in · Staff panel";
  const reason = api.signOutReason();
  const form = h("form", { class: "signin", novalidate: true },
    h("h1", {}, "Staff sign-in"),
    reason ? h("p", { class: "notice", role: "status" }, reason) : null,
    h("div", { class: "field" }, h("label", { for: "email" }, "Email"),
      h("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true })),
    h("div", { class: "field" }, h("label", { for: "password" }, "Password"),
      h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true })),
    h("p", { class: "error", id: "signin-error", role: "alert" }),
    h("button", { class: "primary", type: "submit" }, "Sign in"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const err = form.querySelector("#signin-error");
    err.textContent = "";
    const email = form.email.value.trim();
    try {
      const step = await api.signIn(email, form.password.value);
      if (step.mfaId) return codeView(main, email, step);
      signedIn();
    } catch (e) {
      err.textContent = e.status === 400 ? "The email or password is not right." : e.message;
      form.password.focus();
    }
  });
  replace(main, form);
  form.email.focus();
}

// codeView is the second step of the sign-in: the one-time code emailed to the account.
function codeView(main, email, step) {
  document.title = "Enter your code · Staff panel";
  const form = h("form", { class: "signin", novalidate: true },
    h("h1", {}, "Enter your sign-in code"),
    h("p", { id: "code-hint" }, `We have emailed a code to ${email}. It works once, for 5 minutes.`),
    h("div", { class: "field" }, h("label", { for: "code" }, "Code"),
      h("input", { id: "code", name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code",
        "aria-describedby": "code-hint", required: true })),
    h("p", { class: "error", id: "signin-error", role: "alert" }),
    h("button", { class: "primary", type: "submit" }, "Sign in"),
    h("p", {}, h("button", { type: "button", class: "link", id: "resend" }, "Send a new code")));
  const err = form.querySelector("#signin-error");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    err.textContent = "";
    try {
      await api.signInWithCode(step.mfaId, step.otpId, form.code.value.replace(/\s+/g, ""));
      signedIn();
    } catch (e) {
      if (e.status === 401) { // the password step has expired: start again
        api.signOut("The sign-in took too long. Please enter your password again.");
        return;
      }
      err.textContent = e.status === 400 ? "That code is not right, or it has expired." : e.message;
      form.code.focus();
    }
  });
  form.querySelector("#resend").addEventListener("click", async () => {
    err.textContent = "";
    try {
      step.otpId = (await api.sendCode(email)).otpId;
      announce("A new code has been sent.");
    } catch (e) {
      err.textContent = e.message;
    }
  });
  replace(main, form);
  form.code.focus();
}

function signedIn() {
  announce("Signed in.");
  if (!location.hash || location.hash === "#/") go(api.can.write() ? "#/articles" : "#/leads");
  else render();
}

function forbidden(main) {
  document.title = "Not available · Staff panel";
  replace(main, h("h1", {}, "Not available"), h("p", {}, "Your role does not include this part of the panel."));
}

function notFound(main) {
  replace(main, h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/" }, "Back to the start")));
}
