"""This repository's essay enriched once per session, and helpers that read rendered pages as HTML."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import markdown
import yaml
from bs4 import BeautifulSoup

from essay_edition.build import build_model
from essay_edition.inputs import EssayInput, read_inputs
from essay_edition.model import EditionModel

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]  # as mkdocs.yml
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ x }} {#id} [x](javascript:alert(3)) *b* `c`"


@cache
def _model() -> EditionModel:
    return build_model(read_inputs(EssayInput(ROOT / "sources", ROOT / "data", display_root=ROOT)))


def edition_model() -> EditionModel:
    """Return a private copy of this essay's enriched model (tests may change it)."""
    return copy.deepcopy(_model())


def page_soup(source: str) -> tuple[dict, BeautifulSoup]:
    """Return a generated page's front matter and its body rendered to HTML, parsed."""
    assert source.startswith("---\n")
    _, front, body = source.split("---\n", 2)
    return yaml.safe_load(front), BeautifulSoup(markdown.markdown(body, extensions=EXTENSIONS), "html.parser")


def visible(soup: BeautifulSoup) -> str:
    """Return the text a reader sees, whitespace collapsed."""
    return " ".join(soup.get_text(" ").split())


def assert_inert(soup: BeautifulSoup) -> None:
    """Fail when hostile source text became markup: a script, an image, a javascript: link or an id."""
    assert not soup.find_all(["script", "img"])
    assert not any(str(a.get("href", "")).startswith("javascript") for a in soup.find_all("a"))
    assert not soup.find(id="id")
