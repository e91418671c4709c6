// Reads published content through the official PocketBase JS SDK, the way a front end would,
// and fails loudly when a draft or scheduled article shows up. Usage: node check.mjs <base URL>
import PocketBase from "pocketbase";

const pb = new PocketBase(process.argv[2]);
const fail = (msg) => { console.error("FAIL: " + msg); process.exit(1); };

const page = await pb.collection("articles").getList(1, 20, { sort: "-published_at", expand: "author,topics" });
if (page.totalItems < 3) fail(`getList found ${page.totalItems} articles`);
for (const a of page.items) {
  if (a.status !== "published") fail(`getList returned a ${a.status} article`);
  if (!a.expand?.author?.name) fail(`no expanded author on ${a.slug}`);
  if (!Array.isArray(a.expand?.topics)) fail(`no expanded topics on ${a.slug}`);
}
for (let i = 1; i < page.items.length; i++) {
  if (page.items[i - 1].published_at < page.items[i].published_at) fail("getList is not newest first");
}

const one = await pb.collection("articles").getFirstListItem('slug="how-to-beat-ketamine-addiction"', { expand: "author,reviewed_by,topics" });
if (!one.body_html || !one.expand?.author) fail("getFirstListItem lacks body_html or author");

for (const slug of ["draft-naloxone-at-home", "scheduled-winter-support"]) {
  try {
    await pb.collection("articles").getFirstListItem(`slug="${slug}"`);
    fail(`${slug} is readable`);
  } catch (e) {
    if (e.status !== 404) fail(`${slug}: expected 404, got ${e.status}`);
  }
}
const all = await pb.collection("articles").getFullList({ sort: "-published_at" });
if (JSON.stringify(all).includes("zanzibarquokka")) fail("hidden text leaked through getFullList");
console.log(`ok: ${page.totalItems} published articles through the SDK, hidden ones stay hidden`);
