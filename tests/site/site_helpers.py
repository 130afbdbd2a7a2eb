"""Plain helpers and the page table shared by the site tests (a module, so tests can import it)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

# Page types judged by the site checks (axe, console, network), as globs under the built site.
# The first match, sorted, stands for its type. `required` types fail when absent; the others are
# skipped with a visible reason until the build makes them. Extend this table when a kind of page lands.
PAGE_TYPES: dict[str, tuple[str, bool]] = {
    "home": ("index.html", True),
    "section": ("essay/*/index.html", True),
    "comments": ("comments/index.html", True),
    "transcript": ("narration/youtube/index.html", True),
    "podcast": ("narration/podcast/index.html", True),
    "differences": ("narration/differences/index.html", True),
    "ledger": ("predictions/index.html", True),
    "forecast": ("predictions/*/index.html", True),
    "claims": ("claims/index.html", True),
    "claim": ("claims/*/index.html", True),
    "summaries": ("summaries/index.html", True),
    "people": ("people/index.html", True),
    "glossary": ("glossary/index.html", True),
    "tags": ("tags/index.html", True),
    "tag": ("tags/*/index.html", True),
    "data": ("about/data/index.html", True),
    "reference": ("reference/index.html", True),
}

# Material's palette schemes: "default" is its light scheme, "slate" its dark one.
SCHEMES = {"light": "default", "dark": "slate"}
# The light/dark toggle a reader sees (overrides/partials/palette.html, docs/javascripts/palette.js).
PALETTE_TOGGLE = "form[data-edition-palette] label:visible"
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# The edition's search box and its results (overrides/partials/search.html, docs/javascripts/search.js).
SEARCH_INPUT = "form[name=edition-search] input[name=query]"
SEARCH_RESULT = ".md-search-result__item"

# Motion off, so colours are final when axe measures contrast right after a palette switch.
NO_MOTION_CSS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def paragraph_href(paragraph: dict) -> str:
    """Site-relative deep link to a paragraph: its `url`, with '#id' added when the url has no fragment."""
    url = paragraph["url"].lstrip("/")
    return url if "#" in url else f"{url}#{paragraph['id']}"


def html_of(built_site: Path, href: str) -> BeautifulSoup:
    """Parsed HTML of the built page a site-relative href points at."""
    path = urlsplit(href).path
    file = built_site / path / "index.html" if path == "" or path.endswith("/") else built_site / path
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces, punctuation dropped: how phrases are compared."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def search_documents(built_site: Path) -> list[dict]:
    """Every document of the site's Pagefind index (its fragments: url, content, meta), in file order."""
    docs = []
    for path in sorted((built_site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        docs.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return docs


def search_href(document: dict) -> str:
    """Where a search result for this document lands, site-relative (what search.js links to)."""
    return document["meta"].get("href") or document["url"].lstrip("/")


def middle_phrase(text: str, words: int = 6) -> str:
    """The `words` words in the middle of a text, outer punctuation stripped: what a reader might search."""
    parts = text.split()
    start = max(0, len(parts) // 2 - words // 2)
    return " ".join(parts[start : start + words]).strip(".,;:!?“”\"'()")


# The state a reader sees once a link to a passage has been followed: the passage is the page's :target
# (so it is highlighted) and its top is inside the viewport. Material's instant navigation moves the
# address first and our edition.js makes the passage :target a moment later, so this is waited for.
_TARGET_IN_VIEW = """id => {
  const el = document.getElementById(id);
  if (!el || !el.matches(':target')) return false;
  const top = el.getBoundingClientRect().top;
  return top >= 0 && top < innerHeight;
}"""


def wait_for_target_in_view(page, element_id: str, timeout_ms: int = 5000) -> None:
    """Return once `element_id` is the page's :target with its top in the viewport; fail naming what is off."""
    try:
        page.wait_for_function(_TARGET_IN_VIEW, arg=element_id, timeout=timeout_ms)
    except Exception:  # Playwright's TimeoutError; say what the reader would see instead
        state = page.evaluate(
            """id => { const el = document.getElementById(id);
                 return el ? {target: el.matches(':target'), top: el.getBoundingClientRect().top,
                              height: innerHeight, url: location.href} : {missing: id, url: location.href}; }""",
            element_id,
        )
        raise AssertionError(f"#{element_id} is not the highlighted passage in view after {timeout_ms} ms: {state}") from None
