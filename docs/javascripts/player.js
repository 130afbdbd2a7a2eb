/* Listen along: plays the narration beside the text, only once the reader asks for it.
   Before that click nothing is requested from any third-party host. The ▶ links stay plain links to
   YouTube without JavaScript. Contract with the pages: a `.player-bar[data-video-id]` placeholder;
   timed passages carry `data-start`/`data-end` seconds (paragraphs `.para`/`.essay-quote`, sentences
   `.s`/`.sentence`); ▶ links are `a.play[data-start]`. The YouTube IFrame API (window.YT) is loaded
   from `data-api` on first use; tests stand in for it by defining window.YT first. */
(function () {
  "use strict";
  var bar = document.querySelector(".player-bar[data-video-id]");
  if (!bar) return;
  var videoId = bar.getAttribute("data-video-id");
  var apiUrl = bar.getAttribute("data-api") || "https://www.youtube.com/iframe_api";
  var storeKey = "edition.narration." + videoId;
  var player = null, ready = false, pending = null, timer = null, userScrolledAt = 0, current = null;

  var timed = Array.prototype.slice.call(document.querySelectorAll("[data-start][data-end]"))
    .filter(function (el) { return !el.matches("a"); });
  var blocks = timed.filter(function (el) { return !el.matches(".s, .sentence"); });
  var sentences = timed.filter(function (el) { return el.matches(".s, .sentence"); });

  function clock(t) {
    t = Math.floor(t); var m = Math.floor(t / 60), s = t % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  // The page ships the load link and the status line (so the bar's height is there at first paint);
  // the link goes to YouTube without this script, and starts the in-page player with it.
  var loadButton = bar.querySelector(".player-load") ||
    el("button", { type: "button", class: "md-button player-load" }, "▶ Listen along");
  loadButton.setAttribute("role", "button");
  var resumeButton = el("button", { type: "button", class: "md-button player-resume", hidden: "" }, "");
  var followButton = el("button", { type: "button", class: "md-button player-follow", hidden: "" },
    "Back to where the narration is");
  var status = bar.querySelector(".player-status") || el("span", { class: "player-status" },
    "The narration loads from YouTube (youtube-nocookie.com) when you ask for it.");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var frame = el("div", { class: "player-frame", id: "player-frame-" + videoId });
  [frame, loadButton, resumeButton, followButton, status].forEach(function (node) { bar.appendChild(node); });
  bar.hidden = false;

  var saved = parseFloat(localStorage.getItem(storeKey) || "0");
  if (saved > 5) {
    resumeButton.textContent = "Resume the narration at " + clock(saved);
    resumeButton.hidden = false;
  }

  function loadApi(callback) {
    if (window.YT && window.YT.Player) { callback(); return; }
    var previous = window.onYouTubeIframeAPIReady;
    window.onYouTubeIframeAPIReady = function () { if (previous) previous(); callback(); };
    var script = el("script", { src: apiUrl, async: "" });
    document.head.appendChild(script);
  }

  function start(seconds) {
    pending = seconds;
    if (player) { if (ready) seek(seconds); return; }
    status.textContent = "Loading the narration…";
    loadButton.hidden = true;
    loadApi(function () {
      player = new window.YT.Player(frame.id, {
        host: "https://www.youtube-nocookie.com",
        videoId: videoId,
        width: "320", height: "180",
        playerVars: { start: Math.floor(seconds || 0), playsinline: 1, rel: 0 },
        events: {
          onReady: function () { ready = true; status.textContent = "Narration loaded."; if (pending !== null) seek(pending); poll(); },
          onStateChange: function () { tick(); }
        }
      });
    });
  }

  function seek(seconds) {
    pending = null;
    player.seekTo(seconds, true);
    if (player.playVideo) player.playVideo();
    userScrolledAt = 0;
    tick(seconds);
  }

  function poll() {
    if (timer) return;
    timer = setInterval(tick, 250);
  }

  function find(list, t) {
    for (var i = 0; i < list.length; i++) {
      var a = parseFloat(list[i].getAttribute("data-start")), b = parseFloat(list[i].getAttribute("data-end"));
      if (t >= a && t < b) return list[i];
    }
    return null;
  }

  function tick(at) {
    if (!player || !player.getCurrentTime) return;
    var t = typeof at === "number" ? at : player.getCurrentTime();
    if (typeof t !== "number" || isNaN(t)) return;
    localStorage.setItem(storeKey, String(Math.floor(t)));
    var block = find(blocks, t), sentence = find(sentences, t);
    document.querySelectorAll(".is-speaking").forEach(function (n) {
      if (n !== block && n !== sentence) n.classList.remove("is-speaking");
    });
    if (block) block.classList.add("is-speaking");
    if (sentence) sentence.classList.add("is-speaking");
    var target = sentence || block;
    if (target && target !== current) {
      current = target;
      var away = Date.now() - userScrolledAt < 5000;
      followButton.hidden = !away;
      if (!away) target.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  ["wheel", "touchmove"].forEach(function (type) {
    window.addEventListener(type, function () { userScrolledAt = Date.now(); if (player) followButton.hidden = false; },
      { passive: true });
  });
  window.addEventListener("keydown", function (e) {
    if (["PageDown", "PageUp", "ArrowDown", "ArrowUp", "Home", "End", " "].indexOf(e.key) >= 0) userScrolledAt = Date.now();
  });

  loadButton.addEventListener("click", function (event) {
    event.preventDefault();
    var first = document.querySelector("a.play[data-start]");
    start(first ? parseFloat(first.getAttribute("data-start")) : 0);
  });
  resumeButton.addEventListener("click", function () { resumeButton.hidden = true; start(saved); });
  followButton.addEventListener("click", function () {
    userScrolledAt = 0; followButton.hidden = true;
    if (current) current.scrollIntoView({ block: "center", behavior: "smooth" });
  });

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest("a.play[data-start]");
    var sentence = !link && event.target.closest(".s[data-start], .sentence[data-start]");
    if (sentence && (window.getSelection && String(window.getSelection()).length)) return;  // selecting text
    if (sentence && event.target.closest("a")) return;
    var node = link || sentence;
    if (!node) return;
    if (sentence && !player) return;  // sentences seek only once the reader has loaded the narration
    event.preventDefault();
    start(parseFloat(node.getAttribute("data-start")));
  });
})();
