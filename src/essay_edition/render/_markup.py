"""Small pieces shared by the generated pages: front matter, links, badges, quotations.

Every piece escapes the text it is given: :func:`html_text` inside raw HTML, :func:`md_inline`
inside Markdown. URLs are percent-encoded so no character can end a Markdown link destination or
an HTML attribute early.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import yaml

from .text import html_text, md_inline

VERDICT_LABELS = {
    "supported": "Supported",
    "partly": "Partly supported",
    "misstated": "Misstated",
    "unsupported": "Unsupported",
    "not-in-essay": "Not in the essay",
}
SOURCE_LABELS = {"summary": "TL;DR summary", "note": "Knowledge note"}
KIND_LABELS = {"key-point": "key point", "key-claim": "key claim", "prose": "sentence of the prose"}
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_URL_SAFE = "/#:?=&%-._~+,;@!$*"


def front_matter(meta: dict[str, str]) -> str:
    """Return a YAML front-matter block (yaml.safe_dump) whose values are HTML-escaped.

    Material's templates print ``page.meta.title`` and ``page.meta.description`` without escaping,
    so the values are stored escaped and must not be escaped again by a template.
    """
    escaped = {key: html_text(value) for key, value in meta.items()}
    body = yaml.safe_dump(escaped, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n\n"


def url(address: str) -> str:
    """Return ``address`` percent-encoded where a character could end a link or attribute."""
    return quote(address, safe=_URL_SAFE)


def md_link(text: str, address: str) -> str:
    """Return a Markdown link with escaped text to the encoded ``address``."""
    return f"[{md_inline(text)}]({url(address)})"


def html_link(text: str, address: str, css: str = "") -> str:
    """Return an HTML ``<a>`` with escaped text to the encoded ``address``."""
    cls = f' class="{html_text(css)}"' if css else ""
    return f'<a href="{html_text(url(address))}"{cls}>{html_text(text)}</a>'


def block_text(text: str) -> str:
    """Return ``text`` escaped for a raw HTML block; newlines become references so no blank line ends it."""
    return html_text(text).replace("\r", "&#13;").replace("\n", "&#10;")


def verdict_badge(verdict: str) -> str:
    """Return the inline HTML badge for a verdict."""
    label = VERDICT_LABELS.get(verdict, verdict)
    return f'<span class="verdict verdict-{html_text(verdict)}">{html_text(label)}</span>'


def youtube_url(video_id: str, seconds: float) -> str:
    """Return the watch URL starting at the whole second at or before ``seconds``."""
    if not _VIDEO_ID.match(video_id):
        raise ValueError(f"not a YouTube video id: {video_id!r}")
    return f"https://www.youtube.com/watch?v={video_id}&t={max(0, math.floor(seconds))}s"


def clock(seconds: float) -> str:
    """Return ``M:SS`` (or ``H:MM:SS``) for a whole number of seconds, rounded down."""
    total = max(0, math.floor(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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
