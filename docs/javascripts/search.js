/* Site search in Material's search dialog, on Pagefind's static index (render/search_index.py).

   Nothing is fetched when a page loads: pagefind.js, its WebAssembly and the index's metadata load on
   the first query, and a query then loads only the index chunks of its words (less stop words, unless
   it has no others) and the fragments of the results drawn. A passage (an essay paragraph) is a
   document of its own: its result lands on the paragraph and shows its narration time. Another page's
   result lands on the element with an id just before the matched words (a forecast on the ledger, a
   claim on the summaries page, a heading). On a site of several essays each result names its essay.
   Links resolve against the site root, so any base path and static host work. */
(function () {
  "use strict";

  var dialog = document.querySelector("[data-edition-search]");
  var toggle = document.getElementById("__search");
  var configTag = document.getElementById("__config");
  if (!dialog || !toggle || !configTag) return;
  var config = JSON.parse(configTag.textContent);
  var words = config.translations || {};
  var input = dialog.querySelector("input[name=query]");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var root = new URL(String(config.root || config.base || ".").replace(/\/?$/, "/"), location.href);  // "/" on the 404 page
  var PAGE = 5; // results drawn (and fragments fetched) at a time

  // Material's search (lunr) drops English stop words; so does the words search here, which keeps a
  // query from loading the index chunks of very common words ("a" matches every word starting "a").
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has have he her hers " +
    "him his how however i if in into is it its just least let like likely may me might most must my neither " +
    "no nor not of off often on only or other our own rather said say says she should since so some than that " +
    "the their them then there these they this tis to too twas us wants was we were what when where which " +
    "while who whom why will with would yet you your").split(" "));
  var engine = null; // the Pagefind module, once the first query asked for it
  var current = 0; // the latest query's number: an older query's answer is dropped
  var pending = []; // results not drawn yet

  function t(key, count) {
    var text = words[key] || "";
    return count === undefined ? text : text.replace("#", count);
  }

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // Pagefind searches metadata too, and ranks a match in a document's title five times higher. A
        // document's metadata is what its result shows (render/search.py): a passage's title names its
        // section, so every passage of "What are we scaling?" would match "scaling" without the word.
        var unweighted = { title: 0, href: 0, time: 0, essay: 0 };
        return pagefind.options({ excerptLength: 30, ranking: { metaWeights: unweighted } })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  /* What Pagefind is asked for a query: its words less stop words (all of them if nothing else is left)
     and, for a query of several words, the phrase they make. A phrase with two or more words besides
     stop words is not asked as Pagefind's exact phrase, which loads the index chunks of every word, stop
     words included: the pages that hold it are among those its other words find, and `phraseStarts` puts
     them first. Any other phrase is asked as an exact phrase too, and its results come first. */
  function queries(query) {
    var tokens = query.replace(/"/g, "").split(/\s+/).filter(Boolean);
    var all = tokens.filter(function (w) { return /[\p{L}\p{N}]/u.test(w); });
    var kept = all.filter(function (w) { return !STOP.has(bare(w)); });
    var phrase = all.length > 1 ? tokens.join(" ") : null;
    var offsets = []; // where each kept word stands in the phrase, in words as a page's text counts them
    tokens.forEach(function (w, i) { if (kept.indexOf(w) >= 0) offsets.push(i); });
    var searches = [{ text: (kept.length ? kept : all).join(" "), exact: false }];
    if (phrase && kept.length < 2) searches.unshift({ text: '"' + phrase + '"', exact: true });
    return { phrase: phrase, offsets: phrase && kept.length >= 2 ? offsets : null, searches: searches,
             searched: (kept.length ? kept : all).length }; // words of the phrase its words' search asks for
  }

  /* The positions where the words searched for stand as the kept words of the phrase do (each at its
     offset from the first), given where they matched: Pagefind's positions, before any fragment is
     loaded, and which count a stemmed variant ("learned" for "learning") as the word. */
  function phraseStarts(positions, offsets) {
    var at = new Set(positions);
    return positions.filter(function (start) {
      return offsets.every(function (o) { return at.has(start + o - offsets[0]); });
    });
  }

  /* Words from..to of a fragment's content, the matched ones marked, all escaped. */
  function excerpt(content, from, to, matched) {
    var all = content.split(/\s+/);
    var first = matched.length ? matched[0] : from;
    var start = Math.max(from, Math.min(first - 6, to - 30));
    var end = Math.min(to, start + 30, all.length);
    var marked = new Set(matched);
    var out = [];
    for (var i = start; i < end; i++) out.push(marked.has(i) ? "<mark>" + escape(all[i]) + "</mark>" : escape(all[i]));
    return (start > from ? "… " : "") + out.join(" ") + (end < Math.min(to, all.length) ? " …" : "");
  }

  function bare(word) { return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""); }

  /* Where a phrase stands in a fragment's content, every time (Pagefind's phrase search gives only its
     first place in a page, so a phrase quoted by several entries of the summaries page or the ledger
     would only ever land on the first): its words where they stand word for word; else its kept words
     where Pagefind matched them in the phrase's order (a stemmed variant); else every match. */
  function phraseLocations(data, phrase) {
    if (!phrase) return data.locations;
    var want = phrase.text.split(/\s+/).map(bare);
    var all = data.content.split(/\s+/).map(bare);
    var found = new Set();
    for (var i = 0; i + want.length <= all.length; i++) {
      var j = 0;
      while (j < want.length && all[i + j] === want[j]) j++;
      if (j === want.length) for (j = 0; j < want.length; j++) found.add(i + j);
    }
    if (!found.size && phrase.offsets) {
      phraseStarts(data.locations, phrase.offsets).forEach(function (start) {
        phrase.offsets.forEach(function (o) { found.add(start + o - phrase.offsets[0]); });
      });
    }
    if (!found.size) return data.locations;
    return Array.from(found).sort(function (a, b) { return a - b; });
  }

  /* A page's matched words grouped by the block element with an id before each (Pagefind's anchors):
     the best group, and more only when they are entries (a forecast on the ledger, a claim under its h3
     on the summaries page), not the page's title or its h2 parts; up to `most` groups. */
  function regions(data, locations, most) {
    var anchors = data.anchors || []; // only elements a result can land on keep ids (render/search.py)
    var total = data.content.split(/\s+/).length;
    var found = [];
    locations.forEach(function (loc) {
      var index = -1;
      anchors.forEach(function (a, i) { if (a.location <= loc) index = i; });
      var region = found.find(function (r) { return r.index === index; });
      if (!region) {
        var next = anchors[index + 1];
        region = { index: index, anchor: anchors[index], from: index < 0 ? 0 : anchors[index].location,
                   to: next ? next.location : total, matched: [] };
        found.push(region);
      }
      region.matched.push(loc);
    });
    found.sort(function (a, b) { return b.matched.length - a.matched.length || a.from - b.from; });
    return found.filter(function (r, i) { return i === 0 || (r.anchor && !/^h[12]$/.test(r.anchor.element)); })
      .slice(0, most);
  }

  /* What a result document shows: one hit for a passage, one per region for another page; `phrase` is
     the phrase asked for (its text and its kept words' offsets), if the result holds it. */
  function hits(data, phrase) {
    var href = data.meta.href || data.url.replace(/^\//, "");
    var essay = data.meta.essay || ""; // set on a site of several essays only
    if (href.indexOf("#") >= 0) { // a passage (page/#id)
      var text = excerpt(data.content, 0, Infinity, phraseLocations(data, phrase));
      return [{ href: href, title: data.meta.title, text: text, time: data.meta.time, essay: essay }];
    }
    // An exact phrase shows every entry it stands in (up to five: a quote that several entries repeat),
    // loose words the three entries with most of them.
    return regions(data, phraseLocations(data, phrase), phrase ? 5 : 3).map(function (region) {
      var a = region.anchor;
      var heading = a && /^h[2-6]$/.test(a.element) && a.text ? " › " + a.text : "";
      return { href: a && a.element !== "h1" ? href + "#" + a.id : href, title: data.meta.title + heading,
               text: excerpt(data.content, region.from, region.to, region.matched), essay: essay };
    });
  }

  /* One result in Material's markup (one link per item). */
  function item(hit) {
    var where = [hit.time ? "▶ " + hit.time : "", hit.essay].filter(Boolean).join(" · ");
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML = '<a class="md-search-result__link" href="' + escape(new URL(hit.href, root).href) + '">' +
      '<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>' +
      "<h1>" + escape(hit.title || "") + "</h1><p>" + hit.text + "</p>" +
      (where ? '<p class="search-result-where">' + escape(where) + "</p>" : "") + "</article></a>";
    return li;
  }

  function more(token) {
    var batch = pending.splice(0, PAGE);
    return Promise.all(batch.map(function (r) { return r.result.data(); })).then(function (fragments) {
      if (token !== current) return;
      var button = list.querySelector(".search-more");
      if (button) button.remove();
      fragments.forEach(function (data, i) {
        hits(data, batch[i].phrase).forEach(function (h) { list.appendChild(item(h)); });
      });
      if (pending.length) {
        var li = document.createElement("li");
        li.className = "search-more";
        li.innerHTML = '<button type="button" class="md-button">More results (' + pending.length + ")</button>";
        li.firstChild.addEventListener("click", function () { more(token); });
        list.appendChild(li);
      }
    });
  }

  function search(query) {
    var token = ++current;
    if (!query.trim()) {
      list.innerHTML = "";
      meta.textContent = t("search.result.placeholder");
      return;
    }
    var asked = queries(query);
    load().then(function (pagefind) {
      return Promise.all(asked.searches.map(function (q) { return pagefind.search(q.text); }));
    }).then(function (found) {
      if (token !== current) return;
      var seen = new Set();
      var phrase = { text: asked.phrase, offsets: asked.offsets }; // what a result that holds it is given
      var phrased = [];
      var loose = [];
      var byWords = new Map(); // each result of the search of the query's words, by page
      found.forEach(function (r, i) {
        if (!asked.searches[i].exact && r) r.results.forEach(function (x) { byWords.set(x.id, x); });
      });
      found.forEach(function (r, i) {
        var exact = asked.searches[i].exact;
        (r ? r.results : []).forEach(function (x) {
          if (seen.has(x.id) || !x.words.length) return; // no word of its text matched: only its metadata
          seen.add(x.id);
          var starts = exact || asked.offsets === null ? [] : phraseStarts(x.words, asked.offsets);
          var holds = exact || starts.length > 0;
          // Pagefind scores all the words asked for, wherever they stand; an exact-phrase search would
          // score only the phrase's places. Pages that hold the phrase are ranked by the part of their
          // score those places make (the share of their matched words that stand in them), so a
          // passage that says it comes before a contents page that quotes it beside other matches.
          var share = starts.length ? Math.min(1, starts.length * asked.offsets.length / x.words.length) : 1;
          var rank = x.score * share;
          // An exact phrase's results all score 1, so they would keep the order the index lists its pages
          // in (which a site indexed in parts changes): they are ranked as above, by the score the search
          // of the query's words gives the page and the share of its matched words the phrase holds.
          var scored = exact ? byWords.get(x.id) : null;
          if (scored && scored.words.length) rank = scored.score * Math.min(1, asked.searched / scored.words.length);
          (holds ? phrased : loose).push({ result: x, phrase: holds ? phrase : null, rank: rank });
        });
      });
      phrased.sort(function (a, b) { return b.rank - a.rank; });
      pending = phrased.concat(loose);
      var count = pending.length;
      meta.textContent = count === 0 ? t("search.result.none") :
        count === 1 ? t("search.result.one") : t("search.result.other", count);
      list.innerHTML = "";
      return more(token);
    }).catch(function (error) {
      if (token === current) meta.textContent = t("search.result.none") + " (" + error.message + ")";
    });
  }

  // Material locks the page's scrolling (and on a phone lays the dialog over the page) when its search
  // toggle changes, which a script's assignment does not announce: the change is told as the header's
  // button would tell it, or on a phone the results ran off the screen's right edge.
  var telling = false; // the change is this script's own, not the header button's
  function setOpen(state) {
    if (toggle.checked === state) return;
    toggle.checked = state;
    telling = true;
    try { toggle.dispatchEvent(new Event("change")); } finally { telling = false; }
  }

  function open() {
    setOpen(true);
    input.focus();
    input.select();
  }

  function close() {
    setOpen(false);
    input.blur();
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  input.addEventListener("focus", function () { setOpen(true); });
  // Tabbing on past the dialog closes it: it is open only while the reader is in it.
  dialog.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (next && !dialog.contains(next)) setOpen(false);
  });
  input.form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.form.addEventListener("reset", function () { setTimeout(function () { search(""); input.focus(); }, 0); });
  toggle.addEventListener("change", function () { // Material's header button (phones) ticks the toggle
    // Not for this script's own changes: focus is where it should be, and a late refocus would reopen a
    // dialog the reader had just tabbed out of.
    if (toggle.checked && !telling) setTimeout(function () { input.focus(); }, 50);
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close();
  });

  dialog.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      close();
    } else if (event.key === "Enter" && event.target === input && links.length) {
      links[0].click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var next = event.key === "ArrowDown" ? at + 1 : (at < 0 ? links.length - 1 : at - 1);
      if (next < 0 || next >= links.length) input.focus(); else links[next].focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("keydown", function (event) { // Material's shortcuts to open search
    if (event.altKey || event.ctrlKey || event.metaKey || toggle.checked) return;
    var target = event.target;
    var typing = /^(input|textarea|select)$/i.test(target.tagName || "") || target.isContentEditable;
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      open();
      event.preventDefault();
    }
  });
})();
