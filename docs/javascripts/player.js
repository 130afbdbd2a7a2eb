/* Listen along: a docked player that plays the narration beside the text, only once the reader asks.

   Before the reader presses play nothing is requested from any host but this site's. Then the YouTube
   IFrame API script comes from `data-api` (www.youtube.com) and the player from `data-host`
   (www.youtube-nocookie.com); the status line names both. Tests stand in for the API by defining
   window.YT first, or by answering the API's address.

   Contract with the pages (made by the build):
   - `.player-bar[data-video-id]`: `data-page` (site URL), `data-root` (the way to the site root),
     `data-first` (the page's first spoken second; absent when the narration skips the page),
     `data-plan` (the narration's runs in spoken order: [page, section number, title, start, end]),
     `data-sync` (essay-sync.vtt: word times), `data-api`, `data-host`; a `.player-load` link.
   - timed passages carry `data-start`/`data-end` seconds: blocks `.para`, `.essay-quote`,
     `.podcast-line`; sentences `.s`, `.sentence`. ▶ links are `a.play[data-start]`, timestamps
     `a.ts[data-start]`.

   The dock lives outside Material's content container, so it survives instant navigation; every new
   page is read again (document$). Without instant navigation, a page change while playing is handed
   over through sessionStorage and the next page picks the narration up where it was.
   The page script for keys (keys.js) drives it through window.editionPlayer. Its stylesheet
   (player.css) is one of the site's (extra_css). */
