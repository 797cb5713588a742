// Live events that come back by themselves. EventSource reconnects after a
// dropped connection, but gives up for good when the server refuses the
// stream (a full site answers 503): then it is opened again after a while,
// doubling up to a minute, with jitter so that many screens do not all
// return at once. `onState(true | false)` says whether the stream is up.
// A `resumable` stream (the display board's) names the last event id it
// heard when it is opened again, so the server sends what was missed; a
// reconnecting EventSource does that by itself.
"use strict";

window.liveEvents = function (url, listeners, onState, resumable) {
  let delay = 1000;
  let lastId = "";
  function open() {
    const target = resumable && lastId ? url + (url.includes("?") ? "&" : "?") + "after=" + encodeURIComponent(lastId) : url;
    const events = new EventSource(target);
    const heard = (event) => { if (event.lastEventId) lastId = event.lastEventId; };
    Object.entries(listeners).forEach(([name, listener]) =>
      events.addEventListener(name, (event) => { heard(event); listener(event); }));
    if (resumable) events.addEventListener("position", heard);
    events.addEventListener("open", () => {
      delay = 1000;
      if (onState) onState(true);
    });
    events.addEventListener("error", () => {
      if (onState) onState(false);
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(open, delay * (0.5 + Math.random() / 2));
        delay = Math.min(delay * 2, 60000);
      }
    });
  }
  open();
};
