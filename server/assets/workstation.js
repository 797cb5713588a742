// The counsellor's workstation: sends each action to the JSON API and swaps
// in the panel the server renders, whenever the site's live events say that
// something changed. A request in flight disables every button, so a double
// click never acts twice.
"use strict";

(function () {
  const panel = document.getElementById("panel");

  // The login form posts by itself; only logout needs the script there.
  document.addEventListener("click", async (event) => {
    const logout = event.target.closest("[data-action=logout]");
    if (!logout) return;
    const token = logout.dataset.csrf || (panel && panel.dataset.csrf);
    await fetch("/api/v1/session", { method: "DELETE", headers: { "X-CSRF-Token": token } });
    location.assign("/");
  });
  if (!panel) return;

  const site = panel.dataset.site;
  const lang = panel.dataset.lang;
  const csrf = panel.dataset.csrf;
  let busy = false;

  // What the API refused, as the sentence the page carries for its code.
  const refusals = JSON.parse(panel.dataset.refusals || "{}");
  // The sentence stays for a while even when the live panel is swapped in
  // meanwhile (an event can come a moment after the refusal).
  let lastError = null;
  function showError(code) {
    lastError = { text: refusals[code] || refusals.unknown, at: Date.now() };
    showLastError();
  }
  function showLastError() {
    const box = document.getElementById("error");
    if (!box || !lastError || Date.now() - lastError.at > 15000) return;
    box.textContent = lastError.text;
    box.hidden = false;
  }

  async function refresh() {
    const res = await fetch("/workstation/panel?lang=" + encodeURIComponent(lang), { cache: "no-store" });
    if (res.status === 401 || res.status === 403) { location.reload(); return; }
    if (!res.ok) return;
    const html = await res.text();
    // Keep a half-filled transfer form: only swap when nothing is being edited.
    if (document.activeElement && document.activeElement.tagName === "SELECT") return;
    const reason = document.getElementById("call-reason");
    const chosen = reason && reason.value;
    panel.innerHTML = html;
    // The reason chosen for calling out of turn stays chosen.
    const again = document.getElementById("call-reason");
    if (again && chosen) again.value = chosen;
    showLastError();
  }

  async function send(method, path, body) {
    if (busy) return null;
    busy = true;
    panel.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      const res = await fetch(path, {
        method,
        headers: Object.assign({ "X-CSRF-Token": csrf }, body ? { "Content-Type": "application/json" } : {}),
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.status === 401) { location.reload(); return null; }
      if (!res.ok) {
        const err = await res.json().catch(() => ({ error: String(res.status) }));
        await refresh();
        showError(err.error);
        return null;
      }
      lastError = null;
      await refresh();
      return res;
    } finally {
      busy = false;
      panel.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    }
  }

  panel.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button || busy) return;
    if (button.dataset.action === "status") {
      await send("PUT", "/api/v1/counsellor/status", { status: button.dataset.status });
    } else if (button.dataset.action === "next") {
      // Someone is still with me: ask before calling the next visitor.
      if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
      const res = await send("POST", "/api/v1/counsellor/next");
      if (res && res.status === 204) document.getElementById("nobody").hidden = false;
    } else if (button.dataset.call) {
      const reason = document.getElementById("call-reason").value;
      if (!reason) { showError("reason_needed"); document.getElementById("call-reason").focus(); return; }
      const res = await send("POST", "/api/v1/tickets/" + button.dataset.call + "/call", { reason });
      // Each call out of turn gives its own reason.
      const select = document.getElementById("call-reason");
      if (res && select) select.value = "";
    } else if (button.dataset.op) {
      const ticket = button.closest("[data-ticket]").dataset.ticket;
      await send("POST", "/api/v1/tickets/" + ticket + "/" + button.dataset.op);
    }
  });

  // A reason chosen: the list goes back to following the queue live (a
  // focused list is never swapped out under the counsellor's hand).
  panel.addEventListener("change", (event) => {
    if (event.target.id === "call-reason") event.target.blur();
  });

  panel.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.transfer");
    if (!form) return;
    event.preventDefault();
    const errand = form.elements.errand.value;
    const counsellor = form.elements.counsellor.value;
    if (!errand === !counsellor) return; // exactly one of them
    await send("POST", "/api/v1/tickets/" + form.dataset.ticket + "/transfer", errand ? { errand } : { counsellor });
  });

  // N call next, R call again, S arrived, D done: never while typing.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName)) return;
    const target = { n: "[data-action=next]", r: "[data-op=recall]", s: "[data-op=start]", d: "[data-op=done]" }[event.key.toLowerCase()];
    const button = target && panel.querySelector(target);
    if (button) { event.preventDefault(); button.click(); }
  });

  let pending = null;
  function soon() {
    clearTimeout(pending);
    pending = setTimeout(refresh, 150);
  }

  // Alerts: a help request sounds once; a colleague's alarm sounds again
  // every few seconds until someone answers it. The count of sounds is kept
  // on the section, so what was played can be checked.
  const alertsBox = document.getElementById("alerts");
  const heard = new Set();
  let repeating = null;
  function sound() {
    alertsBox.dataset.sounds = String(Number(alertsBox.dataset.sounds) + 1);
    new Audio("/static/alert.wav").play().catch(() => {});
  }
  function react() {
    let fresh = false;
    alertsBox.querySelectorAll(".alert[data-status=open]").forEach((a) => {
      if (!heard.has(a.dataset.id) && !a.dataset.own) { heard.add(a.dataset.id); fresh = true; }
    });
    if (fresh) sound();
    const alarm = alertsBox.querySelector(".alert.alarm[data-status=open]");
    if (alarm && !repeating) repeating = setInterval(sound, 3000);
    if (!alarm && repeating) { clearInterval(repeating); repeating = null; }
  }
  async function refreshAlerts() {
    const res = await fetch("/workstation/alerts?lang=" + encodeURIComponent(lang), { cache: "no-store" });
    if (!res.ok) return;
    alertsBox.innerHTML = await res.text();
    react();
  }
  alertsBox.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-ack]");
    if (!button) return;
    button.disabled = true;
    await fetch("/api/v1/alerts/" + encodeURIComponent(button.dataset.ack) + "/ack", {
      method: "POST", headers: { "X-CSRF-Token": csrf },
    }).catch(() => {});
    await refreshAlerts();
  });
  react();

  // The alarm: held for two seconds, with the button filling up meanwhile.
  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  const alarmButton = document.getElementById("alarm");
  let holding = null;
  function release() {
    clearTimeout(holding);
    holding = null;
    alarmButton.classList.remove("holding");
  }
  alarmButton.addEventListener("pointerdown", () => {
    alarmButton.classList.add("holding");
    holding = setTimeout(async () => {
      release();
      await fetch("/api/v1/alarm", {
        method: "POST",
        headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
        body: JSON.stringify({ id: uuid() }),
      }).catch(() => {});
      await refreshAlerts();
    }, 2000);
  });
  ["pointerup", "pointerleave", "pointercancel"].forEach((name) => alarmButton.addEventListener(name, release));
  // Booked visits: the form books one and shows its code; the list is
  // fetched again when one is booked, cancelled or arrives, and my own
  // visitor's arrival sounds (counted on the section, as alerts are).
  const booking = document.getElementById("appointments");
  async function refreshAppointments() {
    const res = await fetch("/workstation/appointments?lang=" + encodeURIComponent(lang), { cache: "no-store" });
    if (res.ok) document.getElementById("appointments-list").innerHTML = await res.text();
  }
  function appointmentEvent(event) {
    const data = JSON.parse(event.data || "{}");
    if (data.counsellor && data.counsellor === booking.dataset.me) {
      booking.dataset.arrivals = String(Number(booking.dataset.arrivals) + 1);
      new Audio("/static/alert.wav").play().catch(() => {});
    }
    refreshAppointments();
  }
  booking.addEventListener("submit", async (event) => {
    const form = event.target.closest("form#book");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const res = await fetch("/workstation/appointments?lang=" + encodeURIComponent(lang), {
        method: "POST",
        headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
        body: JSON.stringify({ date: form.elements.date.value, time: form.elements.time.value, errand: form.elements.errand.value }),
      });
      if (res.status === 401) { location.reload(); return; }
      if (!res.ok) {
        const err = await res.json().catch(() => ({ error: String(res.status) }));
        showError(err.error);
        return;
      }
      lastError = null;
      const box = document.getElementById("error");
      if (box) box.hidden = true;
      document.getElementById("booked").innerHTML = await res.text();
      await refreshAppointments();
    } finally {
      button.disabled = false;
    }
  });
  booking.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-cancel]");
    if (!button || !window.confirm(button.dataset.confirm)) return;
    button.disabled = true;
    const res = await fetch("/api/v1/appointments/" + encodeURIComponent(button.dataset.cancel), {
      method: "DELETE", headers: { "X-CSRF-Token": csrf },
    }).catch(() => null);
    if (res && !res.ok) showError((await res.json().catch(() => ({ error: String(res.status) }))).error);
    await refreshAppointments();
  });

  // The staff stream of this counsellor's site: it needs the session cookie,
  // and carries what the public stream does not (tickets, the queue).
  const everything = () => { soon(); refreshAlerts(); refreshAppointments(); };
  window.liveEvents("/api/v1/staff/events", {
    queue: soon, ticket: soon, call: soon,
    help: refreshAlerts, alarm: refreshAlerts, ack: refreshAlerts, kiosk: refreshAlerts,
    appointment: appointmentEvent,
    resync: everything, open: everything,
  });
  // Waiting times move on even when nothing happens, and a kiosk that
  // falls silent sends no event: look again now and then.
  setInterval(refresh, 30000);
  setInterval(refreshAlerts, 60000);
})();
