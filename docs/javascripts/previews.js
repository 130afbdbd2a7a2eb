/* Link previews: a small card for links to a glossary term, a person or work, a forecast, a claim or
   an essay paragraph, shown on hover (after a short delay), on keyboard focus and on tap.

   Pattern: a non-modal dialog placed in the DOM right after its link, so Tab goes from the link into
   the card and on past it; the link is described by the card's text while it is open. Escape closes
   the card and puts focus back on the link. On touch, the first tap on a link opens its card (which
   links on), a second tap follows the link. Without this script every link simply leads to its page.

   Data: the build writes one small same-origin file per essay, <essay>/assets/previews.json; which
   essay a link belongs to is read from its address (…/glossary/#id, …/claims/<id>/, …/essay/<s>/#p-…),
   so this works on every page and for every essay of a site. Nothing else is requested. */
(function () {
  "use strict";
  var OPEN_DELAY = 300, CLOSE_DELAY = 350;
  var TARGETS = [  // address pattern -> kind of preview; group 1 is the essay's prefix
    { re: /^(.*\/)glossary\/$/, kind: "entity", where: "Open in the glossary" },
    { re: /^(.*\/)people\/$/, kind: "entity", where: "Open in People and works" },
    { re: /^(.*\/)predictions\/$/, kind: "forecast", where: "Open in the predictions ledger" },
    { re: /^(.*\/)claims\/([^\/]+)\/$/, kind: "claim", where: "Open the claim and its evidence" },
    { re: /^(.*\/)essay\/[^\/]+\/$/, kind: "paragraph", where: "Read it in the essay" }
  ];
  var SKIP = "a.permalink, a.headerlink, a.md-button, a.play, .ed-preview a, .md-nav a, .md-footer a, " +
    "a.cite-narration, a.cite-podcast";
  var ENTITY_KINDS = { term: "Glossary", person: "Person", work: "Work" };

  var files = {};       // previews.json address -> Promise of its data (or null when it failed)
  var card = null, cardFor = null, openTimer = 0, closeTimer = 0, lastPointer = "mouse", count = 0;
  var dismissed = null;  // the link whose card Escape closed: focus alone does not reopen it

  function targetOf(link) {
    if (!link || !link.matches("a[href]") || link.matches(SKIP)) return null;
    var url;
    try { url = new URL(link.getAttribute("href"), location.href); } catch (e) { return null; }
    if (url.origin !== location.origin) return null;
    for (var i = 0; i < TARGETS.length; i++) {
      var m = TARGETS[i].re.exec(url.pathname);
      if (!m) continue;
      var id = TARGETS[i].kind === "claim" ? decodeURIComponent(m[2]) : decodeURIComponent(url.hash.slice(1));
      if (!id) return null;
      return { kind: TARGETS[i].kind, id: id, where: TARGETS[i].where, href: link.getAttribute("href"),
               file: url.origin + m[1] + "assets/previews.json" };
    }
    return null;
  }

  /* The element a preview hangs on: a link, or a forecast's marked words (which lead to its ledger link). */
  function triggerOf(node) {
    if (!node || !node.closest) return null;
    var mark = node.closest(".md-content mark.prediction[data-prediction]");
    if (mark && !node.closest("a")) return mark;
    var link = node.closest(".md-content a[href]");
    return link && targetOf(link) ? link : null;
  }
  function targetOfTrigger(trigger) {
    if (trigger.matches("mark")) {  // its ledger link follows it, inside or just after its sentence
      var block = trigger.closest(".para, .essay-quote") || document;
      var ref = block.querySelector('a.pred-ref[href$="#' + CSS.escape(trigger.dataset.prediction) + '"]');
      return ref ? targetOf(ref) : null;
    }
    return targetOf(trigger);
  }

  function load(file) {
    if (!(file in files)) {
      files[file] = fetch(file, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return files[file];
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  /* The card's words for a target, from the data file; null when the file does not know it. */
  function content(target, data) {
    var d = data && data[{ entity: "entities", forecast: "forecasts", claim: "claims", paragraph: "paragraphs" }[target.kind]];
    var item = d && Object.prototype.hasOwnProperty.call(d, target.id) ? d[target.id] : null;
    if (!item) return null;
    if (target.kind === "entity") return { kind: ENTITY_KINDS[item.kind] || "", title: item.name, text: item.text };
    if (target.kind === "forecast") {
      return { kind: "Forecast · " + item.status + (item.by ? " · to be judged by " + item.by : "") +
               (item.paragraph ? " · " + item.paragraph : ""), title: item.title, text: "" };
    }
    if (target.kind === "claim") return { kind: item.name, verdict: item.verdict, verdictLabel: item.verdict_label, text: item.text };
    return { kind: item.label + " · " + item.section, text: item.text };
  }

  function build(target, words) {
    count += 1;
    var id = "ed-preview-" + count;
    var node = el("span", "ed-preview");
    node.id = id;
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-labelledby", id + (words.title ? "-title" : "-kind"));
    var kind = el("span", "ed-preview-kind");
    kind.id = id + "-kind";
    if (words.verdict) {
      var badge = el("span", "verdict verdict-" + words.verdict, words.verdictLabel);
      kind.appendChild(badge);
    }
    kind.appendChild(document.createTextNode(words.kind));
    node.appendChild(kind);
    if (words.title) {
      var title = el("span", "ed-preview-title", words.title);
      title.id = id + "-title";
      node.appendChild(title);
    }
    var text = el("span", "ed-preview-text", words.text || "");
    text.id = id + "-text";
    if (words.text) node.appendChild(text);
    var more = el("a", "ed-preview-more", target.where + " →");
    more.href = target.href;
    node.appendChild(more);
    node.addEventListener("pointerenter", function () { clearTimeout(closeTimer); });
    node.addEventListener("pointerleave", function (e) { if (e.pointerType !== "touch") scheduleClose(); });
    return node;
  }

  function place() {
    if (!card || !cardFor) return;
    if (window.matchMedia("(max-width: 44.9375em)").matches) return;  // a bottom sheet (CSS)
    var rects = cardFor.getClientRects();
    var r = rects[0] || cardFor.getBoundingClientRect();
    var width = card.offsetWidth, height = card.offsetHeight, gap = 6;
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    var left = Math.max(8, Math.min(r.left, vw - width - 8));
    var below = (rects[rects.length - 1] || r).bottom + gap;
    var top = below + height <= vh - 8 || r.top - gap - height < 8 ? below : r.top - gap - height;
    card.style.left = left + "px";
    card.style.top = top + "px";
  }

  function open(trigger, how) {
    clearTimeout(closeTimer);
    clearTimeout(openTimer);
    if (cardFor === trigger && card) return Promise.resolve(true);
    var target = targetOfTrigger(trigger);
    if (!target) return Promise.resolve(false);
    return load(target.file).then(function (data) {
      var words = content(target, data);
      if (!words) return false;
      close(false);
      card = build(target, words);
      cardFor = trigger;
      card.dataset.openedBy = how;
      trigger.classList.add("is-previewed");
      trigger.after(card);
      if (trigger.matches("a") && words.text) trigger.setAttribute("aria-describedby", card.id + "-text");
      place();
      return true;
    });
  }

  function close(restoreFocus) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (!card) return;
    var trigger = cardFor, hadFocus = card.contains(document.activeElement);
    card.remove();
    if (trigger) {
      trigger.classList.remove("is-previewed");
      trigger.removeAttribute("aria-describedby");
    }
    card = null;
    cardFor = null;
    if (restoreFocus && hadFocus && trigger && trigger.focus) trigger.focus();
  }

  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () { close(false); }, CLOSE_DELAY);
  }

  /* The browser's own tooltips would show beside the card: the card says more, so they go. */
  function dropTitles(root) {
    root.querySelectorAll(".md-content abbr.term[title], .md-content a.mention[title], .md-content mark.prediction[title]")
      .forEach(function (node) { node.removeAttribute("title"); });
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    var trigger = triggerOf(event.target);
    if (trigger) { var t = targetOfTrigger(trigger); if (t) load(t.file); }
    if (card && !card.contains(event.target) && event.target !== cardFor && !(cardFor && cardFor.contains(event.target))) {
      close(false);
    }
  }, true);

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;
    if (card && card.contains(event.target)) { clearTimeout(closeTimer); return; }
    var trigger = triggerOf(event.target);
    if (!trigger) return;
    if (trigger === cardFor) { clearTimeout(closeTimer); return; }
    clearTimeout(openTimer);
    openTimer = setTimeout(function () { open(trigger, "pointer"); }, OPEN_DELAY);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") return;
    var trigger = triggerOf(event.target);
    if (!trigger) return;
    var into = event.relatedTarget;
    if (into && (trigger.contains(into) || (card && card.contains(into)))) return;
    clearTimeout(openTimer);
    if (trigger === cardFor && card && card.dataset.openedBy === "pointer") scheduleClose();
  });

  document.addEventListener("focusin", function (event) {
    if (card && card.contains(event.target)) { clearTimeout(closeTimer); return; }
    var trigger = triggerOf(event.target);
    if (trigger !== dismissed) dismissed = null;
    if (trigger && trigger !== dismissed && trigger.matches(":focus-visible")) { open(trigger, "focus"); return; }
    if (card && event.target !== cardFor) close(false);
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === dismissed && !(event.relatedTarget && card && card.contains(event.relatedTarget))) dismissed = null;
    if (!card) return;
    var into = event.relatedTarget;
    if (into && (into === cardFor || card.contains(into))) return;
    if (card.dataset.openedBy === "focus" && (event.target === cardFor || card.contains(event.target))) {
      // Let a click inside the card land before it goes.
      closeTimer = setTimeout(function () { if (!card || !card.contains(document.activeElement)) close(false); }, 0);
    }
  });

  document.addEventListener("click", function (event) {
    if (lastPointer !== "touch") return;
    var trigger = triggerOf(event.target);
    if (!trigger || (card && card.contains(event.target))) return;
    if (trigger === cardFor && card) return;  // second tap: follow the link
    var target = targetOfTrigger(trigger);
    if (!target) return;
    event.preventDefault();
    open(trigger, "tap").then(function (shown) {
      if (!shown && trigger.matches("a")) location.href = trigger.href;  // no preview: go to the page
    });
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && card) {
      dismissed = cardFor;
      close(card.contains(document.activeElement));
      event.stopPropagation();
    }
  }, true);

  var raf = 0;
  function onMove() {
    if (!card || raf) return;
    raf = requestAnimationFrame(function () { raf = 0; place(); });
  }
  window.addEventListener("scroll", onMove, { passive: true });
  window.addEventListener("resize", onMove);

  function ready() { dropTitles(document); }
  // Material's instant navigation swaps pages without loading them: document$ says each page is in.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(ready);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
