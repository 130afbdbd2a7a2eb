"""Start the edition of a new essay from the files a user has: ``essay-edition init DIR --essay FILE …``.

:func:`start_edition` copies the sources byte for byte into ``DIR/sources`` with their manifest,
drafts every curated file of ``DIR/data`` from the text (a layout with its guesses listed, an empty
ledger, empty corrections and entity lists), builds the essay once to record its ids, and reports
what the review queue holds. Nothing in ``DIR`` is overwritten: a folder that already has sources
or data is refused, so an editor's work is never lost.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .build import build_model, write_registry
from .errors import SourceError
from .inputs import EssayInput, display_path, read_inputs
from .model import Edition
from .normalize import slug
from .parse.essay_formats import looks_like_markdown
from .parse.essay_layout_draft import draft_layout
from .parse.video_info import parse_video_info
from .site import RESERVED_PREFIXES
from .sources import MANIFEST, clean_text, role_of, write_manifest

_VIDEO_ID_IN_NAME = re.compile(r"\[([A-Za-z0-9_-]{11})\]")  # yt-dlp names files "Title [id].en.vtt"
_UNKNOWN = {"author": "add who wrote the essay", "source_url": "add the essay's own address"}
_EMPTY_FILES = {
    "predictions.yaml": (
        "# The predictions ledger: one entry per forecast the essay makes, endorses or disputes.\n"
        "# `python -m essay_edition review` lists the sentences waiting to be filed here or in not_predictions.yaml.\n"
        "# An entry's fields are described at the top of this repository's data/predictions.yaml (45 worked\n"
        "# entries) and on the site's Data exports page; each `quote` must be verbatim from one paragraph.\n"
        "predictions: []\n"),
    "not_predictions.yaml": (
        "# Sentences that read like forecasts but are not, each with the reason, e.g.:\n"
        "#   - sentence: \"the sentence, or a distinctive part of it, verbatim\"\n"
        "#     reason: \"A judgement of the forecast before it, not a forecast of its own.\"\n"
        "not_predictions: []\n"),
    "asr_corrections.yaml": (
        "# Words the captions (or the podcast transcript) got wrong, e.g.:\n"
        "#   - wrong: \"the words as the captions have them\"\n"
        "#     right: \"what was said\"\n"
        "#     source: captions      # or podcast\n"
        "# `python -m essay_edition review` lists the ones the build suspects; the narrator's own wording stays.\n"
        "corrections: []\n"),
    "claim_links.yaml": ("# Curated verdicts for the summaries' statements: each entry has claim, verdict, note and\n"
                         "# optionally paragraphs and source (a key of sources/manifest.json: summary, note,\n"
                         "# summary-<name>, ...).\nclaims: []\n"),
    "people.yaml": "# People and works the essay names.\npeople: []\nworks: []\n",
    "glossary.yaml": "# Terms the essay uses, with a one-line definition.\nterms: []\n",
    "tags.yaml": "# Topic tags (the knowledge note's) and the essay phrases that mark a paragraph with them.\ntags: {}\n",
}


@dataclass
class InitReport:
    """What :func:`start_edition` wrote and found: files, layout guesses and the review queue's size."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    forecasts: int = 0  # forward-looking sentences waiting for review
    statements: int | None = None  # summary statements waiting for review (None: no summary or note)
    suggestions: int = 0
    paragraphs: int = 0
    timed: int = 0  # paragraphs the narration times
    sections: int = 0
    video_id: str | None = None
    layout_path: str = "data/essay_layout.yaml"
    captions: bool = False  # whether the edition has a narration


