// Who else has this article open: a heartbeat every 20 seconds while the editor is open (the
// server drops anyone not seen for a minute), the others' names shown at the top of the editor
// and refreshed as soon as realtime says someone came or went.
import { h, replace } from "/assets/dom.js";
import * as api from "/admin/api.js";
import { subscribe } from "/admin/realtime.js";

const BEAT_MS = 20000;

/** showPresence keeps box up to date for article id; it returns the function that stops it. */
export function showPresence(box, id) {
  const url = `/api/cms/articles/${encodeURIComponent(id)}/presence`;
  let stopped = false;
  box.dataset.article = id;
  const render = (people) => {
    if (!people.length) { box.hidden = true; replace(box); return; }
    box.hidden = false;
    const names = people.map((p) => p.name || "A colleague");
    replace(box, h("strong", {}, "Also open by: "), names.join(", "),
      ". Save often: if you both change it, the second save is caught and shown as a difference.");
  };
  const beat = async () => {
    // A save re-renders the editor in place: the replaced editor's presence lets go by itself.
    if (!stopped && !box.isConnected && started) { stop(false); return; }
    if (stopped) return;
    try {
      const res = await api.request(url, { method: "POST", json: {} });
      if (!stopped) render(res.present || []);
    } catch { /* the next beat tries again */ }
  };
  // Someone else's heartbeat or leave: read the list again (a read, so it starts no echo).
  const look = async () => {
    try {
      const res = await api.request(url);
      if (!stopped) render(res.present || []);
    } catch { /* the next beat tries again */ }
  };
  let started = false;
  beat();
  started = true;
  const timer = setInterval(beat, BEAT_MS);
  const close = subscribe(["article_presence/*"], (_topic, ev) => {
    if (ev && ev.record && ev.record.article === id && api.current() && ev.record.staff !== api.current().record.id) look();
  });
  // stop ends the heartbeat; leaving (the editor was closed) also tells the others at once. A
  // replaced editor stops without leaving: the one shown again after a save has beaten already.
  function stop(leaving) {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    close();
    if (leaving) api.request(url, { method: "DELETE" }).catch(() => {});
  }
  return () => stop(true);
}
