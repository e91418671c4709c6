// A small client for PocketBase's realtime API: an EventSource on /api/realtime, then a
// subscription POST (with the staff token) naming the topics; reconnects resubscribe.
import * as api from "/admin/api.js";

/**
 * subscribe listens to topics (such as "callback_leads/*") and calls onMessage(topic, data)
 * for each event. It returns a function that closes the connection.
 */
export function subscribe(topics, onMessage, onState = () => {}) {
  let source = null;
  let closed = false;
  const open = () => {
    source = new EventSource("/api/realtime");
    source.addEventListener("PB_CONNECT", async (ev) => {
      const { clientId } = JSON.parse(ev.data);
      try {
        await api.request("/api/realtime", { method: "POST", json: { clientId, subscriptions: topics } });
        onState("live");
      } catch {
        onState("error");
      }
    });
    for (const topic of topics) {
      source.addEventListener(topic, (ev) => {
        try { onMessage(topic, JSON.parse(ev.data)); } catch { /* ignore malformed */ }
      });
    }
    source.onerror = () => {
      onState("reconnecting");
      // EventSource retries by itself; a new PB_CONNECT then subscribes again.
    };
  };
  open();
  return () => { closed = true; if (source) source.close(); return closed; };
}
