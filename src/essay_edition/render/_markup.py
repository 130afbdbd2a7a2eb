"""Small pieces shared by the claim and entity pages: labels, links, badges, quotations.

Every piece escapes the text it is given with :func:`html_text`. Links to other pages of the site
are raw HTML ``<a>`` elements with relative URLs, as on the essay pages (MkDocs would report a
Markdown link to a directory URL as unrecognized); URLs are percent-encoded so no character can end
the attribute early.
"""

from __future__ import annotations

from urllib.parse import quote

from .text import html_text, md_inline

VERDICT_LABELS = {
    "supported": "Supported",
    "partly": "Partly supported",
    "misstated": "Misstated",
    "unsupported": "Unsupported",
    "not-in-essay": "Not in the essay",
}
KIND_LABELS = {"key-point": "key point", "key-claim": "key claim", "prose": "sentence of the prose"}
_URL_SAFE = "/#:?=&%-._~+,;@!$*"


def url(address: str) -> str:
    """Return ``address`` percent-encoded where a character could end a link or attribute."""
    return quote(address, safe=_URL_SAFE)


def link(text: str, address: str, css: str = "") -> str:
    """Return an ``<a>`` to the encoded ``address`` whose text is escaped with :func:`md_inline`.

    ``md_inline`` rather than ``html_text``: Markdown still reads inline syntax between inline HTML
    tags, and numeric character references are equally safe inside raw HTML blocks.
    """
    cls = f' class="{html_text(css)}"' if css else ""
    return f'<a href="{html_text(url(address))}"{cls}>{md_inline(text)}</a>'


def block_text(text: str) -> str:
    """Return ``text`` escaped for a raw HTML block; newlines become references so no blank line ends it."""
    return html_text(text).replace("\r", "&#13;").replace("\n", "&#10;")


def verdict_badge(verdict: str) -> str:
    """Return the inline HTML badge for a verdict."""
    label = VERDICT_LABELS.get(verdict, verdict)
    return f'<span class="verdict verdict-{html_text(verdict)}">{html_text(label)}</span>'


def truncate(text: str, limit: int) -> str:
    """Return ``text`` with spaces collapsed, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def opening(text: str, words: int = 8) -> str:
    """Return the first ``words`` words of ``text`` followed by an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
