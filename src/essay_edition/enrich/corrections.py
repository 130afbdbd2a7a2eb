"""Curated ASR corrections (``data/asr_corrections.yaml``): load, verify against the raw sources, apply.

Both transcripts of the narration are machine transcribed, each with its own mistakes. A curated
entry names the words as a transcript has them (``wrong``), what was said (``right``) and the file
it fixes (``source``); ``scope: chapters`` entries fix chapter titles instead of speech.

Matching works on the joined word stream, never per cue or per line: the captions break every two
seconds and the podcast lines break anywhere, so a wrong phrase may straddle a break. A match
compares whole words exactly (case-sensitively) after setting aside punctuation at the phrase's
outer edges, which is kept around the replacement. Applying corrections turns a stream of words
into :class:`~essay_edition.model.Token` records that keep the original words beside the corrected
text, so a page can show the correction with the original on hover. ``[ __ ]``, YouTube's mark for
a bleeped word, becomes a ``bleep`` token.

A correction may also restore punctuation the recogniser left out or misplaced, sentence ends
included (``scaling with pre-trading? We`` → ``scaling? With pre-training, we``). When a sentence
ends inside a correction whose words pair one to one with the source's, :func:`word_tokens` splits
its token word by word, so each sentence keeps its own words.

Guarantees: every entry occurs at least once in the stream it names (:func:`verify_corrections`
raises a SourceError on the entry's line otherwise); applied tokens cover every source word once,
in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, field_validator

from ..curated import line_of, load_yaml_document, validate
from ..errors import SourceError
from ..model import Captions, Correction, CorrectionScope, CorrectionSource, PodcastTranscript, Span, Token

_LEAD = "\"'“‘("
_TRAIL = "\"'”’).,;:!?"
BLEEP_RAW = ("[", "__", "]")
BLEEP_TEXT = "[bleep]"


class CorrectionEntry(BaseModel):
    """One entry of ``data/asr_corrections.yaml`` as the curator writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    wrong: str
    right: str
    source: CorrectionSource
    scope: CorrectionScope = "speech"
    note: str | None = None

    @field_validator("wrong", "right")
    @classmethod
    def _words(cls, value: str) -> str:
        if not value.strip() or value != " ".join(value.split()):
            raise ValueError("must be words separated by single spaces, without outer spaces")
        return value

    @field_validator("wrong")
    @classmethod
    def _no_edge_punctuation(cls, value: str) -> str:
        if value[0] in _LEAD or value[-1] in _TRAIL:
            raise ValueError("must not start or end with punctuation (it is kept around the correction)")
        return value


def load_corrections(text: str, path: str) -> tuple[Correction, ...]:
    """Return the validated corrections of ``data/asr_corrections.yaml``, each with its line."""
    node = load_yaml_document(text, path)
    if not isinstance(node, dict) or not isinstance(node.get("corrections"), list):
        raise SourceError(path, line_of(node, 1), "expected a mapping with a 'corrections' list")
    if set(node) != {"corrections"}:
        raise SourceError(path, line_of(node, 1), f"unexpected keys {sorted(set(node) - {'corrections'})}")
    seen: dict[tuple[str, str, str], int] = {}
    corrections = []
    for entry in node["corrections"]:
        line = line_of(entry, line_of(node["corrections"], 1)) or 1
        if not isinstance(entry, dict):
            raise SourceError(path, line, "each correction must be a mapping with wrong, right and source")
        item = validate(CorrectionEntry, entry, path)
        key = (item.source, item.scope, item.wrong)
        if key in seen:
            raise SourceError(path, line, f"correction {item.wrong!r} for {item.source} repeats line {seen[key]}")
        seen[key] = line
        corrections.append(Correction(item.wrong, item.right, item.source, item.scope, item.note, Span(path, line)))
    return tuple(corrections)


def select(corrections: Iterable[Correction], source: CorrectionSource,
           scope: CorrectionScope = "speech") -> tuple[Correction, ...]:
    """Return the corrections that apply to one source and scope, in file order."""
    return tuple(c for c in corrections if c.source == source and c.scope == scope)


def verify_corrections(corrections: Sequence[Correction], words: Sequence[str], source_path: str) -> None:
    """Raise SourceError on the first entry whose ``wrong`` words never occur in ``words``."""
    starts = word_starts(words)
    for correction in corrections:
        if count_occurrences(correction, words, starts) == 0:
            path = correction.span.path if correction.span else "data/asr_corrections.yaml"
            line = correction.span.line if correction.span else None
            raise SourceError(path, line, f"correction {correction.wrong!r} no longer occurs in {source_path}")