def start_edition(folder: Path, sources: dict[str, Path], display_root: Path | None = None,
                  today: date | None = None) -> InitReport:
    """Copy ``sources`` (manifest key → file: a role, or ``summary-<name>`` for a further summary) into
    ``folder``, draft its curated data and build it once; return the report.

    Nothing is written until every source file is found; if reading or building the essay then fails,
    whatever init wrote is removed again, so the same command can be re-run once the file is fixed.
    """
    src_dir, data_dir = folder / "sources", folder / "data"
    if "essay" not in sources:
        raise SourceError("--essay", None, "the essay file is required")
    for directory in (src_dir, data_dir):
        if directory.is_dir() and any(directory.iterdir()):
            raise SourceError(str(directory), None, "already holds files: init never overwrites an edition; "
                                                    "choose a new folder (or remove this one)")
    _check_sources(sources)
    created = _missing_dirs(folder) + [d for d in (src_dir, data_dir) if not d.exists()]
    copies = {display_path(src_dir / path.name, display_root): str(path) for path in sources.values()}
    try:
        return _start(folder, sources, display_root, today or date.today())
    except SourceError as err:
        _undo(created, (src_dir, data_dir))
        # The copy is removed again: name the user's own file, whose lines are the copy's lines.
        raise SourceError(copies.get(err.path, err.path), err.line, err.message) from None
    except BaseException:
        _undo(created, (src_dir, data_dir))
        raise


def _start(folder: Path, sources: dict[str, Path], display_root: Path | None, today: date) -> InitReport:
    src_dir, data_dir = folder / "sources", folder / "data"
    names = {role: _copy(path, src_dir) for role, path in sources.items()}
    report = InitReport(folder)
    report.written.append(write_manifest(src_dir, names, {r: p.name for r, p in sources.items()}, str(src_dir)))
    report.written.extend(src_dir / name for name in names.values())
    essay_path = src_dir / names["essay"]
    shown = display_path(essay_path, display_root)
    essay_text = clean_text(essay_path.read_text(encoding="utf-8"), shown)
    layout: dict[str, object] = {}
    report.layout_path = display_path(data_dir / "essay_layout.yaml", display_root)
    if not looks_like_markdown(essay_text, names["essay"]):
        if not essay_text.strip():
            raise SourceError(shown, 1, "the essay file is empty")
        layout, report.guesses = draft_layout(essay_text, shown)
        if not layout.get("published"):
            layout["published"], why = _published_guess(sources, today)
            report.guesses.append(f"published {layout['published']} ({why}: the text gives no date; "
                                  "set the essay's own)")
    report.video_id = _video_id(sources)
    if report.video_id:
        layout["video"] = {"id": report.video_id}
        report.guesses.append(f"video id {report.video_id} (from the captions' file name, as yt-dlp names them)")
    layout["review"] = "queue"
    data_dir.mkdir(parents=True, exist_ok=True)
    report.written.append(_write(data_dir / "essay_layout.yaml", _layout_text(layout, report.guesses)))
    for name, text in _EMPTY_FILES.items():
        report.written.append(_write(data_dir / name, text))
    inputs = read_inputs(EssayInput(src_dir, data_dir, display_root=display_root))
    model = build_model(inputs)
    write_registry(Edition(registry=inputs.registry.to_json(), registry_path=inputs.registry_path))
    report.written.append(inputs.registry_path)
    report.forecasts, report.suggestions = len(model.ledger.unreviewed), len(model.suggestions)
    report.statements = len(model.claims.warnings) if model.claims else None
    report.captions = model.captions is not None
    report.sections = len(model.sections)
    report.paragraphs = sum(len(s.paragraphs) for s in model.sections)
    report.timed = sum(1 for s in model.sections for p in s.paragraphs if p.narration is not None)
    return report


def _check_sources(sources: dict[str, Path]) -> None:
    """Raise SourceError, before anything is written, for a source that is not a file or whose name clashes."""
    seen: dict[str, str] = {}
    for role, path in sources.items():
        if not path.is_file():
            option = "info" if role == "video" else role_of(role) or role
            raise SourceError(str(path), None, f"no such file (given as --{option})")
        if path.name == MANIFEST or path.name in seen:
            raise SourceError(str(path), None, f"two sources would both be named {path.name!r} in sources/: "
                                               "rename one")
        seen[path.name] = role


