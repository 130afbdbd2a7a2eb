/* The reader's edition: copy-link on permalinks and sentences, the reader's annotation settings,
   backlinks in the margin, print addresses (keyboard shortcuts are in keys.js).
   Progressive enhancement only: every link works without this script. */
(function () {
  "use strict";

  function canonicalBase() {
    var link = document.querySelector('link[rel="canonical"]');
    var href = link ? link.href : location.href;
    return href.split("#")[0];
  }

  /* The site's root where it is served and where it is published, found once, on the page first
     loaded (Material's instant navigation keeps that page's config, whose base is relative to it). */
  var ROOTS = (function () {
    var base = ".";
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      base = config.root || config.base || ".";  // "root" where Material's base is the page's essay's folder
    } catch (e) { /* "." */ }
    base = base.replace(/\/?$/, "/");
    return { served: new URL(base, location.href), published: new URL(base, canonicalBase()) };
  })();

  /* The address a link of this page has where the site is published: Material's instant navigation
     makes every relative href absolute on the host serving the page, so a link into this site is
     mapped from the served root onto the published one. */
  function canonicalOf(url) {
    if (url.origin !== ROOTS.served.origin || url.pathname.indexOf(ROOTS.served.pathname) !== 0) return url;
    return new URL(url.pathname.slice(ROOTS.served.pathname.length) + url.search + url.hash, ROOTS.published);
  }



  var toast;
  function say(message) {
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "toast";
      toast.setAttribute("role", "status");
      toast.setAttribute("aria-live", "polite");
      document.body.appendChild(toast);
    }
    toast.textContent = message;
    toast.hidden = false;
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { toast.hidden = true; }, 2200);
  }

  function copyLink(id) {
    var url = canonicalBase() + "#" + id;
    var done = function () { say("Link copied: " + url); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { fallbackCopy(url); done(); });
    } else {
      fallbackCopy(url);
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(area);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.permalink");
    if (!link) return;
    copyLink(decodeURIComponent(new URL(link.href, location.href).hash.slice(1)));
    // Keep the browser's own behaviour: the URL gets the fragment and the passage is highlighted.
  });

  /* Sharing a sentence: one button, placed right after a sentence in the document so Tab reaches it
     there, and drawn beside it (in the margin gap on wide screens, under the sentence's end on
     narrow ones). It follows the sentence under the mouse, the sentence holding a text selection
     (how touch readers reach it: select a word, then share), and keyboard focus in a passage; while
     it has focus, the arrow keys move it to the next or previous sentence. */
  var LINK_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4a5 5 0 0 0 0-10z"/></svg>';
  var SENTENCES = ".md-content .passage .s[id]";
  var share = document.createElement("button");
  share.type = "button";
  share.className = "sentence-link";
  share.hidden = true;
  share.innerHTML = LINK_ICON;
  share.title = "Copy a link to this sentence";
  var current = null, hideTimer = 0;

  function opening(sentence) {
    var words = sentence.textContent.trim().split(/\s+/);
    return words.slice(0, 6).join(" ") + (words.length > 6 ? "…" : "");
  }
  function placeShare() {
    if (!current || share.hidden) return;
    var host = share.offsetParent || current.closest(".para, .essay-quote");
    if (!host) return;
    var rects = current.getClientRects();
    if (!rects.length) return;
    var box = host.getBoundingClientRect(), block = current.closest(".para, .essay-quote").getBoundingClientRect();
    var passage = current.closest(".passage");
    var margin = passage && getComputedStyle(passage).display === "grid";
    var first = rects[0], last = rects[rects.length - 1], x, y;
    if (margin) {  // in the gap between the text and the margin notes, on the sentence's first line
      x = block.right + 4;
      y = first.top + (first.height - 24) / 2;
    } else {      // just under the end of the sentence
      x = Math.min(last.right - 12, block.right - 24);
      y = last.bottom + 2;
    }
    share.style.left = (x - box.left) + "px";
    share.style.top = (y - box.top) + "px";
  }
  function attach(sentence) {
    if (!sentence) return;
    clearTimeout(hideTimer);
    var hadFocus = document.activeElement === share;
    if (current !== sentence || share.previousSibling !== sentence) {
      if (current) current.classList.remove("is-share-target");
      current = sentence;
      sentence.after(share);
      if (hadFocus) share.focus({ preventScroll: true });
    }
    share.setAttribute("aria-label", "Copy a link to the sentence “" + opening(sentence) + "”");
    share.hidden = false;
    placeShare();
  }
  function hideShare(delay) {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (document.activeElement === share || share.matches(":hover")) return;
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed && current && sel.containsNode(current, true)) return;
      share.hidden = true;
      if (current) current.classList.remove("is-share-target");
    }, delay);
  }
  function sentenceList() { return Array.prototype.slice.call(document.querySelectorAll(SENTENCES)); }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var sentence = event.target.closest && event.target.closest(SENTENCES);
    if (sentence) attach(sentence);
    else if (!share.hidden && event.target !== share && !share.contains(event.target) &&
             !(event.target.closest && event.target.closest(".passage"))) hideShare(800);
  });
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { if (document.activeElement !== share) hideShare(400); return; }
    var node = sel.focusNode && (sel.focusNode.nodeType === 1 ? sel.focusNode : sel.focusNode.parentElement);
    var sentence = node && node.closest && node.closest(SENTENCES);
    if (!sentence) {
      node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
      sentence = node && node.closest && node.closest(SENTENCES);
    }
    if (sentence) attach(sentence);
  });
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target === share) { if (current) current.classList.add("is-share-target"); return; }
    // Keyboard focus only: a tap on a link focuses it too, and must not bring the button up.
    if (!target.closest || !target.closest(".md-content .passage") || !target.matches(":focus-visible")) return;
    var sentence = target.closest(SENTENCES);
    if (!sentence) {
      var block = target.closest(".para, .essay-quote");
      var all = block ? block.querySelectorAll(".s[id]") : [];
      // From the ▶ time (before the text) the button comes next; from the § number (after it), just before.
      sentence = all.length ? (target.closest(".permalink") ? all[all.length - 1] : all[0]) : null;
    }
    if (sentence) attach(sentence);
  });
  share.addEventListener("focusout", function () {
    if (current) current.classList.remove("is-share-target");
    hideShare(300);
  });
  share.addEventListener("keydown", function (event) {
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step || !current) return;
    var list = sentenceList();
    var next = list[list.indexOf(current) + step];
    if (!next) return;
    event.preventDefault();
    current.classList.remove("is-share-target");
    attach(next);
    next.classList.add("is-share-target");
    share.focus({ preventScroll: true });
    share.scrollIntoView({ block: "nearest" });
    placeShare();
  });
  share.addEventListener("click", function () {
    if (!current) return;
    copyLink(current.id);
    history.replaceState(null, "", "#" + current.id);
    document.querySelectorAll(".is-target").forEach(function (n) { n.classList.remove("is-target"); });
    current.classList.add("is-target");
  });
  window.addEventListener("resize", placeShare);

  /* Annotations: what the reader chose to see (forecast marks, glossary terms and names, narration
     times), kept in this browser for every page. The CSS hides what is unchecked. */
  var PREFS_KEY = "edition.annotations";
  function readPrefs() {
    try { return JSON.parse(localStorage.getItem(PREFS_KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function setupPrefs() {
    var boxes = document.querySelectorAll(".reading-prefs input[type=checkbox][name^='ed-']");
    if (!boxes.length) return;
    var prefs = readPrefs();
    boxes.forEach(function (box) {
      var key = box.name.slice(3);
      if (typeof prefs[key] === "boolean") box.checked = prefs[key];
      box.addEventListener("change", function () {
        var now = readPrefs();
        now[key] = box.checked;
        try { localStorage.setItem(PREFS_KEY, JSON.stringify(now)); } catch (e) { /* private mode: this page only */ }
      });
    });
    var fieldset = document.querySelector(".reading-prefs fieldset");
    if (fieldset && !fieldset.querySelector(".prefs-note")) {
      var note = document.createElement("p");
      note.className = "prefs-note";
      note.textContent = "Kept in this browser for every page.";
      fieldset.appendChild(note);
    }
  }

  /* Backlinks open in the margin on wide screens; where CSS cannot show a closed <details>, open it. */
  function setupBacklinks() {
    if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) return;
    var wide = window.matchMedia("(min-width: 60em)");
    function sync() {
      document.querySelectorAll(".passage > details.cited-by").forEach(function (d) { d.open = wide.matches; });
    }
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }

  /* Print: links to other pages print their full address (external ones, and pages of this site
     other than the glossary, people and § references, which the printed text already names). Every
     link gets the attribute, empty for one that prints no address: the print style's fallback for
     pages without this script (an absolute href prints itself) must not catch the links Material's
     instant navigation made absolute. */
  function printUrlOf(a) {
    if (a.closest(".para-tools, .cited-by, .reading-prefs") ||
        a.matches(".term-link, .mention, .pred-ref, .permalink, .headerlink, .md-button") ||
        /^§/.test(a.textContent.trim())) return "";
    var url;
    try { url = new URL(a.href, location.href); } catch (e) { return ""; }
    if (url.protocol !== "http:" && url.protocol !== "https:") return "";
    if (url.origin === location.origin && url.pathname === location.pathname) return "";  // this page
    return canonicalOf(url).href;
  }

  function setupPrintUrls() {
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      a.setAttribute("data-print-url", printUrlOf(a));
    });
  }

  /* Material's instant navigation moves to a passage with history.pushState, which does not make the
     passage the document's :target (what highlights it); a fragment navigation to the same address
     does, without a reload or a new history entry. */
  function retarget() {
    if (!location.hash) return;
    var target;
    try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
    if (target && !target.matches(":target")) location.replace(location.href);
  }
  if (typeof window.location$ !== "undefined" && window.location$.subscribe) {
    window.location$.subscribe(function () { setTimeout(retarget, 0); });  // a link within the page
  }
  document.addEventListener("click", function (event) {  // whoever handled the click moved the address
    if (event.target.closest && event.target.closest("a[href*='#']")) setTimeout(retarget, 50);
  });

  function ready() { setupPrefs(); setupBacklinks(); setupPrintUrls(); retarget(); }
  // Material's instant navigation swaps pages without loading them: document$ says each page is in.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(ready);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();

})();
