// The article list: status filter, title search and paging over the staff view of articles.
import { h, replace, formatDate, announce } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { isCurrent } from "/admin/nav.js";
import { REVIEW_LABELS } from "/admin/editor.js";
import { brokenLinksSection } from "/admin/links.js";

const STATUSES = [["", "Any status"], ["draft", "Draft"], ["in_review", "In review"], ["published", "Published"], ["archived", "Archived"]];

/** statusLabel names a status for people; a published article with a future date is scheduled, one past its take-down time is taken down. */
export function statusLabel(a) {
  const at = (v) => new Date(String(v).replace(" ", "T"));
  if (a.status === "published" && a.unpublish_at && at(a.unpublish_at) <= new Date()) return "Taken down";
  if (a.status === "published" && a.published_at && at(a.published_at) > new Date()) return "Scheduled";
  return (STATUSES.find(([v]) => v === a.status) || [, a.status])[1];
}

/** articlesView renders the list; its filters live in the hash (#/articles?status=&q=&page=). */
export async function articlesView(main) {
  document.title = "Articles · Staff panel";
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const status = params.get("status") || "";
  const q = params.get("q") || "";
  const reviewFilter = params.get("review") || "";
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const filters = [];
  if (status) filters.push(`status = ${api.quote(status)}`);
  if (q) filters.push(`(title ~ ${api.quote(q)} || slug ~ ${api.quote(q)})`);
  if (reviewFilter === "due") filters.push(`(review_status = "due" || review_status = "overdue")`);
  const [data, due, brokenLinks] = await Promise.all([api.list("articles", {
    page, perPage: 20, sort: "-updated", filter: filters.join(" && "),
    fields: "id,title,slug,status,published_at,unpublish_at,updated,review_status,expand.author.name", expand: "author",
  }), api.request("/api/cms/editorial/review-due").catch(() => null), brokenLinksSection()]);

  if (!isCurrent(main)) return;
  const form = h("form", { class: "toolbar-row", role: "search" },
    h("div", {}, h("label", { for: "f-status" }, "Status"),
      h("select", { id: "f-status", name: "status" }, STATUSES.map(([v, l]) => h("option", { value: v, selected: v === status }, l)))),
    h("div", {}, h("label", { for: "f-q" }, "Search titles"), h("input", { id: "f-q", name: "q", type: "search", value: q })),
    h("button", { type: "submit" }, "Filter"),
    api.can.write() ? h("a", { class: "button primary", href: "#/articles/new" }, "New article") : null);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams({ status: form.status.value, q: form.q.value.trim(), review: reviewFilter });
    location.hash = `#/articles?${p}`;
  });
  const pageLink = (n, label) => {
    const p = new URLSearchParams(params); p.set("page", String(n));
    return h("a", { href: `#/articles?${p}` }, label);
  };
  const reviewNote = due && (due.due || due.overdue) ? h("p", { class: "review-summary", id: "review-summary" },
    h("strong", {}, `Clinical reviews: ${due.overdue} overdue, ${due.due} due within 30 days. `),
    h("a", { href: "#/articles?review=due" }, "Show them")) : null;
  replace(main,
    h("h1", {}, "Articles"),
    reviewNote,
    form,
    data.items.length ? h("table", { class: "responsive" },
      h("caption", { class: "visually-hidden" }, "Articles, most recently changed first"),
      h("thead", {}, h("tr", {}, ["Title", "Status", "Review", "Author", "Published", "Changed"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, data.items.map((a) => h("tr", {},
        h("td", {}, h("a", { href: `#/articles/${a.id}` }, a.title)),
        h("td", {}, h("span", { class: "badge" }, statusLabel(a))),
        h("td", {}, REVIEW_LABELS[a.review_status] || REVIEW_LABELS.none),
        h("td", {}, (a.expand && a.expand.author && a.expand.author.name) || ""),
        h("td", {}, formatDate(a.published_at, true)),
        h("td", {}, formatDate(a.updated, true))))))
      : h("p", {}, "No articles match."),
    h("nav", { class: "toolbar-row", "aria-label": "Pages" },
      page > 1 ? pageLink(page - 1, "Previous page") : null,
      h("span", {}, `Page ${data.page} of ${Math.max(1, data.totalPages)} (${data.totalItems} articles)`),
      page < data.totalPages ? pageLink(page + 1, "Next page") : null),
    brokenLinks);
  announce(`${data.totalItems} articles`);
}
