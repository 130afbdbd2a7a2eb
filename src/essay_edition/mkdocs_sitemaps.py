"""A sitemap per essay on a site of several, so what a page loads does not grow with the site.

Material's instant navigation fetches ``sitemap.xml`` beside its config's ``base`` on every first
view: it follows a link without reloading the page (so the narration plays on) only when the link is
in that sitemap. MkDocs writes one sitemap of every page, so on a site of many essays a first view of
any page downloaded every essay's page list. On such a site each essay's pages get a base at the
essay's folder (the plugin sets it, ``overrides/main.html`` writes it; the site's own scripts read the
site root from ``root``), and :func:`split_sitemap` moves each essay's entries from MkDocs'
``sitemap.xml`` into ``<prefix>sitemap.xml``: a page then loads its own essay's list only. The root
sitemap keeps the pages of no essay, and ``robots.txt`` names every sitemap for search engines (the
sitemaps protocol's way of submitting several), unless the site has a ``robots.txt`` of its own (one not written here).
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

SITEMAP = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
ROBOTS_MARK = "# Written by essay-edition: every page may be crawled; the sitemaps are the site's own and each essay's."
"""The first line of the ``robots.txt`` this module writes (one without it is the site's own, left alone)."""


def essay_prefix_of(url: str, prefixes: Sequence[str]) -> str:
    """Return the longest of ``prefixes`` (each ending in "/") that the site-relative ``url`` is under,
    or "" when it is under none."""
    return max((p for p in prefixes if p and url.startswith(p)), key=len, default="")


def _write_sitemap(path: Path, urls: list[ET.Element], mtime: int) -> None:
    """Write a sitemap of ``urls`` to ``path`` and its gzipped copy beside it (as MkDocs writes its own)."""
    root = ET.Element(f"{{{NAMESPACE}}}urlset")
    root.extend(urls)
    ET.indent(root, space="    ")
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    with open(f"{path}.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, filename=f"{path}.gz", mode="wb",
                                                         mtime=mtime) as gz:
        gz.write(data)


def split_sitemap(site_dir: Path, site_url: str, prefixes: Sequence[str]) -> list[str]:
    """Move each essay's entries of ``site_dir/sitemap.xml`` into ``<prefix>sitemap.xml`` (one per
    prefix, written even when empty, since its pages' instant navigation asks for it) and, when the
    site has none, write a ``robots.txt`` naming every sitemap; return the site paths of the sitemaps,
    the root's first. Nothing is done (and ``[]`` returned) when no prefix is set or MkDocs wrote no
    sitemap."""
    prefixes = sorted({p for p in prefixes if p})
    source = site_dir / SITEMAP
    if not prefixes or not source.is_file():
        return []
    ET.register_namespace("", NAMESPACE)
    tree = ET.parse(source)
    try:
        with gzip.open(f"{source}.gz") as old:
            old.read(1)
            mtime = int(old.mtime or 0)  # MkDocs dates its copy by the pages' content; keep its date
    except OSError:
        mtime = 0
    base = site_url if site_url.endswith("/") else site_url + "/"
    groups: dict[str, list[ET.Element]] = {prefix: [] for prefix in ["", *prefixes]}
    for url in tree.getroot().findall(f"{{{NAMESPACE}}}url"):
        loc = (url.findtext(f"{{{NAMESPACE}}}loc") or "").strip()
        relative = loc[len(base):] if site_url and loc.startswith(base) else ""
        groups[essay_prefix_of(relative, prefixes)].append(url)
    for prefix, urls in groups.items():
        _write_sitemap(site_dir / prefix / SITEMAP, urls, mtime)
    paths = [prefix + SITEMAP for prefix in groups]
    robots = site_dir / "robots.txt"
    if site_url and (not robots.exists() or robots.read_text(encoding="utf-8").startswith(ROBOTS_MARK)):
        robots.write_text(f"{ROBOTS_MARK}\nUser-agent: *\nDisallow:\n\n"
                          + "".join(f"Sitemap: {base}{path}\n" for path in paths), encoding="utf-8")
    return paths
