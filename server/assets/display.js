// The display board: shows each call as it comes, newest first and
// highlighted, and announces it: a chime, then the spoken call (the server
// speaks it in Swedish, then in the visitor's language where a voice exists;
// the event only names the clip, never the language). Announcements wait their turn,
// so a new call never cuts off the one being spoken. The connection comes
// back by itself; while it is down the board says its data may be stale.
"use strict";

(function () {
  const board = document.querySelector("main.board");
  const site = board.dataset.site;
  const shown = Number(board.dataset.shown) - 1;
  const latest = document.getElementById("latest");
  const earlier = document.getElementById("earlier");
  const stale = document.getElementById("stale");
  const soundButton = document.getElementById("sound");

  // Browsers only play sound after a touch or key press on the page: the
  // button unlocks it. A board started with autoplay allowed hides it at once.
  let soundOn = false;
  const unlock = new Audio("/static/chime.wav");
  unlock.volume = 0;
  unlock.play().then(() => { soundOn = true; soundButton.hidden = true; }).catch(() => {});
  soundButton.addEventListener("click", () => {
    soundOn = true;
    soundButton.hidden = true;
    new Audio("/static/chime.wav").play().catch(() => {});
  });

  const queue = [];
  let speaking = false;
  function play(url) {
    return new Promise((resolve) => {
      const audio = new Audio(url);
      audio.addEventListener("ended", resolve);
      audio.addEventListener("error", resolve);
      audio.play().catch(resolve);
    });
  }
  async function speakNext() {
    if (speaking) return;
    speaking = true;
    while (queue.length > 0) {
      const clips = queue.shift();
      for (const url of clips) await play(url);
    }
    speaking = false;
  }
  function announce(call) {
    if (!soundOn) return;
    const clips = ["/static/chime.wav"];
    // Only a reference this server made is ever fetched.
    if (typeof call.speech === "string" && call.speech.startsWith("/api/v1/speech/")) clips.push(call.speech);
    queue.push(clips);
    speakNext();
  }

  function show(call) {
    if (!latest.hidden) {
      const item = document.createElement("li");
      item.className = "call";
      item.innerHTML = '<span class="number"></span><span class="desk"></span>';
      item.querySelector(".number").textContent = latest.querySelector(".number").textContent;
      item.querySelector(".desk").textContent = latest.querySelector(".desk").textContent;
      earlier.prepend(item);
      while (earlier.children.length > shown) earlier.lastElementChild.remove();
    }
    latest.querySelector(".number").textContent = call.number;
    latest.querySelector(".desk").textContent = call.desk;
    latest.hidden = false;
  }

  // A reconnecting stream first sends the calls missed meanwhile; one that
  // came live as well comes twice with the same id, and is shown once.
  const heard = [];
  window.liveEvents("/api/v1/sites/" + encodeURIComponent(site) + "/events", {
    call: (event) => {
      if (event.lastEventId) {
        if (heard.includes(event.lastEventId)) return;
        heard.push(event.lastEventId);
        if (heard.length > 50) heard.shift();
      }
      const call = JSON.parse(event.data);
      show(call);
      announce(call);
    },
  }, (up) => { stale.hidden = up; }, true);
})();
