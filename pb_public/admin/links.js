// Broken links found by the daily link check: a table on the article list, a short list in
// the editor, and (for admins) a button that checks every link now.
import { h, replace, formatDate, announce } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { showError } from "/admin/nav.js";

const URL = "/api/cms/editorial/broken-links";

/** problem says in words why a link is broken: the HTTP status, or the checker's error. */
function problem(l) {
  return l.error || (l.status ? `HTTP ${l.status}` : "Broken");
}

/** brokenLinksSection lists every broken link (or nothing when there are none). */
export async function brokenLinksSection() {
  const section = h("section", { id: "broken-links", "aria-labelledby": "broken-links-title" });
  const data = await api.request(URL).catch(() => null);
  if (!data) return null;
  const runButton = api.role() === "admin" ? h("button", { type: "button", onclick: run }, "Check all links now") : null;
  async function run() {
    runButton.disabled = true;
    announce("Checking links; this can take a few minutes.");
    try {
      const sum = await api.request("/api/cms/editorial/link-check", { method: "POST" });
      announce(`Checked ${sum.checked} links: ${sum.broken} broken.`);
      const next = await brokenLinksSection();
      if (next) section.replaceWith(next);
    } catch (err) {
      showError(err, section);
      runButton.disabled = false;
    }
  }
  if (!data.items.length) {
    if (!runButton) return null;
    replace(section, h("h2", { id: "broken-links-title" }, "Links"), h("p", {}, "The last link check found no broken links."), runButton);
    return section;
  }
  replace(section,
    h("h2", { id: "broken-links-title" }, `Broken links (${data.count})`),
    h("table", { class: "responsive" },
      h("caption", { class: "visually-hidden" }, "Broken links in published articles, longest broken first"),
      h("thead", {}, h("tr", {}, ["Article", "Link", "Problem", "Broken since"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, data.items.map((l) => h("tr", {},
        h("td", {}, h("a", { href: `#/articles/${l.article}` }, l.title || l.article)),
        h("td", {}, h("code", {}, l.url)),
        h("td", {}, problem(l)),
        h("td", {}, formatDate(l.failing_since, true)))))),
    runButton);
  return section;
}

/** articleBrokenLinks fills section with the broken links of one article, or hides it. */
export async function articleBrokenLinks(section, articleId) {
  const data = await api.request(`${URL}?article=${encodeURIComponent(articleId)}`);
  section.hidden = !data.items.length;
  if (!data.items.length) return;
  replace(section,
    h("h2", { id: "article-links-title" }, "Broken links in this article"),
    h("p", { class: "hint" }, "Found by the last link check of the published text."),
    h("ul", {}, data.items.map((l) => h("li", {},
      h("code", {}, l.url), ": ", problem(l), l.failing_since ? ` (broken since ${formatDate(l.failing_since)})` : ""))));
}
