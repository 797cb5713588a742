// Live events that come back by themselves. EventSource reconnects after a
// dropped connection, but gives up for good when the server refuses the
// stream (a full site answers 503): then it is opened again after a while,
// doubling up to a minute, with jitter so that many screens do not all
// return at once. `onState(true | false)` says whether the stream is up.
"use strict";

window.liveEvents = function (url, listeners, onState) {
  let delay = 1000;
  function open() {
    const events = new EventSource(url);
    Object.entries(listeners).forEach(([name, listener]) => events.addEventListener(name, listener));
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
