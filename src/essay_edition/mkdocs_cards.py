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
Pillow releases the GIL while it rasterises and compresses, so cards are drawn on a small thread pool.
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
from .render.cards import Card, cached_card_png, card_from_meta, card_path, card_png, font_files

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

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Stop the build with one line when the card fonts are not installed."""
        try:
            font_files()
        except SourceError as err:
            raise PluginError(err.one_line()) from None
        return config

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Draw every page's card into the site folder and set the page's ``og_image`` meta."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        cards = page_cards(pages, config.site_name)
        site_url = config.site_url.rstrip("/") + "/" if config.site_url else ""
        draw = card_png
        if self.config.cache:
            draw = functools.partial(cached_card_png, cache_dir=Path(config.config_file_path).parent / CACHE_DIR)
        with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
            drawn = pool.map(draw, [card for _, card in cards.values()])
            for (path, (page, _)), png in zip(cards.items(), drawn):
                write_file(png, os.path.join(config.site_dir, path))
                page.meta["og_image"] = site_url + path if site_url else get_relative_url(path, page.url)
        return env
