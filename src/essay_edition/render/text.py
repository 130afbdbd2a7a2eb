"""Escaping source text for the two contexts pages use: raw HTML blocks and inline Markdown.

Source text is data. Paragraphs are emitted as raw HTML blocks with every character escaped, so
Markdown, attribute lists and Jinja-like braces inside them stay text; the few places that must be
Markdown (headings, so MkDocs builds the table of contents and search entries) escape every
character Markdown or its extensions could read as syntax.
"""

from __future__ import annotations

import re

from markupsafe import escape

# Every ASCII punctuation character becomes a numeric character reference: Markdown and its
# extensions (attr_list, pymdownx, footnotes) never read an entity as syntax, whichever are enabled,
# whereas backslash escapes only cover the characters each extension registers.
_MD_SPECIAL = re.compile(r"[!-/:-@\[-`{-~]")


def html_text(text: str) -> str:
    """Return ``text`` escaped for HTML element content and attribute values.

    MarkupSafe's escape, the one the page templates autoescape with, so every escaped character
    reads the same whichever layer wrote it.
    """
    return str(escape(text))


def md_inline(text: str) -> str:
    """Return ``text`` escaped so Markdown renders it literally (for headings and link text)."""
    escaped = _MD_SPECIAL.sub(lambda m: f"&#{ord(m[0])};", text)
    return " ".join(escaped.split())
