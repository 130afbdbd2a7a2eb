"""Per-passage search entries: one entry per essay paragraph (and claim) that links to its anchor.

Material's search indexes one entry per page heading, so a hit on a paragraph would land on its
section. After MkDocs has written ``search/search_index.json`` we add one entry per passage, whose
``location`` ends in the passage id, and drop the passage text from the heading entry it came from,
so the passage entry is the one that matches. Entries are written in a deterministic order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..model import SearchEntry
from .text import html_text

__all__ = ["SearchEntry", "add_passage_entries"]


def add_passage_entries(site_dir: Path, groups: Sequence[Sequence[SearchEntry]]) -> int:
    """Rewrite the search index with the passage entries added; return how many were added."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return 0
    index = json.loads(path.read_text(encoding="utf-8"))
    entries = [e for group in groups for e in group]
    pages = {e.location.split("#", 1)[0] for e in entries}
    docs: list[dict[str, object]] = []
    for doc in index.get("docs", []):
        location = str(doc.get("location", ""))
        docs.append(doc)
        if location in pages:
            # The page's own entry: keep its title, replace the body with the passage entries.
            doc["text"] = ""
            docs.extend(
                {"location": e.location, "title": html_text(e.title), "text": html_text(e.text)}
                for e in entries if e.location.split("#", 1)[0] == location
            )
    index["docs"] = docs
    path.write_text(json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    return len(entries)
