// The live board: reads the board's state from the server-sent event
// stream "events" (next to the page) and shows it on the stickies, found
// by their data-kind and data-id attributes.
(function () {
  "use strict";
  var status = document.getElementById("live-status");

  // clock shows an RFC 3339 time as the local time of day.
  function clock(t) {
    return t ? new Date(t).toLocaleTimeString() : "";
  }

  // line adds a span of class cls holding text to parent.
  function line(parent, cls, text) {
    var s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    parent.appendChild(s);
    return s;
  }

  // badge is the sticky's live part, emptied to be filled again.
  function badge(el) {
    var b = el.querySelector(":scope > .live");
    if (!b) {
      b = document.createElement("span");
      b.className = "live";
      el.appendChild(b);
    }
    b.textContent = "";
    return b;
  }

  function showEvent(el, e) {
    e = e || { count: 0, deadLettered: 0 };
    var b = badge(el);
    line(b, "live-count", String(e.count));
    line(b, "live-what", e.count === 1 ? " record" : " records");
    if (e.last) line(b, "live-time", " · last " + clock(e.last));
    if (e.deadLettered) line(b, "live-dead", e.deadLettered + " dead-lettered");
    el.dataset.count = e.count;
    el.classList.toggle("live-seen", e.count > 0 || e.deadLettered > 0);
    el.classList.toggle("live-red", e.deadLettered > 0);
  }

  function showCommand(el, c) {
    el.classList.toggle("live-used", !!c);
    var b = badge(el);
    if (c) line(b, "live-time", "used · last " + clock(c.last));
  }

  function showConsumer(el, c) {
    var b = badge(el);
    if (!c) return;
    line(b, "live-lag", "lag " + c.lag);
    if (c.deadLettered) line(b, "live-dead", c.deadLettered + " dead-lettered");
    el.dataset.lag = c.lag;
    el.classList.toggle("live-red", c.lagging || c.deadLettered > 0);
  }

  function apply(s) {
    document.querySelectorAll(".board .sticky[data-id]").forEach(function (el) {
      var id = el.dataset.id;
      switch (el.dataset.kind) {
        case "event": showEvent(el, s.events[id]); break;
        case "command": showCommand(el, s.commands[id]); break;
        case "policy": case "readmodel": showConsumer(el, s.consumers[id]); break;
      }
    });
    var text = s.connected ? "live" : "broker: " + (s.error || "not reached yet");
    if (s.unknown) text += " · " + s.unknown + " records of no event of the model";
    status.textContent = text;
    status.classList.toggle("live-off", !s.connected);
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  }

  // A headless browser's virtual time (chromium --virtual-time-budget)
  // stands still while a request is open, so there the stream is read one
  // state at a time: closed after each, opened again a second later.
  var headless = /HeadlessChrome/.test(navigator.userAgent);

  function connect() {
    var stream = new EventSource("events");
    stream.onmessage = function (m) {
      apply(JSON.parse(m.data));
      if (headless) {
        stream.close();
        setTimeout(connect, 1000);
      }
    };
    stream.onerror = function () {
      status.textContent = "disconnected, reconnecting…";
      status.classList.add("live-off");
    };
  }
  connect();
})();
