"""Links and anchors of the built site, judged by linkchecker over http and by reading the HTML."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup
from serving import serve_directory
from site_helpers import html_of, paragraph_href

pytestmark = pytest.mark.site


def _ids_of(page: Path) -> set[str]:
    """The element ids (and the names of named anchors) of one HTML file."""
    tree = lxml.html.fromstring(page.read_bytes())
    return {value for value in tree.xpath("//@id | //a/@name")}


def test_every_anchor_of_every_link_is_on_its_page(built_site: Path, checker_report):
    """Every link with a #fragment, from every page of the site to a page of the site, names an element
    on that page. Written here rather than left to linkchecker's [AnchorCheck], which downloads and
    parses the target page again for every anchored link (the site has thousands): this reads each
    page once. linkchecker still judges every link (under a sub-path, below)."""
    start = time.monotonic()
    pages = sorted(built_site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    problems, checked = [], 0
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        page_url = page.relative_to(built_site).as_posix()
        for element in tree.xpath("//a[@href] | //link[@href] | //area[@href]"):
            href = element.get("href")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue  # another site, or no anchor
            target_url = urljoin("http://site/" + page_url, href)
            path = unquote(urlsplit(target_url).path).lstrip("/")
            target = built_site / (path + "index.html" if path.endswith("/") or not path else path)
            if target.is_dir():
                target = target / "index.html"
            if target.suffix != ".html":
                continue  # a fragment on a data file or image is the reader's, not an element id
            checked += 1
            if not target.is_file():
                problems.append(f"{page_url}: {href} (line {element.sourceline}): no such page")
                continue
            if target not in ids:
                ids[target] = _ids_of(target)
            if unquote(parts.fragment) not in ids[target]:
                problems.append(f"{page_url}: {href} (line {element.sourceline}): no element with that id")
    checker_report("anchors of every link", len(pages), time.monotonic() - start,
                   f"{checked} anchored links, {len(problems)} problems")
    assert checked, "no anchored link found: the reading of the site is broken"
    assert not problems, f"{len(problems)} anchors name no element:\n" + "\n".join(problems[:60])


def test_every_deep_link_in_essay_json_resolves(built_site: Path, paragraphs: list[dict]):
    # Paragraphs, and their sentences where essay.json lists them, each name an id and a url.
    targets = [p for para in paragraphs for p in [para, *para.get("sentences", [])] if "id" in p and "url" in p]
    soups: dict[str, BeautifulSoup | None] = {}
    missing = []
    for target in targets:
        href = paragraph_href(target)
        page = href.split("#")[0]
        if page not in soups:
            try:
                soups[page] = html_of(built_site, href)
            except FileNotFoundError:
                soups[page] = None
        soup = soups[page]
        fragment = urlsplit(href).fragment
        if soup is None:
            missing.append(f"{href}: no such page")
        elif soup.find(id=fragment) is None:
            missing.append(f"{href}: no element with id {fragment!r}")
    assert not missing, f"{len(missing)} of {len(targets)} deep links in data/essay.json are dead:\n" + "\n".join(
        missing
    )


def test_timestamp_links_carry_whole_seconds(built_site: Path, checker_report):
    """Every timestamp link (▶ chips and transcript times) opens the video at t=<whole seconds>s; on the
    essay pages each paragraph's ▶ link opens it at the floor of the paragraph's start in essay.json."""
    bad, count, pages = [], 0, 0
    for file in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        links = [a for a in soup.select("a.play, a.ts") if "youtube.com/watch" in a.get("href", "")]
        pages += bool(links)
        for link in links:
            count += 1
            times = parse_qs(urlsplit(link["href"]).query).get("t", [])
            if len(times) != 1 or not re.fullmatch(r"\d+s", times[0]):
                bad.append(f"{file.relative_to(built_site)}: {link['href']}")
            elif link.get("data-start") and int(times[0][:-1]) != math.floor(float(link["data-start"])):
                bad.append(f"{file.relative_to(built_site)}: {link['href']} but data-start={link['data-start']}")
    essay = json.loads((built_site / "data/essay.json").read_text(encoding="utf-8"))
    for section in essay["sections"]:
        soup = BeautifulSoup((built_site / section["url"] / "index.html").read_text(encoding="utf-8"), "lxml")
        for paragraph in section["paragraphs"]:
            start = paragraph["narration"]["start"]
            chip = soup.select_one(f'[id="{paragraph["id"]}"] a.play')
            if start is None:
                if chip is not None:
                    bad.append(f"{section['url']}#{paragraph['id']}: not narrated but has a ▶ link")
            elif chip is None or not chip["href"].endswith(f"&t={math.floor(start)}s"):
                bad.append(f"{section['url']}#{paragraph['id']}: ▶ link does not open t={math.floor(start)}s")
    checker_report("timestamp links (t=<int>s)", pages, 0.0, f"{count} links")
    assert count > 0, "no timestamp links in the built site"
    assert not bad, f"{len(bad)} of {count} timestamp links are wrong:\n" + "\n".join(bad)


def test_linkchecker_under_a_sub_path_finds_no_link_above_the_site(linkchecker_bin, tmp_path, checker_report):
    """Served at https://host/base/ (here http://127.0.0.1:PORT/base/ with nothing at the root), no link
    climbs above the site's root: every relative href is made by one link function from the page's URL."""
    import os
    import shutil
    import sys

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

    project = tmp_path / "project"
    for name in ("docs", "sources", "data", "overrides", "examples"):
        if (repo / name).exists():
            shutil.copytree(repo / name, project / name)
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    site_url = re.search(r"^site_url: (\S+)$", config, re.MULTILINE)
    assert site_url, "mkdocs.yml names no site_url"
    (project / "mkdocs.yml").write_text(config.replace(site_url[0], "site_url: https://example.org/base/"),
                                        encoding="utf-8")
    www = tmp_path / "www"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(www / "base")], cwd=project,
                   env=env, stdin=subprocess.DEVNULL, capture_output=True, check=True)
    with serve_directory(www) as root:
        base = root + "base/"
        start = time.monotonic()
        # Links only: the anchors are checked above by reading every page; this run is about paths,
        # which a link climbing above /base/ gets wrong.
        proc = subprocess.run([linkchecker_bin, "--no-status", "--verbose", "-o", "csv", base],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1200)
    body = "\n".join(line for line in proc.stdout.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    outside = [r for r in rows if r["url"].startswith(root) and not r["url"].startswith(base)]
    problems = [r for r in rows if r["valid"] != "True"]
    checker_report("linkchecker under /base/", len({r["url"] for r in rows}), time.monotonic() - start,
                   f"{len(rows)} URLs, {len(problems)} problems, {len(outside)} above /base/")
    listing = "\n".join(f"{r['url']} (from {r['parentname']})" for r in [*outside, *problems][:40])
    assert rows and not outside and not problems, listing
