"""The id index: every passage id an essay ever gave, where it is now, for links that never dead-end.

A shared link names a page and a passage (``essay/what-are-we-scaling/#p-…``). When the page or the
passage is gone, the browser reads this index (``id-index.json`` at the site root, fetched only
then, by ``javascripts/idlinks.js`` on the 404 page and on a page whose fragment names no element)
and sends the reader to the passage, to where a retired passage's text went, or to the closest ids
and pages. It holds the current section, paragraph and sentence ids and the retired paragraph and
sentence ids, each with the page it is (or was) on, by number into ``pages``, and the opening of its
text; a retired id also gives what happened to it (reworded, shortened, split, merged, removed:
:mod:`essay_edition.enrich.retired`) and the addresses of the passages its text went to.

Shape (a JSON object, compact, keys sorted)::

    {"version": 1,
     "pages":   [[url, title], ...],                  # site-relative urls; title "" for a page gone
     "ids":     [[id, page, text], ...],              # current ids
     "retired": [[id, page, text, kind, [successor, ...]], ...]}   # successors: "page-url#id"
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence

from ..model import EditionModel, Page
from ._markup import truncate
from .front_matter import meta_of

INDEX_PATH = "id-index.json"
VERSION = 1
TEXT_CHARS = 90  # enough of a passage to recognise it in a list of closest matches


def page_title(page: Page) -> str:
    """Return a page's title as plain text: its front matter's (HTML text), else its nav title, else ""."""
    title = meta_of(page.markdown).get("title")
    if isinstance(title, str):
        return html.unescape(title)
    return page.nav[-1] if page.nav else ""


class _Builder:
    """Collects pages and ids, numbering each page url once."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles
        self.pages: dict[str, int] = {}
        self.ids: list[list[object]] = []
        self.retired: list[list[object]] = []

    def page(self, url: str) -> int:
        return self.pages.setdefault(url, len(self.pages))

    def result(self) -> dict[str, object]:
        return {"version": VERSION, "pages": [[url, self.titles.get(url, "")] for url in self.pages],
                "ids": self.ids, "retired": self.retired}


def edition_index(m: EditionModel, pages: Iterable[Page]) -> dict[str, object]:
    """Return the id index of one essay: its pages, its current ids and its retired ones."""
    pages = list(pages)
    b = _Builder({p.url: page_title(p) for p in pages})
    for p in pages:
        b.page(p.url)
    for s in m.sections:
        b.ids.append([s.id, b.page(s.page_url), truncate(s.title, TEXT_CHARS)])
        for x in s.paragraphs:
            b.ids.append([x.id, b.page(x.page_url), truncate(x.paragraph.text, TEXT_CHARS)])
            b.ids.extend([y.id, b.page(x.page_url), truncate(y.text, TEXT_CHARS)] for y in x.sentences)
    for r in m.retired:
        successors = [url for url, _ in r.successors] or ([r.successor_url] if r.successor_url else [])
        b.retired.append([r.id, b.page(r.page_url), truncate(r.text, TEXT_CHARS), r.kind, successors])
    return b.result()


def site_index(parts: Sequence[dict[str, object]]) -> bytes:
    """Return the site's id index, every essay's merged, as compact JSON bytes."""
    b = _Builder({})
    for part in parts:
        urls = [str(url) for url, _ in part["pages"]]  # type: ignore[misc, union-attr]
        for url, title in part["pages"]:  # type: ignore[misc, union-attr]
            b.titles.setdefault(str(url), str(title))
            b.page(str(url))
        for row in part["ids"]:  # type: ignore[union-attr]
            b.ids.append([row[0], b.page(urls[row[1]]), *row[2:]])
        for row in part["retired"]:  # type: ignore[union-attr]
            b.retired.append([row[0], b.page(urls[row[1]]), *row[2:]])
    return json.dumps(b.result(), ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
