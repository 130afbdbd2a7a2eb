"""Give the parsed essay its stable structure: section and paragraph records with ids and urls."""

from __future__ import annotations

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
    para_ids = assign_ids("paragraphs", [p.text for _, p in paragraphs], registry, "p-",
                          [own_urls[i] for i, _ in paragraphs])
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


__all__ = ["essay_records", "slugify"]
