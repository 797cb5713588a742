// The account page: sends a password change, or an admin's request for a
// colleague's set-up link, to the JSON API with the session's CSRF token, and
// says in a sentence what happened (the sentences are in the page, in its
// language; the API only gives codes).
"use strict";

(function () {
  const page = document.getElementById("account");
  if (!page) return;
  const csrf = page.dataset.csrf;

  function say(box, text) {
    box.textContent = text;
    box.hidden = false;
  }

  async function send(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!res) return { ok: false, code: "failed" };
    if (res.ok) return { ok: true, body: res.status === 204 ? null : await res.json() };
    const err = await res.json().catch(() => ({}));
    return { ok: false, code: err.error || "failed" };
  }

  const change = document.getElementById("change-password");
  change.addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = document.getElementById("password-message");
    const form = new FormData(change);
    if (form.get("new") !== form.get("repeat")) { say(box, box.dataset.mismatch); return; }
    const button = change.querySelector("button");
    button.disabled = true;
    const result = await send("PUT", "/api/v1/account/password", { current: form.get("current"), new: form.get("new") });
    button.disabled = false;
    if (result.ok) {
      change.reset();
      say(box, box.dataset.changed);
    } else {
      say(box, box.dataset[result.code] || box.dataset.failed);
    }
  });

  const setup = document.getElementById("setup-link");
  if (!setup) return;
  setup.addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = document.getElementById("setup-result");
    const username = new FormData(setup).get("username");
    const result = await send("POST", "/api/v1/accounts/" + encodeURIComponent(username) + "/setup-link", {});
    if (!result.ok) { say(box, box.dataset.failed); return; }
    // The link is shown once, as text to copy: it is the colleague's key.
    box.textContent = "";
    const link = document.createElement("code");
    link.textContent = result.body.setup_url;
    box.append(link);
    box.hidden = false;
  });
})();
