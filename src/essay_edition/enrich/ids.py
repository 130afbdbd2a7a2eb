"""Edit-stable, content-derived ids for sections, paragraphs and sentences.

A new passage gets a readable slug of its opening words (``p-im-confused-why-some-people``). The
committed registry (``data/ids.json``) remembers the text each id last named, so a rebuild reuses
ids: first for passages whose text is unchanged, then for passages close enough to a remembered
one (rapidfuzz similarity; a fixed typo, a changed word or a moved paragraph keeps its id). A
remembered id whose passage is gone is kept as *retired*, with its last text, so shared links to it
can still resolve to a note saying where the text went. Ids are never reused for other text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..errors import SourceError
from ..normalize import bare_words, slug
from .overlap import OverlapIndex

# Similarity (0-100, rapidfuzz ratio on normalised text) above which a changed passage keeps its id.
# A one-word change in a 10-word sentence scores ~90; unrelated sentences score < 50.
KEEP_THRESHOLD = 75.0
# A split passage keeps its id on the part that holds most of its words: a part is a new text whose
# words are at least PART_OF_OLD old words and which holds at least PART_SHARE of the old text, and a
# split has two parts or more.
PART_OF_OLD = 0.8
PART_SHARE = 0.3
SLUG_WORDS = 5


@dataclass
class RegistryEntry:
    """What the registry remembers about one id: the text it last named and whether it is retired."""

    text: str
    url: str | None = None  # the page url it was last on (for a retired id: where links to it point)
    retired: bool = False
    successor: str | None = None  # for a retired section: the id of the section its passages went to


@dataclass
class IdRegistry:
    """Remembered ids per kind (``sections``, ``paragraphs``, ``sentences``)."""

    kinds: dict[str, dict[str, RegistryEntry]] = field(default_factory=dict)

    def entries(self, kind: str) -> dict[str, RegistryEntry]:
        """Return the mutable mapping of ids to entries for one kind."""
        return self.kinds.setdefault(kind, {})

    def to_json(self) -> dict[str, dict[str, dict[str, object]]]:
        """Return the registry as a JSON-ready dict with sorted keys (stable diffs)."""
        out: dict[str, dict[str, dict[str, object]]] = {}
        for kind in sorted(self.kinds):
            out[kind] = {}
            for key in sorted(self.kinds[kind]):
                entry = self.kinds[kind][key]
                item: dict[str, object] = {"text": entry.text}
                if entry.url:
                    item["url"] = entry.url
                if entry.retired:
                    item["retired"] = True
                if entry.successor:
                    item["successor"] = entry.successor
                out[kind][key] = item
        return out

    @classmethod
    def from_json(cls, data: object, path: str = "data/ids.json", text: str = "") -> IdRegistry:
        """Return the registry read from its JSON form; raise SourceError (with the line, found in
        ``text``) at the first kind, id, url or text that breaks the registry's grammar."""
        reg = cls()
        if not isinstance(data, dict):
            raise SourceError(path, 1, "the id registry must be a JSON object of kinds")
        for kind, entries in data.items():
            if kind not in KINDS or not isinstance(entries, dict):
                raise SourceError(path, _line_of(text, kind), f"unknown kind {str(kind)[:40]!r}: the kinds are "
                                                              f"{', '.join(KINDS)}, each an object of ids")
            for key, item in entries.items():
                problem = _entry_problem(kind, key, item)
                if problem:
                    raise SourceError(path, _line_of(text, key), f"{kind} id {str(key)[:60]!r}: {problem}")
                url = item.get("url")
                reg.entries(kind)[key] = RegistryEntry(item["text"], url or None, bool(item.get("retired", False)),
                                                       item.get("successor"))
        return reg


