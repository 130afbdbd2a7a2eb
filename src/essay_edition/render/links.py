"""Site URLs and the one way to link between pages.

Every page has a docs-relative source path (``essay/what-are-we-scaling.md``) and the site-relative
URL MkDocs gives it with directory URLs (``essay/what-are-we-scaling/``). Pages link to each other
with :func:`link`, which makes a relative href from the linking page's URL, so the site works at a
domain's root, under a sub-path (``https://host/base/``) and from a folder alike.
"""

from __future__ import annotations

import math

from ..model import page_url

__all__ = ["clock", "link", "page_url", "youtube_url"]

_SCHEMES = ("http://", "https://", "mailto:", "data:")


def link(from_url: str, to: str) -> str:
    """Return the href that leads from the page at site URL ``from_url`` to the site URL ``to``.

    ``to`` may carry a ``#fragment``; a target on the same page becomes just ``#fragment``. Absolute
    addresses (``https://…``) and bare fragments are returned as they are. The href climbs to the site
    root (one ``../`` per folder of ``from_url``) and descends to ``to``: valid under any base URL.
    """
    if to.startswith(_SCHEMES) or to.startswith("#"):
        return to
    target, hash_, fragment = to.partition("#")
    if hash_ and target == from_url:
        return "#" + fragment
    return ("../" * from_url.count("/") + to) or "./"


def clock(seconds: float) -> str:
    """Return ``M:SS`` (``H:MM:SS`` from an hour on) for the whole seconds of ``seconds``, rounding down."""
    whole = int(math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def youtube_url(video_id: str, seconds: float) -> str:
    """Return the YouTube watch URL that starts at the floor of ``seconds``."""
    return f"https://www.youtube.com/watch?v={video_id}&t={int(math.floor(seconds))}s"
