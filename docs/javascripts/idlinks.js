/* Links that never dead-end.
 *
 * A shared link names a page and a passage: essay/what-are-we-scaling/#p-im-confused-why-some-people.
 * When the passage is not on the page (moved to another section, rewritten, mistyped) or the page is
 * gone (the 404 page), this script reads the build's id index (id-index.json at the site root:
 * every current and retired id, its page and the opening of its text; fetched only in those cases)
 * and sends the reader to the passage, says where a rewritten passage's text went, or offers the
 * closest addresses. Text from the index is set with textContent, never parsed as HTML.
 */
(() => {
  "use strict";

  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  // The site's root: "root" where Material's base is the page's essay's folder (overrides/main.html).
  const root = new URL(String(config.root || config.base || ".").replace(/\/?$/, "/"), location.href);
  const CLOSE = 0.5;  // bigram similarity from which an address counts as a near miss of another
  let index = null;

  function loadIndex() {
    index ??= fetch(new URL("id-index.json", root))
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => (data && data.version === 1 ? prepare(data) : null))
      .catch(() => null);
    return index;
  }

  function prepare(data) {
    const pages = data.pages.map(([url, title]) => ({ url, title }));
    const entry = (row, retired) => ({
      id: row[0], page: pages[row[1]], text: row[2], retired,
      kind: retired ? row[3] : null, successors: retired ? row[4] : [],
    });
    return {
      pages,
      ids: data.ids.map((row) => entry(row, false)),
      retired: data.retired.map((row) => entry(row, true)),
    };
  }

  /* The page's path relative to the site root ("essay/x/"), without "index.html". */
  function sitePath(url) {
    const path = decodeURIComponent(new URL(url, location.href).pathname);
    const base = decodeURIComponent(root.pathname);
    return (path.startsWith(base) ? path.slice(base.length) : path.replace(/^\//, "")).replace(/index\.html$/, "");
  }

  const href = (siteUrl) => new URL(siteUrl, root).href;

  function sharedPrefix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
    return n;
  }

  /* The entry with this id (current ones first), the one nearest the path when essays share an id. */
  function lookup(idx, id, path) {
    for (const list of [idx.ids, idx.retired]) {
      const hits = list.filter((e) => e.id === id);
      if (hits.length) return hits.sort((a, b) => sharedPrefix(b.page.url, path) - sharedPrefix(a.page.url, path))[0];
    }
    return null;
  }

  /* Dice coefficient of character bigrams: how close two addresses are, 0 to 1. */
  function bigrams(text) {
    const s = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim()} `;
    const out = new Map();
    for (let i = 0; i < s.length - 1; i += 1) out.set(s.slice(i, i + 2), (out.get(s.slice(i, i + 2)) || 0) + 1);
    return out;
  }

  function similarity(a, b) {
    const x = bigrams(a);
    const y = bigrams(b);
    let shared = 0;
    let total = 0;
    for (const [gram, n] of x) { shared += Math.min(n, y.get(gram) || 0); total += n; }
    for (const n of y.values()) total += n;
    return total ? (2 * shared) / total : 0;
  }

  /* The `count` current ids close to `id` (one per passage text); ties go to ids on the page at `path`. */
  function closestIds(idx, id, path, count = 3) {
    const bare = id.replace(/^[ps]-/, "");
    const seen = new Set();
    return idx.ids
      .map((e) => ({ e, score: similarity(bare, e.id.replace(/^[ps]-/, "")) + (e.page.url === path ? 0.05 : 0) }))
      .filter((s) => s.score >= CLOSE)
      .sort((a, b) => b.score - a.score || a.e.id.localeCompare(b.e.id))
      .filter((s) => !seen.has(s.e.page.url + s.e.text) && seen.add(s.e.page.url + s.e.text))
      .slice(0, count)
      .map((s) => s.e);
  }

  /* The pages to offer for an address that is no page: its folders' pages, then the closest addresses. */
  function closestPages(idx, path, count = 4) {
    const pages = idx.pages.filter((p) => p.title);
    const folders = pages.filter((p) => p.url && path.startsWith(p.url)).sort((a, b) => b.url.length - a.url.length);
    const last = path.split("/").filter(Boolean).pop() || "";
    const near = pages
      .filter((p) => !folders.includes(p))
      .map((p) => ({ p, score: Math.max(similarity(path, p.url), similarity(last, p.title)) }))
      .sort((a, b) => b.score - a.score || a.p.url.localeCompare(b.p.url))
      .map((s) => s.p);
    return [...folders, ...near].slice(0, count);
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    for (const child of children) node.append(child);
    return node;
  }

  const passageLink = (e) => el("a", { href: href(`${e.page.url}#${e.id}`) }, `“${e.text}”`);

  function choices(heading, items) {
    const list = el("ul");
    for (const item of items) list.append(el("li", {}, ...item));
    return [el("p", {}, heading), list];
  }

  const CHANGES = {
    reworded: "It was reworded.", shortened: "It was shortened.", split: "It was split in parts.",
    merged: "It was merged into a longer passage.", removed: "It was removed from the essay.",
  };

  /* What to say about a retired id: its old text, what happened to it and where the text went. */
  function retiredNote(idx, hit) {
    const parts = [el("p", {}, "This passage changed since the link was shared. It read: ", `“${hit.text}”`, " ",
      CHANGES[hit.kind] || "")];
    const next = hit.successors.map((url) => idx.ids.find((e) => `${e.page.url}#${e.id}` === url)).filter(Boolean);
    if (next.length) {
      parts.push(...choices("Here is where the text went:", next.map((e) => [
        passageLink(e), e.page.title ? ` in “${e.page.title}”` : "",
      ])));
    }
    return parts;
  }

  function idChoices(idx, id, path) {
    const near = closestIds(idx, id, path);
    if (!near.length) return [el("p", {}, "No passage address comes close to it.")];
    return choices("The closest passage addresses:", near.map((e) => [
      passageLink(e), e.page.title && e.page.url !== path ? ` in “${e.page.title}”` : "",
    ]));
  }

  /* On an existing page whose #fragment names no element. */
  async function resolveFragment() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id || document.getElementById(id) || document.getElementsByName(id).length) return;
    const idx = await loadIndex();
    if (!idx) return;
    const path = sitePath(location.href);
    const hit = lookup(idx, id, path);
    if (hit && hit.page.url !== path && hit.page.title) {
      location.replace(href(`${hit.page.url}#${id}`));  // moved to another page, or retired there (its note is there)
      return;
    }
    const body = hit && hit.retired ? retiredNote(idx, hit) : [
      el("p", {}, "No passage on this page has the address ", el("code", {}, `#${id}`),
        ". It may have been mistyped or cut short."),
      ...idChoices(idx, id, path),
      el("p", {}, el("a", { href: "#" }, "Read this page from the start"), "."),
    ];
    showNotice(hit && hit.retired ? "This passage changed" : "Passage not found", body);
  }

  function showNotice(title, body) {
    document.getElementById("id-notice")?.remove();
    const notice = el("div", { id: "id-notice", class: "admonition warning", role: "status", tabindex: "-1" },
      el("p", { class: "admonition-title" }, title), ...body);
    notice.style.scrollMarginTop = "5rem";  // below Material's sticky header
    const article = document.querySelector("article.md-content__inner") || document.body;
    const heading = article.querySelector("h1");
    if (heading) heading.after(notice); else article.prepend(notice);
    notice.scrollIntoView({ block: "start" });
    notice.focus({ preventScroll: true });
  }

  /* On the 404 page: the address is not a page of the site. */
  async function resolveMissingPage(box) {
    const idx = await loadIndex();
    if (!idx) {
      box.replaceChildren(el("p", {}, "The list of addresses could not be loaded; start from the links below."));
      return;
    }
    const path = sitePath(location.href);
    const id = decodeURIComponent(location.hash.slice(1));
    const hit = id ? lookup(idx, id, path) : null;
    if (hit && hit.page.title) {
      location.replace(href(`${hit.page.url}#${id}`));
      return;
    }
    const page = idx.pages.find((p) => p.title && (p.url === `${path}/` || p.url === path.replace(/\.html$/, "/")));
    if (page) {
      location.replace(href(page.url + location.hash));
      return;
    }
    const parts = [];
    if (hit) {
      document.getElementById("id-resolver-title")?.replaceChildren("This passage changed");
      parts.push(...retiredNote(idx, hit));
    } else if (id) {
      parts.push(el("p", {}, "No page has the address ", el("code", {}, `/${path}`), ", and no passage has the id ",
        el("code", {}, `#${id}`), "."), ...idChoices(idx, id, path));
    } else {
      parts.push(el("p", {}, "No page has the address ", el("code", {}, `/${path}`), "."));
    }
    if (!hit || !hit.successors.length) {
      parts.push(...choices("The closest pages:", closestPages(idx, path).map((p) => [
        el("a", { href: href(p.url) }, p.title),
      ])));
    }
    box.replaceChildren(...parts);
    box.setAttribute("data-state", hit ? "retired" : "suggested");
  }

  function start() {
    const box = document.getElementById("id-resolver");
    if (box) resolveMissingPage(box);
    else resolveFragment();
  }

  window.addEventListener("hashchange", () => { if (!document.getElementById("id-resolver")) resolveFragment(); });
  // Material's instant navigation swaps pages without loading them: document$ says each page is in.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
