"""Each essay's sitemap (essay_edition.mkdocs_sitemaps): entries moved by prefix, robots.txt naming them."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

from essay_edition.mkdocs_sitemaps import NAMESPACE, ROBOTS_MARK, SITEMAP_INDEX, essay_prefix_of, split_sitemap

SITE_URL = "https://example.org/"


def _sitemap(site: Path, paths: list[str], site_url: str = SITE_URL) -> None:
    entries = "".join(f"<url><loc>{site_url}{p}</loc><lastmod>2026-11-30</lastmod></url>" for p in paths)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">{entries}</urlset>\n'
    (site / "sitemap.xml").write_text(xml, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=1764460800) as gz:
        gz.write(xml.encode())


def _locs(path: Path) -> list[str]:
    return [e.text or "" for e in ET.parse(path).getroot().iter(f"{{{NAMESPACE}}}loc")]


def test_a_url_belongs_to_the_longest_prefix_it_is_under() -> None:
    prefixes = ["essays/a/", "essays/a/b/", "essays/ab/"]
    assert essay_prefix_of("essays/a/b/essay/x/", prefixes) == "essays/a/b/"
    assert essay_prefix_of("essays/a/essay/x/", prefixes) == "essays/a/"
    assert essay_prefix_of("essays/ab/", prefixes) == "essays/ab/"
    assert essay_prefix_of("essays/abc/", prefixes) == ""
    assert essay_prefix_of("about/", prefixes) == ""
    assert essay_prefix_of("essays/a/x/", ["", "essays/a/"]) == "essays/a/"


def test_each_essays_entries_move_to_its_own_sitemap(tmp_path: Path) -> None:
    _sitemap(tmp_path, ["", "about/", "essays/a/", "essays/a/essay/one/", "essays/ab/claims/c/", "essays/abc/"])
    split = split_sitemap(tmp_path, SITE_URL, ["essays/ab/", "essays/a/", ""])
    assert split is not None
    written = split.sitemaps
    assert written == ["sitemap.xml", "essays/a/sitemap.xml", "essays/ab/sitemap.xml"]
    assert _locs(tmp_path / "sitemap.xml") == [SITE_URL, f"{SITE_URL}about/", f"{SITE_URL}essays/abc/"]
    assert _locs(tmp_path / "essays/a/sitemap.xml") == [f"{SITE_URL}essays/a/", f"{SITE_URL}essays/a/essay/one/"]
    assert _locs(tmp_path / "essays/ab/sitemap.xml") == [f"{SITE_URL}essays/ab/claims/c/"]
    for path in written:
        xml = (tmp_path / path).read_bytes()
        assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="' + NAMESPACE.encode())
        with gzip.open(tmp_path / f"{path}.gz") as gz:
            assert gz.read() == xml
            assert gz.mtime == 1764460800  # MkDocs' date of its own copy, kept: rebuilds give the same bytes
    lastmods = [e.text for e in ET.parse(tmp_path / "essays/a/sitemap.xml").getroot().iter(f"{{{NAMESPACE}}}lastmod")]
    assert lastmods == ["2026-11-30", "2026-11-30"]
    index = ET.parse(tmp_path / SITEMAP_INDEX).getroot()
    assert index.tag == f"{{{NAMESPACE}}}sitemapindex"
    assert _locs(tmp_path / SITEMAP_INDEX) == [SITE_URL + path for path in written]
    assert split.index == SITE_URL + SITEMAP_INDEX and not split.robots_lacks_index
    robots = (tmp_path / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[0] == ROBOTS_MARK and "User-agent: *" in robots and "Disallow:" in robots
    assert [line for line in robots if line.startswith("Sitemap:")] == [f"Sitemap: {SITE_URL}{SITEMAP_INDEX}"]


def test_a_site_served_under_a_path_keeps_its_path(tmp_path: Path) -> None:
    site_url = "https://example.org/sub/"
    _sitemap(tmp_path, ["", "essays/a/x/"], site_url)
    split = split_sitemap(tmp_path, site_url.rstrip("/"), ["essays/a/"])
    assert split is not None and split.index == f"{site_url}{SITEMAP_INDEX}"
    assert _locs(tmp_path / "essays/a/sitemap.xml") == [f"{site_url}essays/a/x/"]
    assert _locs(tmp_path / SITEMAP_INDEX) == [f"{site_url}sitemap.xml", f"{site_url}essays/a/sitemap.xml"]


def test_an_essay_with_no_page_in_the_sitemap_still_gets_one(tmp_path: Path) -> None:
    """Material asks for the sitemap beside the essay's folder whatever it holds: no 404 in the console."""
    _sitemap(tmp_path, ["", "essays/a/"])
    split_sitemap(tmp_path, SITE_URL, ["essays/a/", "essays/b/"])
    assert _locs(tmp_path / "essays/b/sitemap.xml") == []


