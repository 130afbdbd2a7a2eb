"""Share cards that say something: an og:image per page, verdicts in claim cards, made without network."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from offline_build import OfflineBuild, build_offline
from PIL import Image

pytestmark = [pytest.mark.site]

VERDICTS = ("Supported", "Partly supported", "Misstated", "Unsupported", "Not in the essay")
ROLE = re.compile(r":(?:py:)?(?:func|meth|class|mod|data|attr|obj|exc):`?")


@pytest.fixture(scope="session")
def offline(tmp_path_factory: pytest.TempPathFactory) -> OfflineBuild:
    return build_offline(tmp_path_factory.getbasetemp() / "offline-build")


def pages(site: Path) -> list[Path]:
    """Every page of the built site; the 404 template and the redirects from renamed sections' old
    addresses are no pages and have no card."""
    return [p for p in sorted(site.rglob("*.html"))
            if p.name != "404.html" and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]]


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag.get("content") if tag else None


def card_file(site: Path, address: str) -> Path:
    """The file an og:image address names in the built site (absolute with site_url, or relative)."""
    return site / urlsplit(address).path.lstrip("/")


def test_every_page_has_its_own_1200_by_630_png_card(built_site: Path, checker_report) -> None:
    problems, seen = [], {}
    for page in pages(built_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        name = page.relative_to(built_site).as_posix()
        address = meta(soup, "og:image")
        if not address:
            problems.append(f"{name}: no og:image")
            continue
        file = card_file(built_site, address)
        if not file.is_file():
            problems.append(f"{name}: og:image {address} is not in the site")
            continue
        image = Image.open(io.BytesIO(file.read_bytes()))
        if (image.format, image.size) != ("PNG", (1200, 630)):
            problems.append(f"{name}: {address} is {image.format} {image.size}, not a 1200x630 PNG")
        if meta(soup, "twitter:card") != "summary_large_image" or meta(soup, "twitter:image") != address:
            problems.append(f"{name}: twitter card does not show the image")
        if (meta(soup, "og:image:width"), meta(soup, "og:image:height")) != ("1200", "630"):
            problems.append(f"{name}: og:image:width/height are not 1200x630")
        seen.setdefault(address, []).append(name)
    problems += [f"{' and '.join(names)} share the card {a}" for a, names in seen.items() if len(names) > 1]
    checker_report("og:image cards", len(seen), 0.0, f"{len(seen)} PNGs, 1200x630")
    assert problems == []


def test_every_claim_card_starts_with_its_verdict(built_site: Path) -> None:
    claims = sorted(built_site.glob("claims/claim-*/index.html"))
    assert claims
    for page in claims:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        shown = soup.select_one(".claim-meta .verdict").get_text(strip=True)
        assert shown in VERDICTS
        for key in ("og:description", "twitter:description", "description"):
            assert (meta(soup, key) or "").startswith(f"{shown}: "), f"{page}: {key} = {meta(soup, key)!r}"
        claim = soup.select_one("blockquote.claim-text").get_text(" ", strip=True)
        assert meta(soup, "og:description") != claim  # says something beyond repeating the claim


def test_the_api_reference_shows_no_raw_roles(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "reference" / "index.html").read_text(encoding="utf-8"), "lxml")
    text = soup.select_one("article").get_text(" ")
    assert ROLE.findall(text) == []
    links = [a["href"] for a in soup.select("article a.autorefs, article a.autorefs-internal")]
    assert len(links) > 20 and all("#essay_edition." in href for href in links)


def test_the_build_draws_every_card_without_network(offline: OfflineBuild, checker_report) -> None:
    assert offline.returncode == 0, offline.output
    assert offline.network_attempts == []
    addresses = {meta(BeautifulSoup(p.read_text(encoding="utf-8"), "lxml"), "og:image") for p in pages(offline.site)}
    assert None not in addresses
    # The copy had no card cache: every card was drawn in this build (the cache holds one file per card).
    assert offline.cards_drawn == len(addresses) > 50
    where = "own network namespace" if offline.namespace else "sockets refused in-process"
    checker_report("offline build (no network)", len(addresses), offline.seconds, f"{where}; cards drawn fresh")


def test_cards_drawn_in_two_builds_are_byte_identical(built_site: Path, offline: OfflineBuild) -> None:
    ours = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in built_site.glob("assets/cards/**/*.png")}
    theirs = {p.relative_to(offline.site).as_posix(): p.read_bytes() for p in offline.site.glob("assets/cards/**/*.png")}
    assert ours.keys() == theirs.keys()
    assert [k for k in ours if ours[k] != theirs[k]] == []
