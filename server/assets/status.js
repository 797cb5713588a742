// The visitor's status page: re-reads its status whenever its own stream
// (opened with the ticket's token) says something changed, and says so
// discreetly while the connection is down.
"use strict";

(function () {
  const page = document.querySelector("main.status");
  if (!page || !page.dataset.token) return;
  const box = document.getElementById("status");
  const stale = document.getElementById("stale");
  const url = "/t/" + encodeURIComponent(page.dataset.token) + "?fragment=true";

  let pending = null;
  async function refresh() {
    const res = await fetch(url, { cache: "no-store" }).catch(() => null);
    if (!res) return;
    box.innerHTML = await res.text();
  }
  function soon() {
    clearTimeout(pending);
    pending = setTimeout(refresh, 200);
  }

  window.liveEvents("/api/v1/status/" + encodeURIComponent(page.dataset.token) + "/events",
    { changed: soon, resync: soon, open: soon },
    (up) => { stale.hidden = up; });
  setInterval(refresh, 60000);
})();