(function () {
  "use strict";

  var STORE = "edition.player.";
  var SESSION_MAX_AGE = 60000;  // ms: a hand-over older than this is a stale tab, not a page change
  var PLAYING = 1, BUFFERING = 3, ENDED = 0;
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  var ctx = null;  // the current page (see readPage)
  var knownPlan = [];  // the last plan read, for pages without a bar (the ledger, the claims)
  var yt = null, ready = false, pending = null, timer = null, loadingApi = false;
  var contacted = 0; // what the reader's pressing play has asked of YouTube: 1 its player script, 2 the player too
  var video = null, apiUrl = null, playerHost = null;
  var dock = null, ui = {};
  var lastT = null, playing = false;
  var spoken = { block: null, sentence: null, run: null };
  var away = false, autoScrollUntil = 0, needFollow = false;
  var cues = null, cuesFor = null;

  function store(key, value) {
    try { if (value === null) localStorage.removeItem(STORE + key); else localStorage.setItem(STORE + key, value); }
    catch (e) { /* private mode: settings last for this page only */ }
  }
  function stored(key) {
    try { return localStorage.getItem(STORE + key); } catch (e) { return null; }
  }
  var wordsOn = stored("words") !== "off";
  var videoChoice = stored("video");  // "shown", "hidden", or null: shown on desktop; on phones until it plays
  var compact = window.matchMedia ? window.matchMedia("(max-width: 76.234375em)") : { matches: false };  // the bottom bar
  var videoShown = videoChoice !== "hidden";

  function clock(t) {
    t = Math.max(0, Math.floor(t));
    var h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, s = t % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function num(node, name) { return parseFloat(node.getAttribute(name)); }
  function hostOf(url) { try { return new URL(url, location.href).hostname; } catch (e) { return url; } }

  /* --- the page ------------------------------------------------------------------------------ */

  function readPage() {
    var bar = document.querySelector(".player-bar[data-video-id]");
    if (!bar) return null;
    var root = bar.getAttribute("data-root") || "";
    var plan = [];
    try { plan = JSON.parse(bar.getAttribute("data-plan") || "[]"); } catch (e) { plan = []; }
    var page = bar.getAttribute("data-page") || "";
    var timed = function (selector) {
      return Array.prototype.slice.call(document.querySelectorAll(selector)).map(function (node) {
        return { node: node, start: num(node, "data-start"), end: num(node, "data-end") };
      }).filter(function (x) { return !isNaN(x.start) && !isNaN(x.end); });
    };
    return {
      bar: bar,
      video: bar.getAttribute("data-video-id"),
      api: bar.getAttribute("data-api") || "https://www.youtube.com/iframe_api",
      host: bar.getAttribute("data-host") || "https://www.youtube-nocookie.com",
      page: page,
      first: bar.hasAttribute("data-first") ? num(bar, "data-first") : null,
      sync: bar.getAttribute("data-sync") ? new URL(bar.getAttribute("data-sync"), location.href).href : null,
      plan: plan.map(function (r) {
        return { page: r[0], n: r[1], title: r[2], start: r[3], end: r[4],
                 href: new URL(root + r[0], location.href).href };
      }),
      blocks: timed(".md-content .para[data-start], .md-content .essay-quote[data-start], .md-content .podcast-line[data-start]"),
      sentences: timed(".md-content .s[data-start], .md-content .sentence[data-start]")
    };
  }

  function plan() { return ctx ? ctx.plan : knownPlan; }
  function runsHere() { return ctx ? ctx.plan.filter(function (r) { return r.page === ctx.page; }) : []; }
  function sameVideo() { return ctx && video && ctx.video === video; }

  /* The run being read at t: the last one started by then (the gap after a run belongs to it). */
  function runAt(runs, t) {
    var found = null;
    runs.forEach(function (r) { if (r.start <= t + 0.25) found = r; });
    return found;
  }

  function resumeKey(page) { return "resume." + (ctx ? ctx.video : video) + "." + page; }

  function enhanceBar() {
    var bar = ctx.bar;
    if (bar.getAttribute("data-enhanced")) return;
    bar.setAttribute("data-enhanced", "true");
    var load = bar.querySelector(".player-load");
    if (load) {
      load.setAttribute("role", "button");
      // A button starts on Space as well as Enter (a link only on Enter; Space would scroll the page).
      load.addEventListener("keydown", function (event) {
        if (event.key === " " && !event.altKey && !event.ctrlKey && !event.metaKey) { event.preventDefault(); load.click(); }
      });
    }
    var saved = parseFloat(stored(resumeKey(ctx.page)) || "NaN");
    var runs = runsHere(), last = runs.length ? runs[runs.length - 1].end : Infinity;
    if (load && ctx.first !== null && saved > ctx.first + 5 && saved < last - 2) {
      var resume = el("button", { type: "button", class: "md-button player-resume", "data-start": String(saved) },
        "Resume at " + clock(saved));
      load.insertAdjacentElement("afterend", resume);
    }
  }

  function scan() {
    ctx = readPage();
    spoken = { block: null, sentence: null, run: null };
    clearWord();
    if (ctx) {
      knownPlan = ctx.plan;
      enhanceBar();
      if (yt) markBar();
    }
    document.documentElement.classList.toggle("has-player", !!yt);
    if (yt) {
      away = false;
      needFollow = true;
      autoScrollUntil = Date.now() + 1500;  // Material scrolls the new page to its top after this
      if (ctx && ctx.sync && wordsOn) loadCues();
      setTimeout(tick, 120);
    }
  }

  /* --- the sync track: word times ------------------------------------------------------------- */

  function parseTime(text) {
    var parts = text.trim().split(":").map(parseFloat);
    return parts.reduce(function (acc, x) { return acc * 60 + x; }, 0);
  }

  /* WebVTT metadata cues by hand: browsers read a <track> only beside a <video>, and the narration
     plays in YouTube's iframe. Each cue: identifier, "start --> end", one line of JSON. */
  function parseSync(text) {
    var out = {};
    text.replace(/\r\n?/g, "\n").split(/\n\n+/).forEach(function (block) {
      var lines = block.split("\n"), at = -1;
      for (var i = 0; i < lines.length; i++) if (lines[i].indexOf("-->") >= 0) { at = i; break; }
      if (at < 0 || at + 1 >= lines.length) return;
      var start = parseTime(lines[at].split("-->")[0]);
      try {
        var cue = JSON.parse(lines.slice(at + 1).join("\n"));
        out[cue.id] = { start: start, words: cue.words || [], chars: cue.chars || null };
      } catch (e) { /* a cue this script cannot read is skipped: the sentence is still highlighted */ }
    });
    return out;
  }

  function loadCues() {
    if (!ctx || !ctx.sync || cuesFor === ctx.sync || !window.fetch) return;
    cuesFor = ctx.sync;
    fetch(ctx.sync).then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (text) { cues = parseSync(text); })
      .catch(function () { cuesFor = null; });
  }

  /* --- the docked player --------------------------------------------------------------------- */

  var ICON = {
    play: '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 5v14l11-7z"/></svg>',
    pause: '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 5h4v14H6zm8 0h4v14h-4z"/></svg>',
    close: '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z"/></svg>'
  };

  function buildDock() {
    if (dock) return;
    dock = el("section", { class: "narration-dock", "aria-label": "Narration player" });
    ui.video = el("div", { class: "dock-video" });
    ui.frame = el("div", { id: "narration-dock-frame" });
    ui.video.appendChild(ui.frame);
    ui.now = el("div", { class: "dock-now" });
    ui.section = el("a", { class: "dock-section" });
    ui.passage = el("button", { type: "button", class: "dock-passage", title: "Show the passage being spoken" });
    ui.now.appendChild(ui.section);
    ui.now.appendChild(ui.passage);
    ui.controls = el("div", { class: "dock-controls" });
    ui.play = el("button", { type: "button", class: "dock-play", "aria-label": "Play the narration" });
    ui.play.innerHTML = ICON.play;
    ui.time = el("span", { class: "dock-time" }, "0:00");
    ui.words = el("button", { type: "button", class: "dock-toggle dock-words", "aria-pressed": String(wordsOn),
                              title: "Highlight each word as it is spoken (w)" }, "Words");
    ui.videoToggle = el("button", { type: "button", class: "dock-toggle dock-video-toggle", "aria-pressed": String(videoShown),
                                    title: "Show the video" }, "Video");
    ui.keys = el("button", { type: "button", class: "dock-toggle dock-keys", "aria-label": "Keyboard shortcuts", title: "Keyboard shortcuts (?)" }, "?");
    ui.close = el("button", { type: "button", class: "dock-close", "aria-label": "Close the player" });
    ui.close.innerHTML = ICON.close;
    [ui.play, ui.time, ui.words, ui.videoToggle, ui.keys, ui.close].forEach(function (n) { ui.controls.appendChild(n); });
    ui.follow = el("button", { type: "button", class: "dock-follow", hidden: "" }, "Back to now");
    ui.status = el("p", { class: "dock-status", role: "status", "aria-live": "polite" });
    [ui.follow, ui.video, ui.now, ui.controls, ui.status].forEach(function (n) { dock.appendChild(n); });
    dock.classList.toggle("video-hidden", !videoShown);
    document.body.appendChild(dock);
    document.documentElement.classList.add("has-dock");

    ui.play.addEventListener("click", toggle);
    ui.close.addEventListener("click", close);
    ui.follow.addEventListener("click", backToNow);
    ui.passage.addEventListener("click", backToNow);
    ui.words.addEventListener("click", toggleWords);
    ui.videoToggle.addEventListener("click", function () {
      videoChoice = videoShown ? "hidden" : "shown";
      store("video", videoChoice);
      showVideo(videoChoice === "shown");
    });
    ui.keys.addEventListener("click", function () {
      document.dispatchEvent(new CustomEvent("edition:keys"));
    });
    if (window.ResizeObserver) new ResizeObserver(measureDock).observe(dock);
    measureDock();
  }

  /* The video stays at least 200 × 200 pixels while shown (YouTube's minimum for embeds). */
  function showVideo(shown) {
    videoShown = shown;
    if (!dock) return;
    ui.videoToggle.setAttribute("aria-pressed", String(shown));
    dock.classList.toggle("video-hidden", !shown);
    measureDock();
  }

  function measureDock() {
    if (!dock) return;
    document.documentElement.style.setProperty("--dock-height", dock.offsetHeight + "px");
  }

  function setStatus(text) {
    if (!ui.status) return;
    ui.status.textContent = text;
    ui.status.title = text;  // the compact bar shows one line of it; the bar in the page shows it whole
  }

  /* The hosts asked so far, no more: the player's host is asked only once the player script has loaded. */
  function hostsLine() {
    if (contacted < 2) return "Contacted since you pressed play: " + hostOf(apiUrl) + " (player script).";
    return "Contacted since you pressed play: " + hostOf(apiUrl) + " (player script) and " + hostOf(playerHost) +
      " (player; it streams the video from YouTube's servers).";
  }

  function markBar() {
    if (!ctx) return;
    var status = ctx.bar.querySelector(".player-status:not(.player-skipped)");
    if (status) status.textContent = hostsLine();
  }

  /* --- the YouTube player --------------------------------------------------------------------- */

  function loadApi(callback) {
    if (window.YT && window.YT.Player) { callback(); return; }
    var previous = window.onYouTubeIframeAPIReady;
    window.onYouTubeIframeAPIReady = function () { if (previous) previous(); callback(); };
    if (loadingApi) return;
    loadingApi = true;
    contacted = Math.max(contacted, 1);
    var script = el("script", { src: apiUrl, async: "" });
    // Offline, or YouTube blocked by the browser or the network: say so instead of "Loading…" for ever,
    // and let a second press try again.
    script.onerror = function () {
      script.remove();
      loadingApi = false;
      unreachable();
    };
    document.head.appendChild(script);
  }

  function unreachable() {
    if (yt) return;
    setStatus("The narration could not be loaded: " + hostOf(apiUrl) + " did not answer (offline, or blocked " +
      "by the browser or the network). Press play to try again; the ▶ links open it on YouTube.");
    if (dock && videoShown) showVideo(false);
    markBar();
  }

  function start(seconds, note) {
    if (!ctx && !video) return;
    if (yt && ctx && ctx.video !== video) close();  // another essay's narration: a fresh player
    if (!yt && ctx) {
      video = ctx.video; apiUrl = ctx.api; playerHost = ctx.host;
    }
    buildDock();
    away = false;
    needFollow = true;
    if (yt && ready) { seek(seconds); return; }
    pending = seconds;
    if (yt) return;
    setStatus(note || "Loading the narration from YouTube…");
    markBar();
    document.documentElement.classList.add("has-player");
    loadApi(createPlayer);
    if (ctx && ctx.sync && wordsOn) loadCues();
  }

  function createPlayer() {
    if (yt || !dock) return;
    contacted = 2;
    markBar();
    yt = new window.YT.Player(ui.frame.id, {
      host: playerHost,
      videoId: video,
      width: "100%",
      height: "100%",
      playerVars: { start: Math.floor(pending || 0), playsinline: 1, rel: 0 },
      events: {
        onReady: function () {
          ready = true;
          var frame = yt.getIframe ? yt.getIframe() : null;
          if (frame) frame.title = "The narration on YouTube (video player)";
          setStatus(hostsLine());
          var at = pending === null ? 0 : pending;
          pending = null;
          seek(at);
          if (!timer) timer = setInterval(tick, 250);
        },
        onStateChange: function (event) {
          if (event && event.data === ENDED) setStatus("The narration has ended. " + hostsLine());
          // The bottom bar stays compact once the narration plays (the video was there to be tapped,
          // should the browser want a tap inside the player to start it).
          if (event && event.data === PLAYING && videoChoice === null && compact.matches && videoShown) showVideo(false);
          tick();
        },
        onError: function (event) {
          setStatus("YouTube could not play the narration here (error " + (event && event.data) + "). " +
            "The ▶ links still open it on YouTube.");
        }
      }
    });
  }

  function seek(seconds) {
    if (!yt || !ready) { start(seconds); return; }
    yt.seekTo(seconds, true);
    if (yt.playVideo) yt.playVideo();
    away = false;
    needFollow = true;
    lastT = null;
    update(seconds);
  }

  function toggle() {
    if (!yt) { start(startingPoint()); return; }
    if (!ready) return;
    if (playing) { if (yt.pauseVideo) yt.pauseVideo(); }
    else if (yt.playVideo) yt.playVideo();
    setTimeout(tick, 50);
  }

  /* Where "play" starts on this page: the reader's resume point for it, else its first spoken second. */
  function startingPoint() {
    if (!ctx) return 0;
    var saved = parseFloat(stored(resumeKey(ctx.page)) || "NaN");
    var runs = runsHere(), last = runs.length ? runs[runs.length - 1].end : Infinity;
    if (ctx.first !== null && saved > ctx.first + 5 && saved < last - 2) return saved;
    return ctx.first === null ? 0 : ctx.first;
  }

  function close() {
    if (yt && yt.destroy) { try { yt.destroy(); } catch (e) { /* already gone */ } }
    yt = null; ready = false; pending = null; playing = false; lastT = null; loadingApi = false;
    if (timer) { clearInterval(timer); timer = null; }
    try { sessionStorage.removeItem(STORE + "session"); } catch (e) { /* nothing to forget */ }
    if (dock) dock.remove();
    dock = null; ui = {};
    clearHighlight();
    document.documentElement.classList.remove("has-player", "has-dock");
    document.documentElement.style.removeProperty("--dock-height");
    if (ctx) {
      var status = ctx.bar.querySelector(".player-status:not(.player-skipped)");
      if (status) status.textContent = "Player closed. " + hostsLine();
    }
  }

  /* --- every quarter second: time, highlight, follow, hand-over -------------------------------- */

  function tick() {
    if (!yt || !ready || !yt.getCurrentTime) return;
    var t = yt.getCurrentTime();
    if (typeof t !== "number" || isNaN(t)) return;
    var state = yt.getPlayerState ? yt.getPlayerState() : PLAYING;
    playing = state === PLAYING || state === BUFFERING;
    update(t);
  }

  function update(t) {
    var previous = lastT;
    lastT = t;
    if (!dock) return;
    var duration = yt && yt.getDuration ? yt.getDuration() : 0;
    ui.time.textContent = clock(t) + (duration ? " / " + clock(duration) : "");
    ui.play.innerHTML = playing ? ICON.pause : ICON.play;
    ui.play.setAttribute("aria-label", playing ? "Pause the narration" : "Play the narration");
    dock.classList.toggle("is-playing", playing);
    remember(t);
    highlight(t);
    showNow(t);
    if (handOver(previous, t)) return;
    saveSession(t);
  }

  function remember(t) {
    if (!ctx || !sameVideo() || Math.floor(t) === remember.last) return;
    remember.last = Math.floor(t);
    var run = runAt(ctx.plan, t);
    if (run && t <= run.end) store(resumeKey(run.page), String(Math.floor(t)));
    if (!runsHere().length && ctx.first !== null) store(resumeKey(ctx.page), String(Math.floor(t)));
  }

  function findAt(list, t) {
    for (var i = 0; i < list.length; i++) if (t >= list[i].start && t < list[i].end) return list[i].node;
    return null;
  }

  function highlight(t) {
    if (!sameVideo()) { clearHighlight(); return; }
    var block = findAt(ctx.blocks, t), sentence = findAt(ctx.sentences, t);
    if (spoken.block !== block) {
      if (spoken.block) spoken.block.classList.remove("is-speaking");
      if (block) block.classList.add("is-speaking");
    }
    var changed = spoken.sentence !== sentence;
    if (changed) {
      if (spoken.sentence) spoken.sentence.classList.remove("is-speaking");
      if (sentence) sentence.classList.add("is-speaking");
    }
    var moved = changed || spoken.block !== block;
    spoken.block = block;
    spoken.sentence = sentence;
    highlightWord(sentence, t);
    var target = sentence || block;
    if (target && (moved || needFollow)) follow(target, false);
    showFollowButton();
  }

  function clearHighlight() {
    document.querySelectorAll(".is-speaking").forEach(function (n) { n.classList.remove("is-speaking"); });
    spoken.block = spoken.sentence = null;
    clearWord();
  }

  /* The word being spoken: a CSS Custom Highlight over its characters (no element is added to the
     text, so copying and the sentence's own markup stay as they are). */
  function clearWord() {
    if (window.CSS && CSS.highlights) CSS.highlights.delete("spoken-word");
  }

  function highlightWord(sentence, t) {
    if (!wordsOn || !sentence || !cues || !window.CSS || !CSS.highlights || !window.Highlight) { clearWord(); return; }
    var cue = cues[sentence.id];
    if (!cue || !cue.chars || !cue.words.length) { clearWord(); return; }
    var last = -1;
    for (var i = 0; i < cue.words.length; i++) { if (cue.start + cue.words[i][0] <= t) last = i; else break; }
    if (last < 0) { clearWord(); return; }
    // Words the track times at the same second are spoken together as far as it knows: all are lit.
    var first = last;
    while (first > 0 && cue.words[first - 1][0] === cue.words[last][0]) first -= 1;
    var ranges = [];
    for (var k = first; k <= last; k++) {
      var range = cue.chars[k] && rangeOf(sentence, cue.chars[k][0], cue.chars[k][1]);
      if (range) ranges.push(range);
    }
    if (!ranges.length) { clearWord(); return; }
    var highlight = new Highlight();
    ranges.forEach(function (r) { highlight.add(r); });
    CSS.highlights.set("spoken-word", highlight);
  }

  function rangeOf(node, first, end) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT), seen = 0, range = document.createRange(), text, startSet = false;
    while ((text = walker.nextNode())) {
      var length = text.nodeValue.length;
      if (!startSet && first < seen + length) { range.setStart(text, first - seen); startSet = true; }
      if (startSet && end <= seen + length) { range.setEnd(text, end - seen); return range; }
      seen += length;
    }
    return null;
  }

  /* --- following the narration ------------------------------------------------------------------ */

  function band() {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var bottom = window.innerHeight;
    if (dock && compact.matches) bottom -= dock.offsetHeight;  // the bottom bar covers the text
    return { top: top, bottom: bottom };
  }

  function inView(node) {
    var r = node.getBoundingClientRect(), b = band(), margin = (b.bottom - b.top) * 0.08;
    return r.bottom > b.top + margin && r.top < b.bottom - margin;
  }

  /* Whole in the band (or, taller than it, starting in its upper half): no need to scroll. */
  function comfortable(node) {
    var r = node.getBoundingClientRect(), b = band(), margin = (b.bottom - b.top) * 0.08;
    if (r.height > b.bottom - b.top - 2 * margin) return r.top >= b.top && r.top < (b.top + b.bottom) / 2;
    return r.top >= b.top + margin && r.bottom <= b.bottom - margin;
  }

  function follow(node, force) {
    if (away && !force) return;
    needFollow = false;
    if (!force && comfortable(node)) return;
    var r = node.getBoundingClientRect(), b = band();
    var smooth = !(reduced && reduced.matches);
    autoScrollUntil = Date.now() + (smooth ? 1200 : 300);
    window.scrollTo({ top: window.scrollY + r.top - (b.top + (b.bottom - b.top) / 3), behavior: smooth ? "smooth" : "auto" });
  }

  function showFollowButton() {
    if (!ui.follow) return;
    var here = spoken.sentence || spoken.block;
    var elsewhere = !here && spoken.run && (!ctx || spoken.run.page !== ctx.page);
    ui.follow.hidden = !(away && (here || elsewhere));
  }

  function backToNow() {
    away = false;
    var here = spoken.sentence || spoken.block;
    if (here) { follow(here, true); showFollowButton(); return; }
    if (spoken.run && (!ctx || spoken.run.page !== ctx.page)) navigate(spoken.run.href);
  }

  /* A scroll the page did not make: the reader looks elsewhere, until the spoken passage is in view.
     The page's own smooth scroll is told apart by time, and a wheel, touch or scroll key ends it. */
  var handAt = 0;
  ["wheel", "touchmove", "mousedown"].forEach(function (type) {
    window.addEventListener(type, function () { handAt = Date.now(); autoScrollUntil = 0; }, { passive: true });
  });
  window.addEventListener("keydown", function (event) {
    if (["PageDown", "PageUp", "ArrowDown", "ArrowUp", "Home", "End", " ", "j", "k", "J", "K"].indexOf(event.key) >= 0) {
      handAt = Date.now(); autoScrollUntil = 0;
    }
  });
  window.addEventListener("scroll", function () {
    if (!yt || Date.now() < autoScrollUntil) return;
    var here = spoken.sentence || spoken.block;
    away = here ? !inView(here) : Date.now() - handAt < 2000;
    showFollowButton();
  }, { passive: true });

  function showNow(t) {
    var run = runAt(plan(), t);
    spoken.run = run;
    if (run) {
      ui.section.textContent = "§" + run.n + " · " + run.title;
      ui.section.href = run.href;
      ui.section.hidden = false;
    } else {
      ui.section.hidden = true;
    }
    var here = spoken.sentence || spoken.block;
    var words = here ? here.textContent.replace(/\s+/g, " ").trim() : "";
    if (!here && run && (!ctx || run.page !== ctx.page)) words = "Being read on another page: “Back to now” goes there.";
    ui.passage.textContent = words ? (here ? "“" + words + "”" : words) : "";
    ui.passage.hidden = !words;
  }

  /* --- from page to page ---------------------------------------------------------------------- */

  /* When playback runs past the end of this page's run, go to the page the narration reads next. */
  function handOver(previous, t) {
    if (!playing || previous === null || !sameVideo() || t < previous || t - previous > 3) return false;
    var runs = ctx.plan;
    for (var i = 0; i < runs.length; i++) {
      var run = runs[i], next = runs[i + 1];
      if (run.page !== ctx.page || !(previous < run.end && t >= run.end)) continue;
      if (!next || next.page === ctx.page) return false;
      setStatus("The narration reads §" + next.n + " next: going there.");
      saveSession(t, true);
      navigate(next.href);
      return true;
    }
    return false;
  }

  /* A link click, so Material's instant navigation takes it when it is on (the dock and the playing
     iframe stay); otherwise the browser loads the page and the session hand-over resumes there. */
  function navigate(href) {
    var link = el("a", { href: href, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function saveSession(t, force) {
    if (!yt || !video) return;
    if (!force && Math.floor(t) === saveSession.last) return;
    saveSession.last = Math.floor(t);
    try {
      sessionStorage.setItem(STORE + "session", JSON.stringify({ video: video, api: apiUrl, host: playerHost, t: t,
                                                                 playing: playing, at: Date.now() }));
    } catch (e) { /* no hand-over without storage: the reader presses play again */ }
  }

  function resumeSession() {
    var session = null;
    try { session = JSON.parse(sessionStorage.getItem(STORE + "session") || "null"); } catch (e) { session = null; }
    if (!session || !session.playing || Date.now() - session.at > SESSION_MAX_AGE) return;
    if (ctx && session.video !== ctx.video) return;
    if (!ctx) {  // a page without a bar: the session says what to load
      if (!session.api || !session.host) return;
      video = session.video; apiUrl = session.api; playerHost = session.host;
    }
    start(session.t, "Going on with the narration from the previous page…");
    // A browser may refuse to start sound on a page the reader has not touched yet: say so.
    setTimeout(function () {
      if (yt && ready && !playing) setStatus("Your browser did not let the narration go on by itself: press ▶ to continue. " + hostsLine());
    }, 4000);
  }

  window.addEventListener("pagehide", function () { if (yt && lastT !== null) saveSession(lastT, true); });

  /* --- settings ------------------------------------------------------------------------------- */

  function toggleWords() {
    wordsOn = !wordsOn;
    store("words", wordsOn ? null : "off");
    if (ui.words) ui.words.setAttribute("aria-pressed", String(wordsOn));
    if (wordsOn) loadCues(); else clearWord();
    return wordsOn;
  }

  /* --- clicks: ▶ links start the player; sentences, timestamps and podcast lines seek it -------- */

  function selecting() { return window.getSelection && String(window.getSelection()).length > 0; }

  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = event.target;
    if (!target.closest) return;
    var starter = target.closest("a.play[data-start], .player-load[data-start], .player-resume[data-start]");
    if (starter) {
      if (!ctx) return;
      event.preventDefault();
      start(num(starter, "data-start"));
      return;
    }
    var stamp = target.closest("a.ts[data-start]");
    if (stamp) {
      if (yt) { event.preventDefault(); seek(num(stamp, "data-start")); }
      return;  // without a loaded player it stays a link to the video at that second
    }
    if (!yt || target.closest("a, button, input, label, summary, .dock-passage")) return;
    var passage = target.closest(".md-content .s[data-start], .md-content .sentence[data-start], .md-content .podcast-line[data-start]");
    if (!passage || selecting()) return;
    seek(num(passage, "data-start"));
  });

  /* --- for keys.js --------------------------------------------------------------------------- */

  window.editionPlayer = {
    /** Play or pause; the first time, load the narration at this page's resume point. */
    toggle: function () {
      if (!yt && (!ctx || ctx.first === null)) return false;  // nothing loaded, and nothing here is read aloud
      toggle();
      return true;
    },
    /** Play from a timed element (a sentence or passage); false when it has no time. */
    playFrom: function (node) {
      var timed = node && (node.hasAttribute("data-start") ? node : node.querySelector("[data-start]:not(a)"));
      if (!timed || !ctx) return false;
      start(num(timed, "data-start"));
      return true;
    },
    backToNow: function () { if (yt) backToNow(); },
    toggleWords: toggleWords,
    loaded: function () { return !!yt; },
    skipped: function () { return !!ctx && ctx.first === null; }
  };

  function init() {
    scan();
    if (!yt) resumeSession();
  }
  // Each page is read in a task of its own, after Material has set the page up (not in its task).
  function later() { setTimeout(init, 0); }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(later);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", later);
  } else {
    later();
  }
})();
