"""Plain helpers and the page table shared by the site tests (a module, so tests can import it)."""

from __future__ import annotations

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
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

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
