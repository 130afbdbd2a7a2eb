"""Helpers of ``scripts/bench.py`` for the built site: page weight, a gzip-capable server, Lighthouse.

* :func:`page_weight` – the bytes a first visit to one page transfers, gzipped: the HTML and every
  stylesheet, script, icon, image and font it references (CSS ``url()``/``@import`` followed), resolved
  in the built site by parsing the HTML with BeautifulSoup; and, apart, what Material's own search would
  load on that visit (its web worker, lunr files, ``search/search_index.json``) if the page had it.
* :func:`browser_weight` – the same measured in Chromium: what a first view of a page fetches (and which
  search files among them), then what each of a few queries typed into the site search fetches.
* :class:`GzipServer` – serves a site folder on 127.0.0.1 with ``Content-Encoding: gzip`` for text, and
  logs what it sent.
* :func:`run_lighthouse` – one Lighthouse run of one URL; category scores, total blocking time and the
  audits that lost points.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ORIGIN = "http://site.invalid/"
GZIP_LEVEL = 6  # what gzip(1) and most servers use by default
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ico", ".map", ".ttf", ".otf",
                ".webmanifest", ".md"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}


def gzipped_size(path: Path) -> int:
    """Bytes the file takes on the wire from a gzip-capable server."""
    data = path.read_bytes()
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0)) if path.suffix in COMPRESSIBLE else len(data)


@dataclass
class PageWeight:
    """What one first visit transfers, by URL (site-relative paths, gzipped bytes)."""

    page: str
    resources: dict[str, int] = field(default_factory=dict)  # HTML and what it references
    search: dict[str, int] = field(default_factory=dict)  # worker, lunr files, search index
    external: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.resources.values())

    @property
    def total_with_search(self) -> int:
        return self.total + sum(self.search.values())


def _site_path(site: Path, url: str) -> Path | None:
    """The file a site URL resolves to, or None for another host."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != ORIGIN:
        return None
    rel = unquote(parts.path).lstrip("/")
    path = site / rel
    if rel == "" or rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def _attr(tag: Any, name: str) -> str:
    """An attribute as one string (BeautifulSoup gives multi-valued ones such as rel as lists)."""
    value = tag.get(name)
    return " ".join(value) if isinstance(value, list) else str(value or "")


def _html_refs(soup: BeautifulSoup) -> list[str]:
    """Every URL in the HTML that a browser fetches on load (links to other pages excluded)."""
    refs: list[str] = []
    for link in soup.find_all("link", href=True):
        if set(_attr(link, "rel").lower().split()) & _FETCHED_LINK_RELS:
            refs.append(_attr(link, "href"))
    for name, attr in (("script", "src"), ("img", "src"), ("source", "src"), ("audio", "src"), ("video", "poster"),
                       ("iframe", "src"), ("embed", "src"), ("object", "data"), ("input", "src")):
        refs += [_attr(t, attr) for t in soup.find_all(name) if _attr(t, attr)]
    for tag in soup.find_all(["img", "source"], srcset=True):
        refs.append(_attr(tag, "srcset").split(",")[0].split()[0])
    for tag in soup.find_all(["use", "image"]):
        href = _attr(tag, "href") or _attr(tag, "xlink:href")
        if href and not href.startswith("#"):
            refs.append(href)
    css = [t.get_text() for t in soup.find_all("style")] + [_attr(t, "style") for t in soup.find_all(style=True)]
    return refs + _css_refs("\n".join(css))


def _css_refs(css: str) -> list[str]:
    return [m[2] or m[4] for m in _CSS_URL.finditer(css)]


