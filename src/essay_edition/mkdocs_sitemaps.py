"""A sitemap per essay on a site of several, so what a page loads does not grow with the site.

Material's instant navigation fetches ``sitemap.xml`` beside its config's ``base`` on every first
view: it follows a link without reloading the page (so the narration plays on) only when the link is
in that sitemap. MkDocs writes one sitemap of every page, so on a site of many essays a first view of
any page downloaded every essay's page list. On such a site each essay's pages get a base at the
essay's folder (the plugin sets it, ``overrides/main.html`` writes it; the site's own scripts read the
site root from ``root``), and :func:`split_sitemap` moves each essay's entries from MkDocs'
``sitemap.xml`` into ``<prefix>sitemap.xml``: a page then loads its own essay's list only. The root
sitemap keeps the pages of no essay. For search engines, ``sitemap-index.xml`` (a sitemap index, the
sitemaps protocol's way of listing several) names every sitemap, and ``robots.txt`` names the index,
unless the site has a ``robots.txt`` of its own (one not written here): then the plugin says, once,
that it does not name the index, when it does not. The index is the one file to submit to a search
engine; a ``robots.txt`` is read only at a host's root, so a site served under a path needs that.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

SITEMAP = "sitemap.xml"
SITEMAP_INDEX = "sitemap-index.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
ESSAY_ROOT_KEY = '"root": '
"""In a page's Material config, the key ``overrides/main.html`` adds beside an essay's base: the site root."""
ROBOTS_MARK = "# Written by essay-edition: every page may be crawled; the sitemap index names each essay's sitemap."
"""The first line of the ``robots.txt`` this module writes (one without it is the site's own, left alone)."""


def essay_prefix_of(url: str, prefixes: Collection[str]) -> str:
    """Return the longest of ``prefixes`` (each ending in "/") that the site-relative ``url`` is under,
    or "" when it is under none. The url's folders are looked up in ``prefixes`` (a set, for every page
    of a build), so the cost follows the url's depth, not the number of essays."""
    end = url.rfind("/")
    while end >= 0:
        if url[:end + 1] in prefixes:
            return url[:end + 1]
        end = url.rfind("/", 0, end)
    return ""


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="    ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _write_sitemap(path: Path, urls: list[ET.Element], mtime: int) -> None:
    """Write a sitemap of ``urls`` to ``path`` and its gzipped copy beside it (as MkDocs writes its own)."""
    root = ET.Element(f"{{{NAMESPACE}}}urlset")
    root.extend(urls)
    data = _xml(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    with open(f"{path}.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, filename=f"{path}.gz", mode="wb",
                                                         mtime=mtime) as gz:
        gz.write(data)


@dataclass(frozen=True)
class SitemapSplit:
    """What :func:`split_sitemap` wrote."""

    sitemaps: list[str]  # site paths, the root's first
    index: str  # the sitemap index's address ("" without a site_url: its entries must be absolute)
    robots_lacks_index: bool  # the site's own robots.txt does not name the index


def split_sitemap(site_dir: Path, site_url: str, prefixes: Sequence[str]) -> SitemapSplit | None:
    """Move each essay's entries of ``site_dir/sitemap.xml`` into ``<prefix>sitemap.xml`` (one per
    prefix, written even when empty, since its pages' instant navigation asks for it); with a
    ``site_url``, write the sitemap index and, when the site has none of its own, a ``robots.txt``
    naming it. Return what was written, or None (nothing done) when no prefix is set or MkDocs wrote
    no sitemap."""
    essays = frozenset(p for p in prefixes if p)
    source = site_dir / SITEMAP
    if not essays or not source.is_file():
        return None
    ET.register_namespace("", NAMESPACE)
    tree = ET.parse(source)
    try:
        with gzip.open(f"{source}.gz") as old:
            old.read(1)
            mtime = int(old.mtime or 0)  # MkDocs dates its copy by the pages' content; keep its date
    except OSError:
        mtime = 0
    base = site_url if site_url.endswith("/") else site_url + "/"
    groups: dict[str, list[ET.Element]] = {prefix: [] for prefix in ["", *sorted(essays)]}
    for url in tree.getroot().findall(f"{{{NAMESPACE}}}url"):
        loc = (url.findtext(f"{{{NAMESPACE}}}loc") or "").strip()
        relative = loc[len(base):] if site_url and loc.startswith(base) else ""
        groups[essay_prefix_of(relative, essays)].append(url)
    for prefix, urls in groups.items():
        _write_sitemap(site_dir / prefix / SITEMAP, urls, mtime)
    paths = [prefix + SITEMAP for prefix in groups]
    if not site_url:
        return SitemapSplit(paths, "", False)
    index = ET.Element(f"{{{NAMESPACE}}}sitemapindex")
    for path in paths:
        ET.SubElement(ET.SubElement(index, f"{{{NAMESPACE}}}sitemap"), f"{{{NAMESPACE}}}loc").text = base + path
    (site_dir / SITEMAP_INDEX).write_bytes(_xml(index))
    robots = site_dir / "robots.txt"
    own = robots.read_text(encoding="utf-8") if robots.exists() else ROBOTS_MARK
    if own.startswith(ROBOTS_MARK):
        robots.write_text(f"{ROBOTS_MARK}\nUser-agent: *\nDisallow:\n\nSitemap: {base}{SITEMAP_INDEX}\n",
                          encoding="utf-8")
    return SitemapSplit(paths, base + SITEMAP_INDEX,
                        not own.startswith(ROBOTS_MARK) and f"{base}{SITEMAP_INDEX}" not in own)
