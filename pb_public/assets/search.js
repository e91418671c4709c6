// Search as you type on /search: the results part of the same server-rendered page replaces
// the current one, and the address follows the query so it can be shared or reloaded.
import { announce, fetchPage } from "/assets/status.js";

const input = document.querySelector("form[role=search] input[name=q]");
const results = document.getElementById("results");
let timer = 0;
let latest = 0;

if (input && results) {
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
}

async function update() {
  const q = input.value.trim();
  const url = q ? `/search?q=${encodeURIComponent(q)}` : "/search";
  const ticket = ++latest;
  try {
    const { doc } = await fetchPage(url);
    const next = doc.getElementById("results");
    if (ticket !== latest || !next) return;
    results.replaceChildren(...Array.from(next.childNodes, (n) => document.adoptNode(n)));
    const heading = doc.querySelector("main h1");
    if (heading) document.querySelector("main h1").textContent = heading.textContent;
    document.title = doc.title;
    history.replaceState(null, "", url);
    const count = results.querySelector(".meta");
    if (count) announce(count.textContent);
  } catch { /* the form still submits normally */ }
}