def _search_urls(soup: BeautifulSoup, site: Path, page_url: str) -> list[str]:
    """What Material's search fetches on load: the worker, the lunr files it imports, the index. Its
    bundle does so when the page has a form named "search" (Material's search partial); the edition's
    own search partial has none, and its script fetches nothing before a query."""
    config_tag = soup.find("script", id="__config")
    if config_tag is None or soup.find("form", attrs={"name": "search"}) is None:
        return []
    config = json.loads(config_tag.get_text())
    base = urljoin(page_url, config.get("base", ".") + "/")
    urls = []
    if config.get("search"):
        worker = urljoin(page_url, config["search"])
        urls.append(worker)
        index_url = urljoin(base, "search/search_index.json")
        urls.append(index_url)
        index_path = _site_path(site, index_url)
        langs = ["en"]
        if index_path is not None and index_path.is_file():
            langs = json.loads(index_path.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"])
        # Material's worker: tinyseg for ja, wordcut for hi/th, lunr.<lang> for every non-English
        # language, lunr.multi for several, and then lunr.stemmer.support if it imports anything.
        lunr = urljoin(worker, "../lunr/")
        extra = []
        for lang in langs:
            extra += {"ja": ["tinyseg.js"], "hi": ["wordcut.js"], "th": ["wordcut.js"]}.get(lang, [])
            if lang != "en":
                extra.append(f"min/lunr.{lang}.min.js")
        if len(langs) > 1:
            extra.append("min/lunr.multi.min.js")
        if extra:
            urls += [urljoin(lunr, "min/lunr.stemmer.support.min.js")] + [urljoin(lunr, e) for e in extra]
    return urls


def page_weight(site: Path, page: str) -> PageWeight:
    """Return the gzipped transfer of a first visit to ``page`` (a site-relative URL such as ``essay/x/``)."""
    weight = PageWeight(page)
    page_url = urljoin(ORIGIN, page)
    queue = [page_url]
    seen: set[str] = set()
    soup = None
    while queue:
        url = queue.pop(0).split("#")[0].split("?")[0]
        if not url or url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        path = _site_path(site, url)
        if path is None:
            weight.external.append(url)
            continue
        rel = url[len(ORIGIN):]
        if not path.is_file():
            weight.missing.append(rel)
            continue
        weight.resources[rel or "index.html"] = gzipped_size(path)
        if url == page_url:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            queue += [urljoin(url, r) for r in _html_refs(soup) if not r.startswith("#")]
        elif path.suffix == ".css":
            queue += [urljoin(url, r) for r in _css_refs(path.read_text(encoding="utf-8")) if not r.startswith("#")]
    if soup is not None:
        for url in _search_urls(soup, site, page_url):
            path = _site_path(site, url)
            if path is not None and path.is_file():
                weight.search[url[len(ORIGIN):]] = gzipped_size(path)
            else:
                weight.missing.append(url[len(ORIGIN):])
    return weight


# --- what a browser fetches: a first view, then queries --------------------------------------------

SEARCH_INPUT = "form[name=edition-search] input[name=query]"  # overrides/partials/search.html
SEARCH_RESULT = ".md-search-result__item"
SEARCH_FILES = "/pagefind/"


def _kind(path: str) -> str:
    """What a file fetched by a query is, for the breakdown: engine, metadata, index, fragments, filters."""
    if SEARCH_FILES not in path:
        return "other"
    name = path.rsplit("/", 1)[-1]
    if "/index/" in path:
        return "index"
    if "/fragment/" in path:
        return "fragments"
    if "/filter/" in path:
        return "filters"
    return "metadata" if name.endswith(".pf_meta") else "engine"


@dataclass
class BrowserWeight:
    """Gzipped bytes Chromium fetched: a first view of a page, then each query typed into the search."""

    page: str
    first_view: int = 0
    search_before_query: list[str] = field(default_factory=list)
    queries: dict[str, dict[str, int]] = field(default_factory=dict)  # query -> kind -> bytes
    results: dict[str, int] = field(default_factory=dict)  # query -> results drawn


def _settle(server: GzipServer, page: Any, quiet_ms: int = 600) -> None:
    """Wait until the server has sent nothing new for ``quiet_ms``."""
    seen = -1
    while seen != len(server.served):
        seen = len(server.served)
        page.wait_for_timeout(quiet_ms)


def browser_weight(site: Path, page_path: str, queries: list[str], chromium: str) -> BrowserWeight:
    """Serve ``site`` with gzip; in Chromium, open ``page_path`` once per query (a fresh browser context,
    so nothing is cached), record the first view, then type the query and record what it fetched."""
    from playwright.sync_api import sync_playwright  # the test extra: only this figure needs it

    weight = BrowserWeight(page_path)
    with GzipServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                server.served.clear()
                page.goto(server.url + page_path, wait_until="load")
                _settle(server, page)
                weight.first_view = sum(size for _, size in server.served)
                weight.search_before_query = [path for path, _ in server.served if SEARCH_FILES in path]
                server.served.clear()
                page.locator(SEARCH_INPUT).press_sequentially(query)
                page.locator(SEARCH_RESULT).first.wait_for(state="visible", timeout=90000)  # a loaded machine
                _settle(server, page)
                kinds: dict[str, int] = {}
                for path, size in server.served:
                    kinds[_kind(path)] = kinds.get(_kind(path), 0) + size
                weight.queries[query] = kinds
                weight.results[query] = page.locator(SEARCH_RESULT).count()
                context.close()
        finally:
            browser.close()
    return weight


# --- a static server with gzip --------------------------------------------------------------------


class _GzipHandler(BaseHTTPRequestHandler):
    site: Path
    cache: dict[Path, bytes]
    served: list[tuple[str, int]]  # (request path, body bytes sent), in order
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        raw = unquote(urlsplit(self.path).path)
        path = self.site / raw.lstrip("/")
        if raw.lstrip("/") and not raw.endswith("/") and path.is_dir():
            self.send_response(301)  # as http.server does: a folder's URL ends with '/'
            self.send_header("Location", raw + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.resolve().is_relative_to(self.site.resolve()) or not path.is_file():
            status, path = 404, self.site / "404.html"
        data = path.read_bytes() if path.is_file() else b"not found"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE
        if gzip_ok:
            if path not in self.cache:
                self.cache[path] = gzip.compress(data, GZIP_LEVEL, mtime=0)
            data = self.cache[path]
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept-Encoding")
        if gzip_ok:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)
            self.served.append((raw, len(data)))


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection (Lighthouse does, between passes) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class GzipServer:
    """Serve ``site`` on 127.0.0.1 (a free port) in a background thread; use as a context manager."""

    def __init__(self, site: Path) -> None:
        self.served: list[tuple[str, int]] = []
        handler = type("Handler", (_GzipHandler,), {"site": site, "cache": {}, "served": self.served})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> GzipServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- Lighthouse -----------------------------------------------------------------------------------

LIGHTHOUSE_VERSION = "12.8.2"
CATEGORIES = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 95}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CACHE_PREFIX = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "essay-edition-bench"


