"""Text held compressed: what a many-essay build keeps of each page until the page's writer reads it.

A site of many essays holds every generated page's Markdown from the pipeline until MkDocs converts
the page, and every page's HTML from its conversion until the page is written. Python holds text
with a curly quote or a dash in it at two bytes a character; compressed (zlib, from the standard
library), a page's Markdown or HTML takes a tenth of that or less.
"""

from __future__ import annotations

import zlib

__all__ = ["pack", "unpack"]


def pack(text: str) -> bytes:
    """Return ``text`` compressed (UTF-8, zlib); surrogates, which no valid text has, pass through."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"))


def unpack(packed: bytes) -> str:
    """Return the text that :func:`pack` compressed."""
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")