def check_corrections(corrections: Sequence[Correction], captions: Captions,
                      podcast: PodcastTranscript | None) -> None:
    """Raise SourceError on the first entry that no longer occurs in the raw source (and scope) it names,
    or that names a podcast transcript the essay does not have."""
    streams: dict[tuple[CorrectionSource, CorrectionScope], list[str]] = {
        ("captions", "speech"): caption_words(captions),
        ("captions", "chapters"): [w for c in captions.chapters for w in c.title.split()],
    }
    paths = {"captions": _path_of(captions.span, "captions")}
    if podcast is not None:
        streams[("podcast", "speech")] = podcast_words(podcast)
        streams[("podcast", "chapters")] = [w for c in podcast.chapters for w in c.title.split()]
        paths["podcast"] = _path_of(podcast.span, "podcast")
    else:
        stray = next((c for c in corrections if c.source == "podcast"), None)
        if stray is not None:
            raise SourceError(stray.span.path if stray.span else "asr_corrections.yaml",
                              stray.span.line if stray.span else None,
                              f"correction {stray.wrong!r} is for the podcast transcript, which this essay does not have")
    for (source, scope), words in streams.items():
        verify_corrections(select(corrections, source, scope), words, paths[source])


def caption_words(captions: Captions) -> list[str]:
    """Return the captions' word stream: every cue's words, in order."""
    return [word for cue in captions.cues for word in cue.text.split()]


def podcast_words(podcast: PodcastTranscript) -> list[str]:
    """Return the podcast transcript's word stream: every line's words, in order."""
    return [word for line in podcast.lines for word in line.text.split()]


def _path_of(span: Span | None, source: str) -> str:
    return span.path if span else source


def word_starts(words: Sequence[str]) -> dict[str, list[int]]:
    """Map each word of the stream, without leading and then also trailing punctuation, to its positions.

    Built once per stream, it lets :func:`count_occurrences` try only the positions where an entry's
    first word stands, rather than scanning the whole stream once per entry.
    """
    index: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        head = word.lstrip(_LEAD)
        for key in {head, head.rstrip(_TRAIL)}:
            index.setdefault(key, []).append(i)
    return index


def count_occurrences(correction: Correction, words: Sequence[str],
                      starts: dict[str, list[int]] | None = None) -> int:
    """Return how many times the correction's ``wrong`` words occur in the word stream.

    ``starts`` is :func:`word_starts` of ``words``, when the caller checks many entries on one stream.
    """
    index = word_starts(words) if starts is None else starts
    first = correction.wrong.split()[0]
    return sum(_match(correction, words, i) is not None for i in index.get(first, ()))


def apply_corrections(words: Sequence[str], corrections: Sequence[Correction]) -> list[Token]:
    """Return tokens covering every word in order: source words, corrections and bleeps.

    At each word the longest matching correction wins (file order breaks ties); matches never overlap.
    """
    ordered = sorted(corrections, key=lambda c: -len(c.wrong.split()))
    # Index by first word so each position tries only the corrections that can start there
    # (trying all of them at every word was a third of the build's time).
    by_first: dict[str, list[Correction]] = {}
    for c in ordered:
        by_first.setdefault(c.wrong.split()[0], []).append(c)
    tokens: list[Token] = []
    i = 0
    while i < len(words):
        head = words[i].lstrip(_LEAD)
        bare = head.rstrip(_TRAIL)
        tried = by_first.get(head, []) + (by_first.get(bare, []) if bare != head else [])
        token = _bleep(words, i)
        if token is None and tried:  # most words start no correction: skip the sort and the search
            tried.sort(key=lambda c: -len(c.wrong.split()))
            token = next((t for c in tried if (t := _match(c, words, i))), None)
        token = token or Token(words[i], words[i], i)
        tokens.append(token)
        i += token.count
    return tokens


def word_tokens(token: Token) -> list[Token]:
    """Return a correction's token as one token per word when its words pair one to one with the
    source's (same count), else the token itself.

    Lets a sentence boundary that a correction puts between its words (``scaling with pre-trading?
    We`` → ``scaling? With pre-training, we``) fall between tokens; each word keeps its own source
    word, and a word the correction left unchanged becomes a plain word again.
    """
    texts, raws = token.text.split(" "), token.raw.split(" ")
    if token.kind != "fix" or len(texts) == 1 or len(texts) != len(raws):
        return [token]
    return [Token(text, raw, token.first + k, 1, "fix" if text != raw else "word")
            for k, (text, raw) in enumerate(zip(texts, raws))]


def correct_text(text: str, corrections: Sequence[Correction]) -> str:
    """Return ``text`` with the corrections applied (for short texts such as chapter titles)."""
    return " ".join(t.text for t in apply_corrections(text.split(), corrections))


def _match(correction: Correction, words: Sequence[str], i: int) -> Token | None:
    count = len(correction.wrong.split())
    if i + count > len(words):
        return None
    joined = " ".join(words[i:i + count])
    core = joined.lstrip(_LEAD)
    lead = joined[: len(joined) - len(core)]
    core = core.rstrip(_TRAIL)
    trail = joined[len(lead) + len(core):]
    if core != correction.wrong:
        return None
    return Token(lead + correction.right + trail, joined, i, count, "fix")


def _bleep(words: Sequence[str], i: int) -> Token | None:
    if words[i] != BLEEP_RAW[0] or i + 2 >= len(words) or words[i + 1] != BLEEP_RAW[1] or \
            not words[i + 2].startswith("]"):
        return None
    trail = words[i + 2][1:]
    return Token(BLEEP_TEXT + trail, " ".join(words[i:i + 3]), i, 3, "bleep")
