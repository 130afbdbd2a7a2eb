"""Give the parsed essay its stable structure: section and paragraph records with ids and urls."""

from __future__ import annotations

from collections import Counter

from rapidfuzz import fuzz, process

from ..model import Essay, ParagraphRecord, SectionRecord, SentenceRecord
from .ids import IdRegistry, assign_ids, slugify
from .sentences import sentence_spans


def essay_records(essay: Essay, registry: IdRegistry, url_prefix: str = "") -> list[SectionRecord]:
    """Return one record per section, with edit-stable ids for sections, paragraphs and sentences.

    Section pages live at ``<prefix>essay/<section-id>/``; paragraph and sentence urls add ``#id``.
    The registry records urls without the prefix, so moving an essay under another prefix leaves
    its committed registry as it is.
    """
    section_ids = assign_ids("sections", [s.title for s in essay.sections], registry, "",
                             ["essay/" for _ in essay.sections], words=6)
    own_urls = [f"essay/{sid}/" for sid in section_ids]
    page_urls = [url_prefix + url for url in own_urls]
    paragraphs = [(i, p) for i, s in enumerate(essay.sections) for p in s.paragraphs]
    were_on = {key: entry.url for key, entry in registry.entries("paragraphs").items()}
    para_ids = assign_ids("paragraphs", [p.text for _, p in paragraphs], registry, "p-",
                          [own_urls[i] for i, _ in paragraphs])
    _follow_renamed_sections(registry, essay, section_ids, were_on, [(pid, own_urls[i]) for pid, (i, _) in
                                                                     zip(para_ids, paragraphs)])
    spans = [sentence_spans(p.text) for _, p in paragraphs]
    sentence_texts = [p.text[a:b] for (_, p), sp in zip(paragraphs, spans) for a, b in sp]
    sentence_urls = [own_urls[i] for (i, _), sp in zip(paragraphs, spans) for _ in sp]
    sentence_ids = iter(assign_ids("sentences", sentence_texts, registry, "s-", sentence_urls))
    records: list[SectionRecord] = []
    para_iter = iter(zip(para_ids, paragraphs, spans))
    for number, (sid, section) in enumerate(zip(section_ids, essay.sections), start=1):
        prs = []
        for _ in section.paragraphs:
            pid, (_, para), sp = next(para_iter)
            sentences = [SentenceRecord(next(sentence_ids), a, b, para.text[a:b]) for a, b in sp]
            prs.append(ParagraphRecord(pid, sid, para, page_urls[number - 1], sentences))
        records.append(SectionRecord(sid, section.title, number, f"{url_prefix}essay/{sid}.md",
                                     page_urls[number - 1], prs))
    return records


def _follow_renamed_sections(registry: IdRegistry, essay: Essay, section_ids: list[str], were_on: dict[str, str | None],
                             now_on: list[tuple[str, str]]) -> None:
    """Give each newly retired section the id of the section most of its paragraphs moved to (a renamed
    heading), else of the section whose title is closest, so its old URL can lead there."""
    current = set(section_ids)
    for key, entry in registry.entries("sections").items():
        if not entry.retired or entry.successor in current:
            continue
        moved = Counter(url for pid, url in now_on if were_on.get(pid) == f"essay/{key}/")
        if moved:
            entry.successor = moved.most_common(1)[0][0].split("/")[1]
            continue
        titles = {sid: s.title for sid, s in zip(section_ids, essay.sections)}
        best = process.extractOne(entry.text, titles, scorer=fuzz.ratio, score_cutoff=50)
        entry.successor = best[2] if best else None


__all__ = ["essay_records", "slugify"]