def _missing_dirs(folder: Path) -> list[Path]:
    """The folder and those of its parents that do not exist yet, outermost first."""
    missing = []
    for directory in (folder, *folder.parents):
        if directory.exists():
            break
        missing.append(directory)
    return missing[::-1]


def _undo(created: list[Path], filled: tuple[Path, ...]) -> None:
    """Remove what a failed init wrote: the folders it made and the files it put in ``filled``."""
    for directory in filled:
        if directory.is_dir() and directory not in created:
            for child in directory.iterdir():
                child.unlink()
    for directory in reversed(created):
        shutil.rmtree(directory, ignore_errors=True)


def _published_guess(sources: dict[str, Path], today: date) -> tuple[str, str]:
    """A date to publish the essay under when its text gives none, and where it comes from."""
    if "video" in sources:
        try:
            info = parse_video_info(sources["video"].read_text(encoding="utf-8"), str(sources["video"]))
        except (SourceError, UnicodeDecodeError):
            info = None  # the build reports a bad .info.json with its line
        if info is not None and info.date:
            return info.date, "the narration's upload date"
    return today.isoformat(), "today"


def _copy(path: Path, directory: Path) -> str:
    """Copy one source file byte for byte into ``directory``; return its name there."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, directory / path.name)
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
    for key, what in _UNKNOWN.items():
        body = body.replace(f"\n{key}: ''\n", f"\n{key}: ''  # not in the text: {what}\n")
    return "\n".join(head) + "\n" + body


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class ConfigAdvice:
    """The lines that add a new essay to the site's MkDocs config, and where they go."""

    lines: tuple[str, ...]  # indented exactly as they go in the file
    where: str  # a sentence saying where to put them
    prefix: str  # the essay's URL prefix in the site
    below_line: int | None = None  # the 1-based line of the config they go right below, when one is known


def config_advice(config: Path, folder: Path) -> ConfigAdvice:
    """Return what to add to ``config`` (mkdocs.yml) so the site builds the essay in ``folder``.

    The config is read as it stands, so the lines fit it: below ``- essay-edition:`` when it lists no
    essays (keeping the essay it builds at the root, if that one's sources exist), at the end of its
    ``essays:`` list when it has one, or a whole ``plugins:`` block when it has no such plugin. An
    essay that will be the site's only one goes at the root (a site of prefixed essays only has its
    library page as home once it has two).
    """
    root = config.parent
    node = _compose(config)
    plugin = _plugin_item(node)
    essays = _option(plugin[1], "essays") if plugin and isinstance(plugin[1], yaml.MappingNode) else None
    listed = essays.value if isinstance(essays, yaml.SequenceNode) else []
    keep_root = plugin is not None and essays is None and _root_essay(root)
    taken = {_scalar(_option(e, "prefix")) or "" for e in listed}
    prefix = _free_prefix(slug(folder.name, 6), taken) if listed or keep_root else ""
    item = _item(os.path.relpath(folder.resolve(), root.resolve()).replace(os.sep, "/"), prefix)
    name = config.as_posix()
    if plugin is None:
        plugins = _option(node, "plugins")
        first = plugins.value[0] if isinstance(plugins, yaml.SequenceNode) and plugins.value else None
        if first is None or plugins.flow_style:
            where = (f"add these lines to {name}, merging them with its `plugins:` list if it has one"
                     if node is not None else f"add these lines to the site's MkDocs config ({name} cannot be read)")
            return ConfigAdvice(("plugins:", "  - essay-edition:", *_essays_block("      ", item, False)), where, prefix)
        dash = " " * (first.start_mark.column - 2)
        below = _key(node, "plugins").start_mark.line + 1
        return ConfigAdvice((f"{dash}- essay-edition:", *_essays_block(dash + "    ", item, False)),
                            f"paste these lines right below line {below} of {name} (`plugins:`)", prefix, below)
    key, options = plugin
    if options is key:  # the plugin is named without options: `- essay-edition`
        below = key.start_mark.line + 1
        dash = " " * (key.start_mark.column - 2)
        return ConfigAdvice((f"{dash}- essay-edition:", *_essays_block(dash + "    ", item, keep_root)),
                            f"replace line {below} of {name} (`- essay-edition`) with these lines", prefix)
    if listed and not essays.flow_style:
        below = listed[-1].end_mark.line + (1 if listed[-1].end_mark.column else 0)
        indent = " " * (listed[0].start_mark.column - 2)
        return ConfigAdvice((f"{indent}- {item}",), f"add this line at the end of the `essays:` list, right below "
                                                    f"line {below} of {name}", prefix, below)
    block_options = isinstance(options, yaml.MappingNode) and not options.flow_style
    if essays is not None or not (block_options or _scalar(options) is None):
        return ConfigAdvice((f"- {item}",), f"add this item to the essay-edition plugin's `essays:` list in {name} "
                                            f"(line {key.start_mark.line + 1})", prefix)
    column = options.value[0][0].start_mark.column if block_options and options.value else key.start_mark.column + 2
    below = key.start_mark.line + 1
    return ConfigAdvice(tuple(_essays_block(" " * column, item, keep_root)),
                        f"paste these lines right below line {below} of {name} (`- essay-edition:`)", prefix, below)