KINDS = ("sections", "paragraphs", "sentences")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Every id that reaches a page (an element id, a fragment, a folder name): lowercase ASCII words and hyphens."""
ID_MAX = 80
URL_PATTERN = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+$")
"""A registry url: a site-relative folder path such as ``essay/what-are-we-scaling/``; never ``..``."""
TEXT_MAX = 100_000


def valid_id(value: object) -> bool:
    """Return whether ``value`` is an id pages may carry: the grammar of :data:`ID_PATTERN`, at most ID_MAX long."""
    return isinstance(value, str) and len(value) <= ID_MAX and ID_PATTERN.match(value) is not None


def _entry_problem(kind: str, key: object, item: object) -> str | None:
    """What is wrong with one registry entry, or None."""
    if not valid_id(key):
        return f"ids are lowercase letters, digits and single hyphens, at most {ID_MAX} characters"
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return "each id maps to an object with its 'text'"
    if len(item["text"]) > TEXT_MAX:
        return f"its text is longer than {TEXT_MAX} characters"
    url = item.get("url")
    if url is not None and (not isinstance(url, str) or not URL_PATTERN.match(url) or len(url) > 200):
        return f"url {str(url)[:60]!r} is not a site folder path such as 'essay/section-id/'"
    if not isinstance(item.get("retired", False), bool):
        return "'retired' must be true or false"
    if item.get("successor") is not None and not valid_id(item["successor"]):
        return f"successor {str(item['successor'])[:60]!r} is not an id"
    extra = set(item) - {"text", "url", "retired", "successor"}
    if extra:
        return f"unknown field {sorted(extra)[0]!r}"
    return None


def _line_of(text: str, key: object) -> int | None:
    """The line of the first occurrence of ``"key"`` in the registry's JSON text, if it is there."""
    at = text.find(json.dumps(key, ensure_ascii=False)) if isinstance(key, str) and text else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def slugify(text: str, words: int = SLUG_WORDS) -> str:
    """Return a lowercase ASCII slug of the first ``words`` words of ``text``."""
    return slug(text, words)


def assign_ids(kind: str, texts: Sequence[str], registry: IdRegistry, prefix: str,
               urls: Sequence[str] | None = None, words: int = SLUG_WORDS) -> list[str]:
    """Return one id per text, reusing registry ids for equal or similar texts; update the registry.

    Matching is global (not positional), so moved passages keep their ids. Registry entries left
    unmatched are marked retired, never deleted.
    """
    entries = registry.entries(kind)
    ids: list[str | None] = [None] * len(texts)
    free = {key for key, entry in entries.items() if not entry.retired}
    by_text: dict[str, list[str]] = {}
    for key in sorted(free):
        by_text.setdefault(entries[key].text, []).append(key)
    for i, text in enumerate(texts):
        keys = by_text.get(text)
        if keys:
            ids[i] = keys.pop(0)
            free.discard(ids[i])
    ids = _match_similar(texts, ids, entries, free | _retired(entries))
    taken = set(entries)
    for i, text in enumerate(texts):
        if ids[i] is None:
            ids[i] = _fresh_id(prefix + slugify(text, words), taken)
            taken.add(ids[i])
    final = [str(i) for i in ids]
    used = set(final)
    for key, entry in entries.items():
        if key not in used:
            entry.retired = True
    for n, (key, text) in enumerate(zip(final, texts)):
        entries[key] = RegistryEntry(text, urls[n] if urls else None)  # a current id has no successor
    return final


def _retired(entries: dict[str, RegistryEntry]) -> set[str]:
    return {key for key, entry in entries.items() if entry.retired}


def _match_similar(texts: Sequence[str], ids: list[str | None], entries: dict[str, RegistryEntry],
                   candidates: set[str]) -> list[str | None]:
    """Give unmatched texts the id of the most similar unmatched entry, best pairs first; then give an
    entry whose text was split the part that holds most of its words.

    Only entries sharing words with a text are compared (an inverted index), so the cost follows the
    edits, not the square of the essay's length.
    """
    open_texts = [i for i, found in enumerate(ids) if found is None]
    if not open_texts or not candidates:
        return ids
    index = OverlapIndex([texts[i] for i in open_texts])
    pairs: list[tuple[float, int, str]] = []
    parts: list[tuple[int, int, str]] = []
    for key in sorted(candidates):
        old = entries[key].text
        norm = bare_words(old)
        for found in index.overlaps(old):
            i = open_texts[found.index]
            score = fuzz.ratio(bare_words(texts[i]), norm, score_cutoff=KEEP_THRESHOLD)
            if score:
                pairs.append((score, i, key))
            elif found.of_new >= PART_OF_OLD and found.of_old >= PART_SHARE:
                parts.append((found.shared, i, key))  # most of this text is old text: a part of a split
    used_keys: set[str] = set()
    for _, i, key in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if ids[i] is None and key not in used_keys:
            ids[i] = key
            used_keys.add(key)
    split = Counter(key for _, i, key in parts if ids[i] is None)
    for _, i, key in sorted(parts, key=lambda p: (-p[0], p[1], p[2])):
        # A text split in two or more: the id goes to the part holding most of the old words. (A text
        # merely shortened is retired, and its note says so.)
        if ids[i] is None and key not in used_keys and split[key] >= 2:
            ids[i] = key
            used_keys.add(key)
    return ids


def _fresh_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
