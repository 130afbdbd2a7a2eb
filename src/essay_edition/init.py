"""Start the edition of a new essay from the files a user has: ``essay-edition init DIR --essay FILE …``.

:func:`start_edition` copies the sources byte for byte into ``DIR/sources`` with their manifest,
drafts every curated file of ``DIR/data`` from the text (a layout with its guesses listed, an empty
ledger, empty corrections and entity lists), builds the essay once to record its ids, and reports
what the review queue holds. Nothing in ``DIR`` is overwritten: a folder that already has sources
or data is refused, so an editor's work is never lost.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .build import build_model, write_registry
from .errors import SourceError
from .inputs import EssayInput, read_inputs
from .model import Edition
from .parse.essay_formats import looks_like_markdown
from .parse.essay_layout_draft import draft_layout
from .sources import MANIFEST, write_manifest

_VIDEO_ID_IN_NAME = re.compile(r"\[([A-Za-z0-9_-]{11})\]")  # yt-dlp names files "Title [id].en.vtt"
_EMPTY_FILES = {
    "predictions.yaml": ("# The predictions ledger: one entry per forecast the essay makes, endorses or disputes.\n"
                         "# See `essay-edition review` for the sentences waiting to be reviewed.\n"
                         "predictions: []\n"),
    "not_predictions.yaml": "# Sentences that read like forecasts but are not, each with the reason.\nnot_predictions: []\n",
    "asr_corrections.yaml": ("# Words the captions (or the podcast transcript) got wrong: wrong, right, source.\n"
                             "# `essay-edition review` lists the ones the build suspects.\ncorrections: []\n"),
    "claim_links.yaml": "# Curated verdicts for the summaries' statements.\nclaims: []\n",
    "people.yaml": "# People and works the essay names.\npeople: []\nworks: []\n",
    "glossary.yaml": "# Terms the essay uses, with a one-line definition.\nterms: []\n",
    "tags.yaml": "# Topic tags and the phrases that mark a paragraph with them.\ntags: {}\n",
}


@dataclass
class InitReport:
    """What :func:`start_edition` wrote and found: files, layout guesses and the review queue's size."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    review: int = 0
    suggestions: int = 0
    pages: int = 0
    video_id: str | None = None


def start_edition(folder: Path, sources: dict[str, Path], display_root: Path | None = None) -> InitReport:
    """Copy ``sources`` (role → file) into ``folder``, draft its curated data and build it once; return the report."""
    src_dir, data_dir = folder / "sources", folder / "data"
    for directory in (src_dir, data_dir):
        if directory.exists() and any(directory.iterdir()):
            raise SourceError(str(directory), None, "already holds files: init never overwrites an edition; "
                                                    "choose a new folder")
    if "essay" not in sources:
        raise SourceError("--essay", None, "the essay file is required")
    names = {role: _copy(path, src_dir) for role, path in sources.items()}
    report = InitReport(folder)
    report.written.append(write_manifest(src_dir, names, {r: p.name for r, p in sources.items()}, str(src_dir)))
    report.written.extend(src_dir / name for name in names.values())
    essay_text = (src_dir / names["essay"]).read_text(encoding="utf-8")
    layout: dict[str, object] = {}
    if not looks_like_markdown(essay_text, names["essay"]):
        layout, report.guesses = draft_layout(essay_text, names["essay"])
    report.video_id = _video_id(sources)
    if report.video_id and "video" not in sources:
        layout["video"] = {"id": report.video_id}
    layout["review"] = "queue"
    data_dir.mkdir(parents=True, exist_ok=True)
    report.written.append(_write(data_dir / "essay_layout.yaml", _layout_text(layout, report.guesses)))
    for name, text in _EMPTY_FILES.items():
        report.written.append(_write(data_dir / name, text))
    inputs = read_inputs(EssayInput(src_dir, data_dir, display_root=display_root))
    model = build_model(inputs)
    write_registry(Edition(registry=inputs.registry.to_json(), registry_path=inputs.registry_path))
    report.written.append(inputs.registry_path)
    report.review, report.suggestions = len(model.review), len(model.suggestions)
    report.pages = sum(len(s.paragraphs) for s in model.sections)
    return report


def _copy(path: Path, directory: Path) -> str:
    """Copy one source file byte for byte into ``directory``; return its name there."""
    if not path.is_file():
        raise SourceError(str(path), None, "no such file")
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / path.name
    if path.name == MANIFEST or target.exists():
        raise SourceError(str(path), None, f"a source named {path.name!r} is already in {directory}: rename one")
    shutil.copyfile(path, target)
    return path.name


def _video_id(sources: dict[str, Path]) -> str | None:
    """The video id yt-dlp put in the captions' file name, when there is no .info.json to say it."""
    if "captions" not in sources or "video" in sources:
        return None
    match = _VIDEO_ID_IN_NAME.search(sources["captions"].name)
    return match[1] if match else None


def _layout_text(layout: dict[str, object], guesses: list[str]) -> str:
    head = ["# Drafted by `essay-edition init`: check each guess below, then edit freely.",
            "# The build checks every entry against the essay text.", "#"]
    head += [f"#   {g}" for g in guesses] or ["#   (a Markdown essay: its front matter gives the layout)"]
    head.append("# `review: queue` lists unreviewed forecasts on the review page; `required` fails --strict on them.")
    body = yaml.safe_dump(layout, allow_unicode=True, sort_keys=False, width=100) if layout else "{}\n"
    return "\n".join(head) + "\n" + body


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