def _item(folder: str, prefix: str) -> str:
    """The essays-list entry of the essay in ``folder`` (relative to the config), in YAML's flow style."""
    entry = {"sources_dir": f"{folder}/sources", "data_dir": f"{folder}/data"} | ({"prefix": prefix} if prefix else {})
    return yaml.safe_dump(entry, default_flow_style=True, sort_keys=False, width=10_000).strip()


def _compose(config: Path) -> yaml.Node | None:
    """The config's YAML node tree (tags such as ``!!python/name`` need no constructor), or None."""
    try:
        return yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _entry(node: yaml.Node | None, name: str) -> tuple[yaml.Node, yaml.Node] | tuple[None, None]:
    """The (key node, value node) of key ``name`` in a mapping node, or (None, None)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return key, value
    return None, None


def _key(node: yaml.Node | None, name: str) -> yaml.Node | None:
    """The key node ``name`` of a mapping node, or None."""
    return _entry(node, name)[0]


def _option(node: yaml.Node | None, name: str) -> yaml.Node | None:
    """The value of key ``name`` in a mapping node, or None."""
    return _entry(node, name)[1]


def _scalar(node: yaml.Node | None) -> str | None:
    """A scalar node's text; None for anything else and for YAML's null."""
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null" and node.value not in ("", "~", "null"):
        return str(node.value)
    return None


def _plugin_item(node: yaml.Node | None) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    """The essay-edition entry of the config's plugins: its name node and its options node (the name
    node itself when it has no options), or None."""
    plugins = _option(node, "plugins")
    for item in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        if isinstance(item, yaml.ScalarNode) and item.value == "essay-edition":
            return item, item
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "essay-edition":
                    return key, value
    if isinstance(plugins, yaml.MappingNode):  # MkDocs also takes plugins as a mapping of name to options
        for key, value in plugins.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "essay-edition":
                return key, value
    return None


def _essays_block(indent: str, item: str, root_essay: bool) -> list[str]:
    lines = [f"{indent}essays:"]
    if root_essay:
        lines.append(f"{indent}  - {{sources_dir: sources, data_dir: data}}  # the essay the site already has, at its root")
    return [*lines, f"{indent}  - {item}"]


def _root_essay(root: Path) -> bool:
    """Whether the site has an essay at its root today (what the plugin builds when it lists no essays)."""
    return (root / "sources" / MANIFEST).is_file()


def _free_prefix(base: str, taken: set[str]) -> str:
    """The URL prefix ``base/``, numbered when another essay or a folder of the site already has it."""
    prefix, number = f"{base[:50]}/", 1
    while prefix in taken or prefix in RESERVED_PREFIXES:
        number += 1
        prefix = f"{base[:50]}-{number}/"
    return prefix
