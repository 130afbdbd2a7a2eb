"""What the site search indexes: one record per essay passage and one per other page, as HTML documents.

The index itself is Pagefind's (:mod:`essay_edition.render.search_index` runs it): a static, sharded
index of which a query loads only the chunks and result fragments it needs, so a first page view loads
no index at all and a query loads a few of its files, and a list of every document (a few bytes each,
the one part that grows with the site).

Pagefind makes one result per HTML document. A passage (an essay paragraph, whose location is
``page/#id``) gets a small document of its own, so a phrase from it ranks that passage and the result
lands on it; its section page is indexed without the passages. A forecast's and a claim's own pages are
left out (front matter ``search: exclude``): their words are an entry of the ledger and of the summaries
page, so each is one result, and one document fewer in the page list that every query loads. Every other
page is indexed as it reads (its ``<article>``, adjacent elements set apart), and the search script points
a hit at the nearest element with an id before the matched words (a forecast on the ledger, a claim on
the summaries page, a heading): a page's document keeps only those ids (:data:`LANDING`). Documents
carry what a result shows as Pagefind metadata: ``href`` (site-relative), ``title``, ``time`` (the
passage's narration start) and, on a site of several essays, ``essay`` (its title).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import lxml.etree
import lxml.html

from ..model import LibraryEntry, SearchEntry
from .links import clock
from .text import html_text

EXCLUDE_MARKER = '<meta name="search" content="exclude">'
"""What ``overrides/main.html`` writes into the head of a page whose front matter says ``search: exclude``."""

LANDING = frozenset(("h1", "h2", "h3", "p", "li", "dt", "dd", "tr", "td", "th", "blockquote", "section", "article",
                     "aside", "figure", "details", "div", "table"))
"""Elements a result can land on: in a page's document, only these keep their ids (Pagefind's anchors).
Not inline elements (a transcript's sentences, each with an id and its words, made most of that page's
result fragment) and not h4–h6 (on the summaries page they head parts of a claim's entry, its quotes,
which a hit lands on as a whole)."""

_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_WORD = re.compile(r"\w+")


class SearchedEssay(Protocol):
    """What the index needs of one essay's edition (an :class:`~essay_edition.build.Edition`)."""

    @property
    def search_entries(self) -> Sequence[SearchEntry]: ...

    @property
    def library(self) -> LibraryEntry | None: ...


@dataclass(frozen=True)
class EssayLabel:
    """The essay a document belongs to, on a site of several: its title and URL prefix."""

    title: str
    prefix: str


def essay_labels(essays: Sequence[SearchedEssay]) -> list[EssayLabel]:
    """Return each essay's label, longest prefix first; none for a site of one essay."""
    if len(essays) < 2:
        return []
    labels = [EssayLabel(e.library.title, e.library.prefix) for e in essays if e.library is not None]
    return sorted(labels, key=lambda label: -len(label.prefix))


def essay_of(url: str, labels: Sequence[EssayLabel]) -> EssayLabel | None:
    """Return the essay whose prefix the site-relative ``url`` is under, or None."""
    return next((label for label in labels if url.startswith(label.prefix)), None)


def _meta_tags(meta: Mapping[str, str], essay: EssayLabel | None) -> str:
    """Pagefind metadata as ``<meta>`` elements, values escaped.

    No Pagefind filter (which would let a query prefer the current essay): Pagefind writes a filter's
    values in hash-map order, so two builds of a site with a filter are not byte-identical."""
    fields = {**meta, "essay": essay.title} if essay is not None else dict(meta)
    return "".join(f'<meta data-pagefind-meta="{key}[content]" content="{html_text(value)}">'
                   for key, value in fields.items() if value)


def _document(language: str, title: str, body: str, meta: Mapping[str, str], essay: EssayLabel | None) -> str:
    return (f'<!doctype html><html lang="{html_text(language)}"><head><meta charset="utf-8"><title>{title}</title>'
            f'</head><body><main data-pagefind-body>{body}</main>{_meta_tags(meta, essay)}</body></html>')


@dataclass(frozen=True)
class PageSplit:
    """A built page cut for the index: its article less the passages, and each passage's start time."""

    article: str
    title: str
    starts: dict[str, str]  # passage id -> "M:SS" of its narration start, for the passages found


def passage_key(text: str) -> str:
    """Return the words of ``text``, lower-cased: how a passage quoted on another page is recognised."""
    return " ".join(_WORD.findall(text.lower()))


