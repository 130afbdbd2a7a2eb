"""The typed model every stage shares: parsed sources in, enriched records out, and what a build makes.

One package holds the whole model, in modules by subject: ``sources`` (the parsed sources and the
essay's layout), ``narration`` (timed words, transcripts, the alignment), ``records`` (the essay's
sections, paragraphs and sentences with ids and times), ``claims``, ``ledger`` (with the hedge table
of ``hedges``) and ``edition`` (the enriched edition, its pages and exports).
Everything is importable from here. Model objects carry their source position (``span``) as a field
excluded from equality, so errors can point at the source while tests compare content only.
"""

from __future__ import annotations

from ._base import Span
from .claims import (
    Claim,
    ClaimKind,
    ClaimsModel,
    ClaimSource,
    Entity,
    EntityKind,
    EntityUrl,
    LinkedClaim,
    Mention,
    QuoteCheck,
    SummarySource,
    Support,
    Verdict,
)
from .edition import Edition, EditionModel, LibraryEntry, Page, SearchEntry, nav_of, page_url
from .hedges import HEDGE_PROBABILITY, HEDGES, Hedge, hedge_probability
from .ledger import (
    STANCES,
    STATUSES,
    VERDICTS,
    CalibrationRow,
    Candidate,
    Evidence,
    Horizon,
    Ledger,
    LedgerScores,
    NotPrediction,
    Operationalization,
    PastReview,
    Prediction,
    ResolvedPrediction,
    Stance,
    StanceTally,
    Status,
)
from .narration import (
    Addition,
    Alignment,
    NarrationSpan,
    NarrationTiming,
    ParagraphTiming,
    PodcastChapter,
    SectionTiming,
    Sentence,
    SentenceTiming,
    TimedPodcast,
    TimedPodcastLine,
    TimedWord,
    Token,
    TokenKind,
    TokenText,
    Transcript,
    TranscriptChapter,
    TranscriptParagraph,
    WordDifference,
    WordTiming,
)
from .records import Citation, CitationKind, ParagraphRecord, RetiredKind, RetiredPassage, SectionRecord, SentenceRecord
from .sources import (
    CaptionCue,
    Captions,
    Chapter,
    Comment,
    CommentRule,
    Correction,
    CorrectionScope,
    CorrectionSource,
    CueWord,
    Essay,
    EssayLayout,
    Footnote,
    FootnoteRule,
    KnowledgeNote,
    Paragraph,
    ParagraphKind,
    PodcastLine,
    PodcastTranscript,
    QuoteRule,
    Reference,
    Section,
    SourceLine,
    Summary,
    VideoRule,
)

__all__ = ["Addition", "Alignment", "CalibrationRow", "Candidate", "CaptionCue", "Captions", "Chapter", "Citation", "CitationKind", "Claim", "ClaimKind", "ClaimSource", "ClaimsModel", "Comment", "CommentRule", "Correction", "CorrectionScope", "CorrectionSource", "CueWord", "Edition", "EditionModel", "Entity", "EntityKind", "EntityUrl", "Essay", "EssayLayout", "Evidence", "Footnote", "FootnoteRule", "HEDGES", "HEDGE_PROBABILITY", "Hedge", "Horizon", "KnowledgeNote", "Ledger", "LedgerScores", "LibraryEntry", "LinkedClaim", "Mention", "NarrationSpan", "NarrationTiming", "NotPrediction", "Operationalization", "Page", "Paragraph", "ParagraphKind", "ParagraphRecord", "ParagraphTiming", "PastReview", "PodcastChapter", "PodcastLine", "PodcastTranscript", "Prediction", "QuoteCheck", "QuoteRule", "Reference", "ResolvedPrediction", "RetiredKind", "RetiredPassage", "STANCES", "STATUSES", "SearchEntry", "Section", "SectionRecord", "SectionTiming", "Sentence", "SentenceRecord", "SentenceTiming", "SourceLine", "Span", "Stance", "StanceTally", "Status", "Summary", "SummarySource", "Support", "TimedPodcast", "TimedPodcastLine", "TimedWord", "Token", "TokenKind", "TokenText", "Transcript", "TranscriptChapter", "TranscriptParagraph", "VERDICTS", "Verdict", "VideoRule", "WordDifference", "WordTiming", "hedge_probability", "nav_of", "page_url"]
