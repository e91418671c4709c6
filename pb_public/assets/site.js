// The public reading site: one shell (index.html) for every clean URL, rendered from the
// public content API. Nothing staff-only is ever fetched.
import { h, replace, sanitizedHTML, formatDate, markOnly, announce } from "/assets/dom.js";
import { getJSON, ApiError } from "/assets/api.js";
import { callbackForm } from "/assets/callback.js";

const main = document.getElementById("main");
const SITE = "Recovery Library";

loadEmergencyText();
route().catch(showError);

async function loadEmergencyText() {
  try {
    const site = await getJSON("/api/cms/site");
    if (site && site.emergency_text) document.getElementById("emergency-text").textContent = site.emergency_text;
  } catch { /* the default text in the page stays */ }
}

async function route() {
  const path = decodeURIComponent(location.pathname).replace(/\/+$/, "") || "/";
  let m;
  if (path === "/") return home();
  if ((m = path.match(/^\/articles\/([a-z0-9-]+)$/))) return article(m[1]);
  if ((m = path.match(/^\/authors\/([a-z0-9-]+)$/))) return author(m[1]);
  if ((m = path.match(/^\/topics\/([a-z0-9-]+)$/))) return topic(m[1]);
  if (path === "/callback") return callbackPage();
  return notFound();
}

function setTitle(title) {
  document.title = title ? `${title} · ${SITE}` : SITE;
}

function showError(err) {
  if (err instanceof ApiError && err.status === 404) return notFound();
  setTitle("Something went wrong");
  replace(main, h("h1", {}, "Something went wrong"),
    h("p", {}, "This page could not be loaded. Please try again in a moment."));
}

function notFound() {
  setTitle("Page not found");
  replace(main, h("h1", {}, "Page not found"),
    h("p", {}, "This page does not exist or is no longer published. ", h("a", { href: "/" }, "See the latest articles"), "."));
}

function articleCard(a, level = "h2") {
  return h("li", { class: "card" },
    h(level, {}, h("a", { href: `/articles/${a.slug}` }, a.title)),
    a.snippet ? h("p", {}, markOnly(a.snippet)) : (a.summary ? h("p", {}, a.summary) : null),
    h("p", { class: "meta" },
      [a.published_at ? formatDate(a.published_at) : "", a.reading_minutes ? `${a.reading_minutes} min read` : "",
        a.author && a.author.name ? `by ${a.author.name}` : ""].filter(Boolean).join(" · ")));
}

async function home() {
  const params = new URLSearchParams(location.search);
  const q = (params.get("q") || "").trim();
  const topicSlug = params.get("topic") || "";
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  setTitle(q ? `Search: ${q}` : "");

  const topics = await getJSON("/api/collections/topics/records?perPage=200&sort=name&fields=name,slug").catch(() => ({ items: [] }));
  const qs = new URLSearchParams({ page: String(page), perPage: "12" });
  let data;
  if (q) {
    qs.set("q", q);
    data = await getJSON(`/api/cms/search?${qs}`);
  } else {
    if (topicSlug) qs.set("topic", topicSlug);
    data = await getJSON(`/api/cms/articles?${qs}`);
  }
  const items = data.items || [];

  const form = h("form", { class: "filters", role: "search", action: "/", method: "get" },
    h("div", {}, h("label", { for: "q" }, "Search articles"), h("input", { id: "q", name: "q", type: "search", value: q })),
    h("div", {}, h("label", { for: "topic" }, "Topic"),
      h("select", { id: "topic", name: "topic" },
        h("option", { value: "" }, "All topics"),
        (topics.items || []).map((t) => h("option", { value: t.slug, selected: t.slug === topicSlug }, t.name)))),
    h("button", { class: "button", type: "submit" }, "Show articles"));
  form.topic.addEventListener("change", () => { if (!form.q.value) form.requestSubmit(); });

  const heading = q ? `Results for “${q}”` : "Latest articles";
  const pager = h("nav", { class: "pager", "aria-label": "Pages" },
    page > 1 ? h("a", { href: pageURL(params, page - 1) }, "Newer articles") : null,
    page < (data.totalPages || 1) ? h("a", { href: pageURL(params, page + 1) }, "Older articles") : null);
  replace(main,
    h("h1", {}, heading),
    form,
    items.length ? h("ul", { class: "cards" }, items.map((a) => articleCard(a))) : h("p", {}, "No articles found."),
    pager,
    callbackForm({ headingLevel: "h2" }));
  announce(`${data.totalItems ?? items.length} articles`);
}

