// The markdown toolbar and the live preview shared by the article and author editors.
import { h, replace, sanitizedHTML } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { advicePanel } from "/admin/readability.js";

const TOOLS = [
  ["Heading", (s) => ({ text: `## ${s || "Heading"}`, line: true })],
  ["Bold", (s) => ({ text: `**${s || "bold text"}**` })],
  ["Italic", (s) => ({ text: `_${s || "italic text"}_` })],
  ["Link", (s) => ({ text: `[${s || "link text"}](https://)` })],
  ["List", (s) => ({ text: (s || "item").split("\n").map((l) => `- ${l}`).join("\n"), line: true })],
  ["Quote", (s) => ({ text: (s || "quote").split("\n").map((l) => `> ${l}`).join("\n"), line: true })],
];

/** markdownToolbar returns buttons that wrap or prefix the selection in textarea. */
export function markdownToolbar(textarea) {
  return h("div", { class: "md-toolbar", role: "toolbar", "aria-label": "Formatting", "aria-controls": textarea.id },
    TOOLS.map(([label, fn]) => h("button", {
      type: "button",
      onclick: () => {
        const { selectionStart: a, selectionEnd: b, value } = textarea;
        const out = fn(value.slice(a, b));
        let before = value.slice(0, a);
        if (out.line && before && !before.endsWith("\n")) before += "\n";
        textarea.value = before + out.text + value.slice(b);
        const end = before.length + out.text.length;
        textarea.focus();
        textarea.setSelectionRange(end, end);
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      },
    }, label)));
}

/**
 * livePreview renders textarea's markdown through POST /api/cms/preview, debounced, with the
 * reading age, long sentences and wording hints of the answer beside it.
 */
export function livePreview(textarea, id, delay = 400) {
  const stats = h("p", { class: "hint", id: `${id}-stats` });
  const body = h("div", { class: "preview", id });
  const advice = advicePanel(textarea, `${id}-advice`);
  const element = h("section", { "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title`, class: "hint" }, "Preview"), stats, advice.element, body);
  let timer = null;
  let seq = 0;
  async function refresh() {
    const mine = ++seq;
    try {
      const markdown = textarea.value;
      const res = await api.request("/api/cms/preview", { method: "POST", json: { markdown } });
      if (mine !== seq) return;
      replace(body, sanitizedHTML("div", {}, res.html));
      advice.update(res, markdown);
      stats.textContent = `${res.word_count} words · ${res.reading_minutes} min read · ${res.toc.length} headings`;
    } catch (err) {
      if (mine === seq) stats.textContent = `Preview unavailable: ${err.message}`;
    }
  }
  const onInput = () => { clearTimeout(timer); timer = setTimeout(refresh, delay); };
  textarea.addEventListener("input", onInput);
  return { element, refresh, stop: () => clearTimeout(timer) };
}
