"""The people & works page, the glossary page, and the mention annotations of essay paragraphs.

Entity anchors are the curated ids (``{#id}`` attribute lists on headings). Mentions become
:class:`~.annotate.Annotation` objects, so they nest inside the essay pages' sentence spans; every
character of the paragraph is escaped, and stripping the tags and unescaping gives the text back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup

from ..model import EditionModel, Entity, Mention, Page
from .annotate import Annotation, annotate
from .front_matter import front_matter
from .links import link
from .templating import render, start_tag
from .text import md_inline

SNIPPET_CHARS = 50  # context shown on each side of a mention
MENTION_RANK = 3  # inside sentence spans (rank 0), outside footnote references (rank 5)
PEOPLE = {"title": "People and works",
          "description": "The people and works the essay names, with every mention linked to its paragraph."}
GLOSSARY = {"title": "Glossary",
            "description": "Short definitions of the terms the essay uses, each linked to where it appears."}


def mention_annotations(mentions: Sequence[Mention], entities: Mapping[str, Entity] | None = None,
                        hrefs: Mapping[str, str] | None = None, rank: int = MENTION_RANK) -> list[Annotation]:
    """Return one annotation per mention: terms in ``<abbr title=definition>``, people and works linked.

    ``entities`` gives the titles (definitions, descriptions); ``hrefs`` maps an entity id to the
    (already relative) URL to link it to — a term with a URL is wrapped in a link around its ``<abbr>``.
    """
    entities, hrefs = entities or {}, hrefs or {}
    return [_annotation(m, entities.get(m.entity_id), hrefs.get(m.entity_id), rank) for m in mentions]


def annotate_paragraph_html(text: str, mentions: Sequence[Mention], entities: Mapping[str, Entity] | None = None,
                            hrefs: Mapping[str, str] | None = None) -> str:
    """Return the paragraph as escaped HTML with each of its (non-overlapping) mentions wrapped."""
    for mention in mentions:
        if not 0 <= mention.start < mention.end <= len(text):
            raise ValueError(f"mention {mention} lies outside the paragraph")
    return annotate(text, mention_annotations(mentions, entities, hrefs))


def _annotation(mention: Mention, entity: Entity | None, href: str | None, rank: int) -> Annotation:
    title = _title(entity) if entity else None
    if mention.kind == "term":
        abbr = start_tag("abbr", class_="term", data_entity=mention.entity_id, title=title)
        if href:
            return Annotation(mention.start, mention.end, start_tag("a", class_="term-link", href=href) + abbr,
                              "</abbr></a>", rank)
        return Annotation(mention.start, mention.end, abbr, "</abbr>", rank)
    css = f"mention mention-{mention.kind}"
    if href:
        return Annotation(mention.start, mention.end,
                          start_tag("a", class_=css, data_entity=mention.entity_id, href=href, title=title), "</a>", rank)
    return Annotation(mention.start, mention.end, start_tag("span", class_=css, data_entity=mention.entity_id,
                                                            title=title), "</span>", rank)


def _title(entity: Entity) -> str:
    return entity.description if entity.kind == "term" else f"{entity.name}: {entity.description}"


def _snippet(text: str, start: int, end: int) -> Markup:
    """Return escaped Markdown showing the mention in bold with some words of context either side."""
    left, right = max(0, start - SNIPPET_CHARS), min(len(text), end + SNIPPET_CHARS)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left) + 1
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    before, after = text[left:start], text[end:right]
    pieces = ["…" if left > 0 else "", md_inline(before), " " if before[-1:].isspace() else "",
              f"**{md_inline(text[start:end])}**", " " if after[:1].isspace() else "", md_inline(after),
              "…" if right < len(text) else ""]
    return Markup("".join(pieces))


def entities_page(m: EditionModel, entities: Sequence[Entity], page_url: str, meta: dict[str, str],
                  groups: Sequence[tuple[str, Sequence[Entity]]] | None) -> str:
    """Return the Markdown source of an entity index: each entity, its references and its mentions."""
    texts = {x.id: x.paragraph.text for s in m.sections for x in s.paragraphs}
    urls = {x.id: x.url for s in m.sections for x in s.paragraphs}
    labels = m.paragraph_labels()
    by_id = {e.id: e for e in entities}
    context = {
        "title": meta["title"], "page_url": page_url, "paragraph_urls": urls, "entities": entities,
        "grouped": groups is not None, "groups": groups or (),
        "by_of": lambda e: by_id.get(e.by) if e.by else None,
        "works_of": lambda e: [w for w in entities if w.by == e.id],
        "mentions_of": lambda e: [x for x in m.mentions if x.entity_id == e.id],
        "forms_of": lambda own: sorted({texts[x.paragraph_id][x.start:x.end] for x in own}),
        "label_of": lambda pid: labels.get(pid, f"¶ {pid}"),
        "snippet": lambda x: _snippet(texts[x.paragraph_id], x.start, x.end),
        "source_label": m.source_label,
    }
    return front_matter(dict(meta)) + render("entities.md", **context)


def people_pages(m: EditionModel) -> Iterable[Page]:
    """Return the people & works page."""
    people = [e for e in m.entities if e.kind != "term"]
    groups = [("People", [e for e in people if e.kind == "person"]), ("Works", [e for e in people if e.kind == "work"])]
    path = f"{m.prefix}people.md"
    yield Page(path, entities_page(m, people, f"{m.prefix}people/", PEOPLE, groups), ("People and works",))


def glossary_pages(m: EditionModel) -> Iterable[Page]:
    """Return the glossary page, terms in alphabetical order."""
    terms = sorted((e for e in m.entities if e.kind == "term"), key=lambda t: t.name.casefold())
    yield Page(f"{m.prefix}glossary.md", entities_page(m, terms, f"{m.prefix}glossary/", GLOSSARY, None),
               ("Glossary",))


__all__ = ["annotate_paragraph_html", "glossary_pages", "link", "mention_annotations", "people_pages"]