def split_page(page_html: str, passage_ids: set[str], passage_keys: set[str]) -> PageSplit | None:
    """Return the page's article as it is indexed, or None for a page kept out of search: without its
    passages (by id) and without quotes of any passage (by text), with ids only where a result lands and
    adjacent elements set apart. The passages are documents of their own; a quote of one whole elsewhere
    (a ledger entry quoting the paragraph) would only compete with it for the same words."""
    if EXCLUDE_MARKER in page_html:
        return None
    found = _ARTICLE.search(page_html)
    if found is None:
        return None
    title = _TITLE.search(page_html)
    root = lxml.html.fragment_fromstring(found.group(1), create_parent="div")
    starts = {}
    for element in root.xpath("//*[@id]") if passage_ids else []:
        passage_id = element.get("id")
        if passage_id in passage_ids:
            start = element.get("data-start")
            if start is not None:
                starts[passage_id] = clock(float(start))
            element.drop_tree()
    quotes = [e for e in root.iter("p", "li", "blockquote") if _quotes_a_passage(e.text_content(), passage_keys)]
    for element in quotes:
        element.drop_tree()
    _keep_landing_ids(root)
    _set_apart(root)
    article = lxml.html.tostring(root, encoding="unicode")
    return PageSplit(article, title.group(1) if title else "", starts)


def _set_apart(root: lxml.html.HtmlElement) -> None:
    """Put a space after every block, and after an element that another follows with nothing between.

    Pagefind joins the text of adjacent elements with nothing between them, blocks included ("True
    ifModel" from a ledger entry's ``<dt>True if</dt><dd>Model …</dd>``, "train1 min read" from a
    section card's spans, which the style sets apart), and a word so joined is not found. Text that goes
    on after an inline element ("LLMs</span>.") is left as it is."""
    for element in root.iter(lxml.etree.Element):
        tail = element.tail or ""
        if not tail[:1].isspace() and (element.tag in _BLOCKS or (not tail and element.getnext() is not None)):
            element.tail = " " + tail


def _keep_landing_ids(root: lxml.html.HtmlElement) -> None:
    """Drop the ids a result cannot land on (see :data:`LANDING`), and move an entry's id onto its
    heading where the heading has none (a forecast's ``<section id>`` on the ledger, headed by an h3), so
    that a result landing on the entry is titled by it: the link is the same."""
    for element in root.xpath("//*[@id]"):
        if element.tag not in LANDING:
            del element.attrib["id"]
    for element in root.xpath("//*[@id]"):
        head = next(element.iterchildren(tag=lxml.etree.Element), None)
        if (element.tag not in _HEADINGS and head is not None and head.tag in _HEADINGS and head.get("id") is None
                and not (element.text or "").strip()):
            head.set("id", element.attrib.pop("id"))
    # Pagefind keeps each anchor's whole text in the page's result fragment, and only a heading's is
    # shown (as the result's title): any other element gives its id to an empty mark at its start,
    # which stands at the same word.
    for element in root.xpath("//*[@id]"):
        if element.tag not in _HEADINGS:
            mark = lxml.etree.Element("span", id=element.attrib.pop("id"))
            mark.tail, element.text = element.text, None
            element.insert(0, mark)


_HEADINGS = frozenset(("h1", "h2", "h3"))
_BLOCKS = LANDING | {"h4", "h5", "h6", "br", "figcaption", "ul", "ol", "dl", "pre", "hr", "caption"}
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def _quotes_a_passage(text: str, passage_keys: set[str]) -> bool:
    """Return whether ``text`` is a passage, or quotes one whole in quotation marks (a verdict that
    says "A close paraphrase of “…”")."""
    candidates = [text, *(a or b for a, b in _QUOTED.findall(text))]
    return any(passage_key(candidate) in passage_keys for candidate in candidates)


def page_document(split: PageSplit, url: str, language: str, essay: EssayLabel | None) -> str:
    """Return the document indexed for a built page (its article, less its passages)."""
    return _document(language, split.title, split.article, {"href": url or "./"}, essay)


def passage_document(entry: SearchEntry, start: str | None, language: str, essay: EssayLabel | None) -> str:
    """Return the document indexed for one passage: its text, and what its result shows.

    The passage's words are its entry's ``title`` and where it stands (``In “section”``) its ``text``, as
    render/site.py fills them (for Material's search, which ranked titles highest); only the words are
    the document's text. Pagefind searches metadata as well, so ``search.js`` gives it no weight and drops
    a result none of whose text matched: the section's name does not make every passage of it a result."""
    meta = {"href": entry.location, "title": entry.text, "time": start or ""}
    return _document(language, html_text(entry.text), f"<p>{html_text(entry.title)}</p>", meta, essay)
