// The live overview: the panel is fetched again whenever the site's staff
// stream says something changed (a check-in, a call, a help request), and
// every half minute, since waiting times grow when nothing happens.
"use strict";

(function () {
  const main = document.getElementById("overview");
  const panel = document.getElementById("overview-panel");
  if (!main || !panel) return;
  const query = "site=" + encodeURIComponent(main.dataset.site) + "&lang=" + encodeURIComponent(main.dataset.lang);
  async function refresh() {
    const res = await fetch("/overview/panel?" + query, { cache: "no-store" });
    if (res.status === 401 || res.status === 403) { location.reload(); return; }
    if (res.ok) panel.innerHTML = await res.text();
  }
  let pending = null;
  function soon() {
    clearTimeout(pending);
    pending = setTimeout(refresh, 100);
  }
  window.liveEvents("/api/v1/staff/events?site=" + encodeURIComponent(main.dataset.site), {
    queue: soon, ticket: soon, call: soon, help: soon, alarm: soon, ack: soon,
    resync: soon, open: soon,
  });
  setInterval(refresh, 30000);
})();
