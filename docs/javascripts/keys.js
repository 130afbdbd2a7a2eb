/* Keyboard shortcuts for reading and listening; `?` lists them all (Material's own keys included).
   None fires while the reader types (search, any input) or while the search is open. The narration
   is driven through window.editionPlayer (player.js). */
(function () {
  "use strict";

  var KEYS = [
    ["j", "Next paragraph"],
    ["k", "Previous paragraph"],
    ["J", "Next sentence (Shift + j)"],
    ["K", "Previous sentence (Shift + k)"],
    ["l", "Play or pause the narration"],
    ["r", "Play the narration from this paragraph or sentence"],
    ["Enter", "On a focused sentence or paragraph: play from there"],
    ["b", "Back to the passage being spoken"],
    ["w", "Word highlighting on or off"],
    ["?", "Show or hide this list"],
    ["f, s or /", "Search (Material)"],
    ["p or ,", "Previous page (Material)"],
    ["n or .", "Next page (Material)"],
    ["Esc", "Close this list or the search"]
  ];
  var PASSAGES = ".md-content .para, .md-content .essay-quote, .md-content .podcast-line, .md-content .sentence";
  var SENTENCES = ".md-content .s[id], .md-content .sentence[id]";
  var SCROLL_KEYS = ["PageDown", "PageUp", "ArrowDown", "ArrowUp", "Home", "End", " "];

  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  var scrolledByHand = false;  // since the last j/k: then "here" is read from the viewport, not the focus
  var overlay = null;

  /* Paragraph-like blocks in reading order: essay paragraphs and quotes, podcast lines, and the
     narration transcript's paragraphs (the parents of its sentences). */
  function passages() {
    var seen = [], out = [];
    document.querySelectorAll(PASSAGES).forEach(function (node) {
      var block = node.classList.contains("sentence") ? node.parentElement : node;
      if (seen.indexOf(block) < 0) { seen.push(block); out.push(block); }
    });
    return out;
  }
  function sentences() { return Array.prototype.slice.call(document.querySelectorAll(SENTENCES)); }

  function readingLine(node) {
    var margin = parseFloat(getComputedStyle(node).scrollMarginTop) || 0;
    var header = document.querySelector(".md-header");
    return Math.max(margin, header ? header.getBoundingClientRect().bottom : 0);
  }

  /* Where the reader is: the focused item after j/k, else the first item not above the reading line. */
  function position(list) {
    var active = list.indexOf(document.activeElement);
    if (active >= 0 && !scrolledByHand) return { index: active, at: true };
    for (var i = 0; i < list.length; i++) {
      var rect = list[i].getBoundingClientRect(), line = readingLine(list[i]);
      if (rect.bottom > line + 4) return { index: i, at: Math.abs(rect.top - line) <= 12, above: rect.top < line - 12 };
    }
    return { index: list.length, at: false };
  }

  function move(list, step) {
    if (!list.length) return false;
    var here = position(list), next;
    if (step > 0) next = here.at || here.above ? here.index + 1 : here.index;
    else next = here.above ? here.index : here.index - 1;
    if (next < 0 || next >= list.length) return false;
    var target = list[next];
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start", behavior: reduced && reduced.matches ? "auto" : "smooth" });
    scrolledByHand = false;
    return true;
  }

  /* The sentence or passage "here": the focused one, else the first passage at the reading line. */
  function here() {
    var active = document.activeElement;
    if (active && active.matches && active.matches(SENTENCES + ", " + PASSAGES)) return active;
    var list = passages(), at = position(list);
    return list[Math.min(at.index, list.length - 1)] || null;
  }

  function playFromHere() {
    var player = window.editionPlayer, node = here();
    if (!player || !node) return false;
    var list = passages(), index = list.indexOf(node);
    // A passage the narration skips: play from the next one it reads.
    while (index >= 0 && index < list.length && !list[index].querySelector("[data-start]:not(a)") &&
           !list[index].hasAttribute("data-start")) index += 1;
    if (index >= 0 && index < list.length) node = list[index];
    return player.playFrom(node);
  }

  function typing(event) {
    var target = event.target, tag = (target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) return true;
    var search = document.querySelector("[data-md-toggle='search']");
    return !!(search && search.checked);
  }

  function buildOverlay() {
    overlay = document.createElement("dialog");
    overlay.className = "keys-help";
    overlay.setAttribute("aria-labelledby", "keys-help-title");
    var title = document.createElement("h2");
    title.id = "keys-help-title";
    title.textContent = "Keyboard shortcuts";
    var list = document.createElement("dl");
    KEYS.forEach(function (row) {
      var dt = document.createElement("dt"), kbd = document.createElement("kbd"), dd = document.createElement("dd");
      kbd.textContent = row[0];
      dt.appendChild(kbd);
      dd.textContent = row[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button keys-help-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { overlay.close(); });
    overlay.addEventListener("click", function (event) { if (event.target === overlay) overlay.close(); });
    overlay.appendChild(title);
    overlay.appendChild(list);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  function toggleOverlay() {
    if (!overlay || !overlay.isConnected) buildOverlay();
    if (overlay.open) overlay.close();
    else overlay.showModal();
  }
  document.addEventListener("edition:keys", toggleOverlay);

  var ACTIONS = {
    j: function () { return move(passages(), 1); },
    k: function () { return move(passages(), -1); },
    J: function () { return move(sentences(), 1); },
    K: function () { return move(sentences(), -1); },
    l: function () { return window.editionPlayer ? window.editionPlayer.toggle() : false; },
    r: playFromHere,
    b: function () { if (window.editionPlayer) window.editionPlayer.backToNow(); return true; },
    w: function () { if (window.editionPlayer) window.editionPlayer.toggleWords(); return true; },
    "?": function () { toggleOverlay(); return true; }
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    if (SCROLL_KEYS.indexOf(event.key) >= 0) { scrolledByHand = true; return; }
    if (typing(event) || (overlay && overlay.open && event.key !== "?")) return;
    if (event.key === "Enter") {
      var target = event.target;
      if (target && target.matches && target.matches(SENTENCES + ", " + PASSAGES) && window.editionPlayer &&
          window.editionPlayer.playFrom(target)) event.preventDefault();
      return;
    }
    var action = ACTIONS[event.key];
    if (action && action()) event.preventDefault();
  });
  ["wheel", "touchmove"].forEach(function (type) {
    window.addEventListener(type, function () { scrolledByHand = true; }, { passive: true });
  });
})();