function pageURL(params, page) {
  const p = new URLSearchParams(params);
  p.set("page", String(page));
  return `/?${p}`;
}

function person(label, p) {
  if (!p || !p.name) return null;
  return h("p", {}, `${label} `,
    p.slug ? h("a", { href: `/authors/${p.slug}` }, p.name) : p.name,
    p.credentials ? `, ${p.credentials}` : "");
}

async function article(slug) {
  const a = await getJSON(`/api/cms/articles/${encodeURIComponent(slug)}`);
  setTitle(a.title);
  const toc = (a.toc || []).length
    ? h("nav", { class: "toc", "aria-labelledby": "toc-title" },
      h("h2", { id: "toc-title" }, "On this page"),
      h("ol", {}, a.toc.map((t) => h("li", { class: `level-${t.level}` }, h("a", { href: `#${t.id}` }, t.text)))))
    : null;
  const related = (a.related || []).length
    ? h("section", { "aria-labelledby": "related-title" },
      h("h2", { id: "related-title" }, "Related articles"),
      h("ul", { class: "cards" }, a.related.map((r) => articleCard(r, "h3"))))
    : null;
  replace(main,
    h("div", { class: "article-layout" },
      h("article", { "aria-labelledby": "article-title" },
        h("h1", { id: "article-title" }, a.title),
        h("div", { class: "byline" },
          person("Written by", a.author),
          person("Reviewed by", a.reviewed_by),
          a.reviewed_at ? h("p", {}, "Reviewed on ", h("time", { datetime: a.reviewed_at }, formatDate(a.reviewed_at))) : null,
          a.reading_minutes ? h("p", {}, `${a.reading_minutes} min read`) : null),
        (a.topics || []).length ? h("p", { class: "meta" }, "Topics: ",
          a.topics.map((t, i) => [i ? ", " : "", h("a", { href: `/topics/${t.slug}` }, t.name)])) : null,
        toc,
        sanitizedHTML("div", { class: "article-body" }, a.body_html)),
      h("aside", { "aria-label": "Get support" }, callbackForm({ articleId: a.id }))),
    related);
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

/** unwrap accepts either {author: {...}, articles: [...]} or the record with its articles inline. */
function unwrap(data, key) {
  const rec = data[key] || data;
  const items = data.articles || data.items || (rec.articles) || [];
  return { rec, items: Array.isArray(items) ? items : (items.items || []) };
}

/** avatarURL reads an image reference ({url, thumbs}) or a plain URL. */
function avatarURL(a) {
  if (!a) return "";
  const url = typeof a === "string" ? a : ((a.thumbs && a.thumbs["320x320"]) || a.url || "");
  return /^(https?:)?\//.test(url) ? url : "";
}

async function author(slug) {
  const { rec, items } = unwrap(await getJSON(`/api/cms/authors/${encodeURIComponent(slug)}`), "author");
  setTitle(rec.name);
  replace(main,
    h("h1", {}, rec.name),
    rec.credentials ? h("p", { class: "meta" }, rec.credentials) : null,
    avatarURL(rec.avatar) ? h("img", { class: "avatar", src: avatarURL(rec.avatar), alt: "" }) : null,
    rec.bio_html ? sanitizedHTML("div", { class: "article-body" }, rec.bio_html) : null,
    h("h2", {}, `Articles by ${rec.name}`),
    items.length ? h("ul", { class: "cards" }, items.map((a) => articleCard(a, "h3"))) : h("p", {}, "No published articles yet."));
}

async function topic(slug) {
  const { rec, items } = unwrap(await getJSON(`/api/cms/topics/${encodeURIComponent(slug)}`), "topic");
  setTitle(rec.name);
  replace(main,
    h("h1", {}, rec.name),
    rec.description ? h("p", {}, rec.description) : null,
    items.length ? h("ul", { class: "cards" }, items.map((a) => articleCard(a))) : h("p", {}, "No published articles yet."));
}

function callbackPage() {
  setTitle("Free callback");
  replace(main,
    h("h1", {}, "Talk to someone"),
    h("p", {}, "If you are worried about your drinking or drug use, or someone else's, a counsellor can phone you back for free. You do not have to be ready to stop."),
    callbackForm({ headingLevel: "h2" }));
}
