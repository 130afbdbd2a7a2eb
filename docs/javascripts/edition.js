/* The reader's edition: copy-link on permalinks (keyboard shortcuts are in keys.js).
   Progressive enhancement only: every link works without this script. */
(function () {
  "use strict";

  function canonicalBase() {
    var link = document.querySelector('link[rel="canonical"]');
    var href = link ? link.href : location.href;
    return href.split("#")[0];
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
    var id = link.getAttribute("href").slice(1);
    copyLink(id);
    // Keep the browser's own behaviour: the URL gets the fragment and the passage is highlighted.
  });

  /* Sentences: hovering one shows a link mark that copies the sentence's own URL. */
  var sentenceButton = document.createElement("button");
  sentenceButton.type = "button";
  sentenceButton.className = "sentence-link";
  sentenceButton.hidden = true;
  sentenceButton.setAttribute("aria-label", "Copy a link to this sentence");
  sentenceButton.title = "Copy a link to this sentence";
  sentenceButton.textContent = "🔗";
  document.body.appendChild(sentenceButton);
  var hovered = null;
  document.addEventListener("mouseover", function (event) {
    var sentence = event.target.closest && event.target.closest(".md-content .s[id]");
    if (!sentence || sentence === hovered) return;
    hovered = sentence;
    var rects = sentence.getClientRects();
    var last = rects[rects.length - 1];
    if (!last) return;
    sentenceButton.style.top = (window.scrollY + last.top - 2) + "px";
    sentenceButton.style.left = (window.scrollX + Math.min(last.right + 2, document.documentElement.clientWidth - 28)) + "px";
    sentenceButton.hidden = false;
  });
  sentenceButton.addEventListener("click", function () {
    if (!hovered) return;
    copyLink(hovered.id);
    history.replaceState(null, "", "#" + hovered.id);
    document.querySelectorAll(".is-target").forEach(function (n) { n.classList.remove("is-target"); });
    hovered.classList.add("is-target");
  });

  /* Search: Material groups hits under their page, whose own link (score 0 when only a passage matched)
     would open the top of the page. Point that header link at the best passage instead, so the first
     result opens the passage itself. */
  function retargetSearchResults(list) {
    list.querySelectorAll(".md-search-result__item").forEach(function (item) {
      var links = item.querySelectorAll("a.md-search-result__link");
      if (links.length < 2) return;
      var head = links[0];
      var article = head.querySelector("article");
      if (!article || parseFloat(article.getAttribute("data-md-score") || "0") > 0) return;
      head.setAttribute("href", links[1].getAttribute("href"));
    });
  }
  function watchSearch() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.dataset.edWatched) return;
    list.dataset.edWatched = "1";
    new MutationObserver(function () { retargetSearchResults(list); }).observe(list, { childList: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchSearch);
  else watchSearch();
})();
