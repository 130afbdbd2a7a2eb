"""The MkDocs plugin ``essay-edition-cards``: a share card (``og:image``) for every page of the site.

Generated and hand-written pages alike: once MkDocs has read every page (``on_env``), each page's
card is drawn from its front matter (``title``, ``description``, optional ``card_label`` and
``card_tone``) or its heading, with a kind label taken from the page's nav group or, for a page
outside the nav, from the page of its nearest folder ("Tags", "Predictions ledger"). New kinds of
page get cards with no change here. The cards are written under ``assets/cards/`` of the site being
built, and each page's ``og_image`` meta names its card for the theme (overrides/main.html).

Drawing is :func:`essay_edition.render.cards.card_png`: offline and deterministic, so cards are
cached on their content, in memory and in ``.cache/essay-edition/cards/`` beside mkdocs.yml
(option ``cache: false`` turns the folder off): a build draws only the cards whose text changed.
In ``mkdocs build`` a page's card is drawn and written as the page's file is written (``on_post_page``),
so on a site of many essays the processes that write the pages (:mod:`essay_edition.mkdocs_write`)
draw their cards too; under ``mkdocs serve`` they are drawn on a small thread pool before the pages
are written, and kept in memory for the next rebuild.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, write_file

from .errors import SourceError
from .render.cards import Card, cached_card_png, card_from_meta, card_path, card_png, draw_card, font_files, place_card

THREADS = 2
CACHE_DIR = ".cache/essay-edition/cards"


def kind_label(page: Page, titles: dict[str, str]) -> str:
    """Return the kind label of a page's card: its nav group's title, else its nearest folder page's title."""
    parent = page.parent
    while parent is not None and not parent.title:
        parent = parent.parent
    label = parent.title if parent is not None else ""
    folders = page.url.strip("/").split("/")[:-1]
    while not label and folders:
        label = titles.get("/".join(folders) + "/", "")
        folders.pop()
    return "" if label == page.title else label


def page_cards(pages: list[Page], site_name: str) -> dict[str, tuple[Page, Card]]:
    """Return each page's card with the page, by the card's site path."""
    titles = {p.url: p.title or "" for p in pages}
    return {card_path(p.url): (p, card_from_meta(p.meta, p.title or site_name, kind_label(p, titles), site_name))
            for p in pages}


class ShareCardsConfig(base.Config):
    """Plugin options: whether drawn cards are kept on disk for the next build."""

    cache = c.Type(bool, default=True)


class ShareCardsPlugin(BasePlugin[ShareCardsConfig]):
    """Draw a share card per page and name it in the page's ``og_image`` meta."""

    def __init__(self) -> None:
        self.command = "build"
        self.cache_dir: Path | None = None
        self.cards: dict[str, tuple[str, Card]] = {}  # in a build: by page src_uri, the card's file and card

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a build (cards drawn as pages are written) or a serve (by threads)."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Stop the build with one line when the card fonts are not installed."""
        try:
            font_files()
        except SourceError as err:
            raise PluginError(err.one_line()) from None
        return config

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Set every page's ``og_image`` meta; under ``mkdocs serve``, draw every card now."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        cards = page_cards(pages, config.site_name)
        site_url = config.site_url.rstrip("/") + "/" if config.site_url else ""
        for path, (page, _) in cards.items():
            page.meta["og_image"] = site_url + path if site_url else get_relative_url(path, page.url)
        self.cache_dir = Path(config.config_file_path).parent / CACHE_DIR if self.config.cache else None
        jobs = {page.file.src_uri: (os.path.join(config.site_dir, path), card) for path, (page, card) in cards.items()}
        if self.command == "build":
            self.cards = jobs
            return env
        draw = card_png if self.cache_dir is None else functools.partial(cached_card_png, cache_dir=self.cache_dir)
        with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
            for (path, _), png in zip(jobs.values(), pool.map(draw, [card for _, card in jobs.values()])):
                write_file(png, path)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """In a build, draw and write the card of a page as its file is written (by whichever process
        writes the page: see :mod:`essay_edition.mkdocs_write`); a page with nothing to write has no card."""
        job = self.cards.get(page.file.src_uri)
        if job is not None and output.strip():
            path, card = job
            # Drawn once per build, so never kept in memory (a worker would grow by every card).
            if self.cache_dir is None:
                write_file(draw_card(card), path)
            else:
                place_card(card, path, self.cache_dir)
        return output
