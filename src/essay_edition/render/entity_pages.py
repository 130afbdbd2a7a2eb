"""The people & works page, the glossary page, and paragraph HTML annotated with their mentions.

Pure functions returning strings. Entity anchors are the curated ids (``{#id}`` attribute lists on
headings; ``attr_list`` is enabled in mkdocs.yml). Mentions become :class:`Annotation` objects for
:func:`render.annotate.annotate`, so they nest inside the essay pages' sentence spans; every
character of the paragraph is escaped with :func:`html_text`, and stripping the tags and
unescaping gives the paragraph text back exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Entity, Mention
from ._markup import link
from .annotate import Annotation, annotate
from .essay_pages import front_matter
from .text import html_text, md_inline

SNIPPET_CHARS = 50  # context shown on each side of a mention
MENTION_RANK = 3  # inside sentence spans (rank 0), outside footnote references (rank 5)


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


def people_page(entities: Sequence[Entity], mentions: Sequence[Mention], paragraph_urls: Mapping[str, str],
                paragraph_texts: Mapping[str, str], *, base: str = "../",
                paragraph_labels: Mapping[str, str] | None = None) -> str:
    """Return the Markdown source of the people & works index: each with its mentions and references."""
    meta = {
        "title": "People and works",
        "description": "The people and works the essay names, with every mention linked to its paragraph.",
    }
    parts = [front_matter(dict(meta)), f"# {md_inline(meta['title'])}\n\n"]
    for kind, heading in (("person", "People"), ("work", "Works")):
        items = [e for e in entities if e.kind == kind]
        if items:
            parts.append(f"## {heading}\n\n")
            parts.extend(_entity_section(e, entities, mentions, paragraph_urls, paragraph_texts, base,
                                         paragraph_labels) for e in items)
    return "".join(parts)


def glossary_page(terms: Sequence[Entity], mentions: Sequence[Mention], paragraph_urls: Mapping[str, str],
                  paragraph_texts: Mapping[str, str], *, base: str = "../",
                  paragraph_labels: Mapping[str, str] | None = None) -> str:
    """Return the Markdown source of the glossary: each term, its definition and where the essay uses it."""
    meta = {
        "title": "Glossary",
        "description": "Short definitions of the terms the essay uses, each linked to where it appears.",
    }
    parts = [front_matter(dict(meta)), f"# {md_inline(meta['title'])}\n\n"]
    for term in sorted(terms, key=lambda t: t.name.casefold()):
        parts.append(_entity_section(term, terms, mentions, paragraph_urls, paragraph_texts, base, paragraph_labels))
    return "".join(parts)


def _annotation(mention: Mention, entity: Entity | None, href: str | None, rank: int) -> Annotation:
    title = f' title="{html_text(_title(entity))}"' if entity else ""
    data = f'data-entity="{html_text(mention.entity_id)}"'
    ref = f'href="{html_text(href)}"' if href else ""
    if mention.kind == "term":
        open_tag = f'<abbr class="term" {data}{title}>'
        if href:
            return Annotation(mention.start, mention.end, f'<a class="term-link" {ref}>{open_tag}', "</abbr></a>", rank)
        return Annotation(mention.start, mention.end, open_tag, "</abbr>", rank)
    css = f'class="mention mention-{html_text(mention.kind)}"'
    if href:
        return Annotation(mention.start, mention.end, f"<a {css} {data} {ref}{title}>", "</a>", rank)
    return Annotation(mention.start, mention.end, f"<span {css} {data}{title}>", "</span>", rank)


def _title(entity: Entity) -> str:
    return entity.description if entity.kind == "term" else f"{entity.name}: {entity.description}"


def _entity_section(entity: Entity, entities: Sequence[Entity], mentions: Sequence[Mention],
                    paragraph_urls: Mapping[str, str], paragraph_texts: Mapping[str, str], base: str,
                    labels: Mapping[str, str] | None) -> str:
    level = "###" if entity.kind != "term" else "##"
    parts = [f"{level} {md_inline(entity.name)} {{#{entity.id}}}\n\n", f"{md_inline(entity.description)}\n\n"]
    by = next((e for e in entities if e.id == entity.by), None)
    if by is not None:
        parts.append(f"By {link(by.name, '#' + by.id)}.\n\n")
    works = [e for e in entities if e.by == entity.id]
    if works:
        parts.append("Works: " + ", ".join(link(w.name, "#" + w.id) for w in works) + ".\n\n")
    for ref in entity.urls:
        parts.append(_reference(ref.url, ref.label, ref.source, ref.truncated))
    own = [m for m in mentions if m.entity_id == entity.id]
    if not own:
        parts.append("Not named in the essay's paragraphs.\n\n")
    else:
        forms = sorted({paragraph_texts[m.paragraph_id][m.start:m.end] for m in own})
        parts.append(f"In the essay as {', '.join('“' + md_inline(f) + '”' for f in forms)}; "
                     f"{len(own)} mention{'s' if len(own) != 1 else ''}:\n\n")
        for mention in own:
            label = (labels or {}).get(mention.paragraph_id, f"¶ {mention.paragraph_id}")
            text = paragraph_texts[mention.paragraph_id]
            target = base + paragraph_urls[mention.paragraph_id]
            parts.append(f"- {link(label, target)}: {_snippet(text, mention.start, mention.end)}\n")
        parts.append("\n")
    return "".join(parts)


def _reference(address: str, label: str, source: str, truncated: bool) -> str:
    if truncated:
        # The source cut the address short: show it as text, since as a link it would lead nowhere.
        return (f'<p class="reference">{md_inline(label)}: <code>{html_text(address)}</code> '
                f"(address cut short in {html_text(source)})</p>\n\n")
    return f'<p class="reference">{link(label, address)} (from {html_text(source)})</p>\n\n'


def _snippet(text: str, start: int, end: int) -> str:
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
    return "".join(pieces)