def find_lighthouse(repo: Path, explicit: str | None = None) -> str | None:
    """The lighthouse executable: --lighthouse, $LIGHTHOUSE, the repo's or the bench cache's node_modules, PATH."""
    candidates = [explicit, os.environ.get("LIGHTHOUSE"), repo / "node_modules/.bin/lighthouse",
                  CACHE_PREFIX / "node_modules/.bin/lighthouse", shutil.which("lighthouse")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def install_lighthouse() -> str:
    """Install lighthouse@12 from the npm registry into the bench cache prefix; return the executable."""
    CACHE_PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(CACHE_PREFIX), "--no-audit", "--no-fund",
                    f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True, stdin=subprocess.DEVNULL,
                   capture_output=True, text=True)
    return str(CACHE_PREFIX / "node_modules/.bin/lighthouse")


LosingAudit = tuple[str, str, float, float, str, list[str]]  # id, title, weight, score, shown value, where


@dataclass
class LighthouseRun:
    """Category scores (0–100) and, per category, the audits that scored below 1 (:data:`LosingAudit`)."""

    scores: dict[str, float]
    losing: dict[str, list[LosingAudit]]
    blocking_ms: float = 0.0  # total blocking time
    # The main thread's work by kind ("Style & Layout", "Script Evaluation", ...), in ms: the work itself,
    # whichever task it falls in (total blocking time counts only each task's time beyond 50 ms).
    main_thread_ms: dict[str, float] = field(default_factory=dict)


def run_lighthouse(executable: str, url: str, out: Path, chrome: str) -> LighthouseRun:
    """Run Lighthouse once on ``url`` (desktop-agnostic defaults: mobile, simulated throttling)."""
    env = {**os.environ, "CHROME_PATH": chrome}
    proc = subprocess.run(
        [executable, url, f"--chrome-flags={CHROME_FLAGS}", "--output=json", f"--output-path={out}", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}"],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url} ({proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse runtime error on {url}: {report['runtimeError']}")
    scores: dict[str, float] = {}
    losing: dict[str, list[LosingAudit]] = {}
    for cid, category in report["categories"].items():
        scores[cid] = round((category["score"] or 0) * 100)
        losing[cid] = []
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit.get("score") is not None and audit["score"] < 1 and \
                    audit.get("scoreDisplayMode") not in {"informative", "notApplicable", "manual"}:
                items = (audit.get("details") or {}).get("items") or []
                where = [str(i.get("node", {}).get("selector") or i.get("url")) for i in items
                         if isinstance(i, dict) and (i.get("node", {}).get("selector") or i.get("url"))][:3]
                losing[cid].append((ref["id"], audit["title"], ref.get("weight", 0), audit["score"],
                                    audit.get("displayValue", ""), where))
    breakdown = (report["audits"].get("mainthread-work-breakdown", {}).get("details") or {}).get("items") or []
    return LighthouseRun(scores, losing, report["audits"]["total-blocking-time"]["numericValue"],
                         {item["groupLabel"]: item["duration"] for item in breakdown})
