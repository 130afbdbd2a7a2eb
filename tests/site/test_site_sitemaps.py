"""Sitemaps on a site of two essays: each essay's pages are listed in a sitemap of its own, the one
Material's instant navigation loads on a page of that essay, so a first view does not grow with the
number of essays; the site's own scripts still resolve links against the site root.

The split is src/essay_edition/mkdocs_sitemaps.py; the config is written by overrides/main.html.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from site_helpers import SEARCH_INPUT, SEARCH_RESULT, middle_phrase

pytestmark = [pytest.mark.site]

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locs(path: Path) -> list[str]:
    import xml.etree.ElementTree as ET

    return [(e.text or "").strip() for e in ET.parse(path).getroot().iter(f"{NS}loc")]


def _site_url(site: Path) -> str:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    return soup.select_one("link[rel=canonical]")["href"]


def _prefix_of(relative: str, prefixes: list[str]) -> str:
    return max((p for p in prefixes if relative.startswith(p)), key=len, default="")


def test_every_page_is_in_the_sitemap_of_its_essay_and_the_index_names_them_all(two_essay_site):
    site, prefixes = two_essay_site.root, [e["prefix"] for e in two_essay_site.essays]
    site_url = _site_url(site)
    sitemaps = ["sitemap.xml"] + [f"{p}sitemap.xml" for p in prefixes]
    listed: dict[str, str] = {}
    for sitemap in sitemaps:
        for loc in _locs(site / sitemap):
            assert loc not in listed, f"{loc} is in {listed[loc]} and {sitemap}"
            listed[loc] = sitemap
    canonical = {}
    for path in site.rglob("*.html"):
        found = re.search(r'<link rel="canonical" href="([^"]+)"', path.read_text(encoding="utf-8"))
        if found:
            canonical[found.group(1)] = path
    assert set(listed) == set(canonical), (sorted(set(canonical) - set(listed))[:5], sorted(set(listed) - set(canonical))[:5])
    for loc, sitemap in listed.items():
        assert sitemap == _prefix_of(loc.removeprefix(site_url), prefixes) + "sitemap.xml", (loc, sitemap)
    assert all(len(_locs(site / f"{p}sitemap.xml")) > 100 for p in prefixes)  # every page of the essay
    assert _locs(site / "sitemap-index.xml") == [site_url + s for s in sitemaps]
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in robots if line.startswith("Sitemap:")] == [f"Sitemap: {site_url}sitemap-index.xml"]


def test_an_essay_page_gives_material_its_essays_folder_and_the_scripts_the_site_root(two_essay_site):
    site, prefixes = two_essay_site.root, [e["prefix"] for e in two_essay_site.essays]
    checked = {"essay": 0, "other": 0}
    for path in sorted(site.rglob("index.html")):
        tag = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("script#__config")
        if tag is None:
            continue  # a redirect stub
        config = json.loads(tag.string)
        relative = path.relative_to(site).as_posix().removesuffix("index.html")
        here = urljoin("https://site.test/", relative)
        prefix = _prefix_of(relative, prefixes)
        if prefix:
            assert urljoin(here, config["base"].rstrip("/") + "/") == f"https://site.test/{prefix}", relative
            assert urljoin(here, config["root"].rstrip("/") + "/") == "https://site.test/", relative
            checked["essay"] += 1
        else:
            assert "root" not in config and urljoin(here, config["base"].rstrip("/") + "/") == "https://site.test/"
            checked["other"] += 1
    assert checked["essay"] > 200 and checked["other"] >= 3, checked


def test_the_one_essay_site_keeps_mkdocs_one_sitemap(built_site: Path):
    config = json.loads(BeautifulSoup((built_site / "essay/what-are-we-scaling/index.html").read_text(encoding="utf-8"),
                                      "lxml").select_one("script#__config").string)
    assert config["base"] == "../.." and "root" not in config
    assert len(_locs(built_site / "sitemap.xml")) > 100 and not (built_site / "robots.txt").exists()


@pytest.mark.browser
def test_instant_navigation_in_an_essay_loads_its_sitemap_only_and_search_still_links_to_the_site(
        browser, two_essay_site):
    """Served as at its site_url (the sitemaps' addresses mapped onto this server, as test_player does),
    a section page of the second essay asks for that essay's sitemap only; its next-section link is
    followed without a reload; a search from there links to a page that exists."""
    site = two_essay_site
    site_url = _site_url(site.root)
    essay = site.essays[1]
    section = essay["sections"][len(essay["sections"]) // 2]
    context = browser.new_context()
    asked, errors, missing = [], [], []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            request_route.abort()
            errors.append(f"foreign request {url}")
        elif urlsplit(url).path.endswith("/sitemap.xml"):
            asked.append(url)
            response = request_route.fetch()
            request_route.fulfill(response=response, body=response.text().replace(site_url, site.url))
        else:
            request_route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("response", lambda r: r.status >= 400 and missing.append(r.url))
    try:
        page.goto(site.url + section["url"], wait_until="networkidle")
        assert asked == [f"{site.url}{essay['prefix']}sitemap.xml"]
        page.evaluate("window.__samePage = true")
        following = page.locator("a.md-footer__link--next")
        target = following.get_attribute("href")
        following.click()
        page.wait_for_url(urljoin(site.url + section["url"], target))
        assert page.evaluate("window.__samePage === true"), "the next section was loaded as a new page"
        paragraph = essay["sections"][0]["paragraphs"][len(essay["sections"][0]["paragraphs"]) // 2]
        page.locator(SEARCH_INPUT).click()
        page.locator(SEARCH_INPUT).fill(middle_phrase(paragraph["text"]))
        page.locator(SEARCH_RESULT).first.wait_for(state="visible", timeout=30000)
        hrefs = page.locator(f"{SEARCH_RESULT} a").evaluate_all("links => links.map(a => a.href)")
        assert site.url + paragraph["url"] in hrefs, hrefs
        for href in hrefs:
            relative = urlsplit(href).path.lstrip("/")
            assert (site.root / relative / "index.html").is_file(), f"search linked to {href}"
        assert not errors and not missing, (errors, missing)
    finally:
        context.close()
