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
    "comments": ("comments/index.html", False),
    "transcript": ("narration/youtube/index.html", False),
    "podcast": ("narration/podcast/index.html", False),
    "differences": ("narration/differences/index.html", False),
    "ledger": ("predictions/index.html", False),
    "claims": ("claims/index.html", False),
    "claim": ("claims/*/index.html", False),
    "summaries": ("summaries/index.html", False),
    "people": ("people/index.html", False),
    "glossary": ("glossary/index.html", False),
    "tags": ("tags/index.html", False),
    "tag": ("tags/*/index.html", False),
    "data": ("about/data/index.html", False),
    "reference": ("reference/index.html", False),
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