def test_a_sites_own_robots_txt_is_left_alone_and_ours_is_rewritten(tmp_path: Path) -> None:
    _sitemap(tmp_path, ["", "essays/a/"])
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", encoding="utf-8")
    split = split_sitemap(tmp_path, SITE_URL, ["essays/a/"])
    assert split is not None and split.robots_lacks_index  # the plugin says so
    assert (tmp_path / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /drafts/\n"
    (tmp_path / "robots.txt").write_text(f"Sitemap: {SITE_URL}{SITEMAP_INDEX}\n", encoding="utf-8")
    _sitemap(tmp_path, ["", "essays/a/"])
    split = split_sitemap(tmp_path, SITE_URL, ["essays/a/"])
    assert split is not None and not split.robots_lacks_index
    (tmp_path / "robots.txt").write_text(f"{ROBOTS_MARK}\nSitemap: {SITE_URL}essays/gone/sitemap.xml\n",
                                         encoding="utf-8")
    _sitemap(tmp_path, ["", "essays/a/"])
    split_sitemap(tmp_path, SITE_URL, ["essays/a/"])
    assert "essays/gone/" not in (tmp_path / "robots.txt").read_text(encoding="utf-8")


def test_a_site_with_no_prefix_or_no_site_url_keeps_mkdocs_sitemap(tmp_path: Path) -> None:
    _sitemap(tmp_path, ["", "essay/one/"])
    before = (tmp_path / "sitemap.xml").read_bytes()
    assert split_sitemap(tmp_path, SITE_URL, [""]) is None
    assert (tmp_path / "sitemap.xml").read_bytes() == before and not (tmp_path / "robots.txt").exists()
    # Without a site_url MkDocs lists no page (a page has no address to list), and nothing names the
    # sitemaps: each essay still gets its empty one, which its pages ask for.
    empty = tmp_path / "empty"
    empty.mkdir()
    _sitemap(empty, [])
    split = split_sitemap(empty, "", ["essays/a/"])
    assert split is not None and split.sitemaps == ["sitemap.xml", "essays/a/sitemap.xml"] and split.index == ""
    assert _locs(empty / "essays/a/sitemap.xml") == []
    assert not (empty / "robots.txt").exists() and not (empty / SITEMAP_INDEX).exists()
    assert split_sitemap(tmp_path / "missing", SITE_URL, ["essays/a/"]) is None


def test_a_page_of_an_essay_without_its_essay_base_is_reported_once(caplog) -> None:
    from types import SimpleNamespace

    from essay_edition.mkdocs_plugin import EditionPlugin

    plugin = EditionPlugin()
    plugin.essay_prefixes = ("essays/a/",)
    config = SimpleNamespace()

    def page(url: str) -> SimpleNamespace:
        return SimpleNamespace(url=url, content="<p>x</p>", file=SimpleNamespace(src_uri=url + "index.md"))

    with caplog.at_level("WARNING", logger="mkdocs.plugins.essay_edition"):
        plugin.on_post_page('{"base": "../..", "root": "../../.."}', page=page("essays/a/x/"), config=config)
        plugin.on_post_page('{"base": "."}', page=page("about/"), config=config)
        assert not caplog.records  # an essay's page with its base, a page of no essay with the root's
        for _ in range(2):
            plugin.on_post_page('{"base": "../../.."}', page=page("essays/a/y/"), config=config)
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["essays/a/y/index.md"]
