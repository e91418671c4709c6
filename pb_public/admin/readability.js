// The readability and wording advice shown beside the live preview: the reading age, the
// sentences over 25 words and the language hints of POST /api/cms/preview. Advice only: a
// save never looks at it. Offsets from the server are code points into the markdown that was
// previewed; a textarea counts UTF-16 code units, so they are converted before selecting.
import { h, replace } from "/assets/dom.js";

const SHOWN_CHARS = 90;

/** advicePanel returns the advice element for textarea and update(response, markdown). */
export function advicePanel(textarea, id) {
  const summary = h("p", { class: "advice-summary", id: `${id}-summary`, "aria-live": "polite" });
  const longTitle = h("h4", { id: `${id}-long-title`, hidden: true }, "Long sentences (over 25 words)");
  const longList = h("ul", { class: "advice-list", "aria-labelledby": `${id}-long-title`, hidden: true });
  const hintTitle = h("h4", { id: `${id}-hints-title`, hidden: true }, "Wording");
  const hintList = h("ul", { class: "advice-list", "aria-labelledby": `${id}-hints-title`, hidden: true });
  const element = h("section", { class: "advice", id, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title` }, "Readability and wording"),
    summary, longTitle, longList, hintTitle, hintList,
    h("p", { class: "hint" }, "Advice only: it never stops a save."));

  function update(res, markdown) {
    const r = res.readability || { words: 0, long_sentences: [] };
    const hints = res.language_hints || [];
    const parts = [r.words > 0 ? `Reading age about ${r.reading_age} (aim for 9 to 11)` : "Reading age: no text yet"];
    parts.push(plural(r.long_sentences.length, "long sentence"), plural(hints.length, "wording hint"));
    summary.textContent = parts.join(" · ");
    show(longTitle, longList, r.long_sentences.map((s) => h("li", {},
      selector(textarea, markdown, s, shorten(s.text)), " ", h("span", { class: "hint" }, `${s.words} words`))));
    show(hintTitle, hintList, hints.map((x) => h("li", {},
      selector(textarea, markdown, x, `“${x.text}”`), ": try ", h("strong", {}, x.suggestion),
      x.note ? h("span", { class: "advice-note" }, x.note) : null)));
  }
  return { element, update };
}

function show(title, list, items) {
  replace(list, items);
  title.hidden = list.hidden = items.length === 0;
}

function plural(n, noun) { return `${n} ${noun}${n === 1 ? "" : "s"}`; }

function shorten(text) {
  return text.length > SHOWN_CHARS ? `“${text.slice(0, SHOWN_CHARS).trimEnd()}…”` : `“${text}”`;
}

// selector is a button that selects item's range in textarea, or the plain label when the
// server could not place it in the markdown.
function selector(textarea, markdown, item, label) {
  if (item.start < 0) return h("span", {}, label);
  return h("button", { type: "button", class: "link", title: "Select in the body",
    onclick: () => selectRange(textarea, markdown, item.start, item.end) }, label);
}

// selectRange selects code points [start, end) of markdown in textarea; if the body has
// changed since, it selects the same text where it is now, if it is still there.
function selectRange(textarea, markdown, start, end) {
  let a = utf16Index(markdown, start);
  let b = utf16Index(markdown, end);
  const wanted = markdown.slice(a, b);
  if (textarea.value.slice(a, b) !== wanted) {
    const at = textarea.value.indexOf(wanted);
    if (at < 0) { textarea.focus(); return; }
    [a, b] = [at, at + wanted.length];
  }
  textarea.focus();
  textarea.setSelectionRange(a, b);
  const lines = textarea.value.split("\n").length;
  const line = textarea.value.slice(0, a).split("\n").length - 1;
  textarea.scrollTop = Math.max(0, (line / lines) * textarea.scrollHeight - textarea.clientHeight / 3);
}

// utf16Index converts a code point offset in text into the UTF-16 index a textarea uses.
function utf16Index(text, codePoints) {
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
  return i;
}
