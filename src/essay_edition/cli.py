"""Command line: build the site without MkDocs, check it, review it, start a new essay, record sources.

``essay-edition pages --out DIR`` writes every generated page and export of the site to DIR (for
another static site generator, such as Zensical, reading the same ``mkdocs.yml``);
``essay-edition check`` verifies sources and curated data and prints what the build makes;
``essay-edition review`` lists what waits for an editor; ``essay-edition init DIR --essay FILE …``
starts the edition of a new essay from its files;
``essay-edition manifest`` records ``sources/manifest.json`` (a new folder's, or after a deliberate
source update). The essays are read from ``mkdocs.yml``'s ``essay-edition`` plugin options unless
``--sources``/``--data`` name one. Bad input prints one ``file:line: message`` line and exits with 2.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .build import build_model
from .enrich.review import due_entries, review_report
from .errors import SourceError
from .init import config_advice, start_edition
from .inputs import EssayInput, display_path, read_inputs
from .model import page_url
from .site import EXPORT_MARKER, EssayConfig, SiteConfig, build_site
from .sources import MANIFEST, REPEATABLE_ROLES, ROLES, ROLES_HELP, read_manifest, repeated_key, write_manifest


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose Python tags (``!!python/name:…``) name objects we never need."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_config(args: argparse.Namespace) -> SiteConfig:
    """Return the essays to build: ``--sources``/``--data`` when given, else mkdocs.yml's plugin options."""
    root = Path.cwd()
    if args.sources or args.data or not Path(args.config).exists():
        # The sources must be there; a data folder may not be yet (a new edition's curated files are optional).
        if args.sources and not Path(args.sources).is_dir():
            said = "is not a folder" if Path(args.sources).exists() else "no such folder"
            raise SourceError(args.sources, None, f"{said} (given as --sources)")
        return SiteConfig((EssayConfig(Path(args.sources or "sources"), Path(args.data or "data")),), root)
    try:
        config = yaml.load(Path(args.config).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(args.config, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from None
    options: Any = {}
    for plugin in config.get("plugins", []) if isinstance(config, dict) else []:
        if isinstance(plugin, dict) and "essay-edition" in plugin:
            options = plugin["essay-edition"] or {}
    essays = options.get("essays") or [{}] if isinstance(options, dict) else [{}]
    site_url = config.get("site_url") if isinstance(config, dict) else None
    return SiteConfig(tuple(EssayConfig(Path(e.get("sources_dir", "sources")), Path(e.get("data_dir", "data")),
                                        e.get("prefix", "")) for e in essays), root, args.config,
                      site_url if isinstance(site_url, str) else "")


def _pages(args: argparse.Namespace) -> None:
    site = build_site(site_config(args))
    out = Path(args.out)
    files = {**{path: page.markdown.encode("utf-8") for path, page in site.pages.items()}, **site.assets}
    for path, data in sorted(files.items()):
        target = out / path
        if not target.resolve().is_relative_to(out.resolve()):  # build_site checked; a symlinked folder could not
            raise SourceError(str(out), None, f"{path!r} resolves outside the output folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    site.save_registries()
    print(f"wrote {len(site.pages)} pages and {len(site.assets)} exports to {out}")


MKDOCS_ONLY_PLUGINS = ("essay-edition", "essay-edition-cards")
"""The plugins a standalone project leaves out: their work is done by ``project``."""


def _project(args: argparse.Namespace) -> None:
    site = build_site(site_config(args))
    out = Path(args.folder)
    root = Path.cwd()
    if out.exists() and any(out.iterdir()):
        raise SourceError(str(out), None, "already holds files: write the project to a new folder")
    config_text = Path(args.config).read_text(encoding="utf-8")
    config = yaml.load(config_text, Loader=_ConfigLoader) or {}
    docs = root / config.get("docs_dir", "docs")
    shutil.copytree(docs, out / "docs")
    for name in ("overrides",):
        if (root / name).is_dir():
            shutil.copytree(root / name, out / name)
    extra_nav: list[object] = []
    plugins = []
    for plugin in config.get("plugins", []):
        name = next(iter(plugin)) if isinstance(plugin, dict) else plugin
        if name == "essay-edition" and isinstance(plugin, dict):
            extra_nav = list((plugin["essay-edition"] or {}).get("extra_nav", []))
        if name == "mkdocstrings" and isinstance(plugin, dict):  # its source paths, from the new folder
            python = (plugin["mkdocstrings"] or {}).get("handlers", {}).get("python", {})
            python["paths"] = [str((root / p).resolve()) for p in python.get("paths", ["."])]
        if name not in MKDOCS_ONLY_PLUGINS:
            plugins.append(plugin)
    files = {**{path: page.markdown.encode("utf-8") for path, page in site.pages.items()}, **site.assets}
    for path, data in sorted(files.items()):
        target = out / "docs" / path
        if target.exists():
            continue  # a hand-written page of the same path wins, as in the MkDocs build
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for page in (out / "docs").rglob("*.md"):  # the exports table the plugin fills in a MkDocs build
        text = page.read_text(encoding="utf-8")
        if EXPORT_MARKER in text:
            url = page_url(page.relative_to(out / "docs").as_posix())
            page.write_text(text.replace(EXPORT_MARKER, site.exports_table(url)), encoding="utf-8")
    for extension in config.get("markdown_extensions", []):  # paths the config gives relative to itself
        options = extension.get("pymdownx.snippets") if isinstance(extension, dict) else None
        if isinstance(options, dict):
            options["base_path"] = [str(root)]
    config.update({"docs_dir": "docs", "nav": [*site.nav, *extra_nav], "plugins": plugins})
    (out / "mkdocs.yml").write_text("# Written by `essay-edition project`: the edition as a standalone project, for a\n"
                                    "# generator that runs no MkDocs plugins (Zensical reads this file).\n"
                                    + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"wrote a standalone project to {out}: {len(site.pages)} pages, {len(site.assets)} exports, mkdocs.yml")


def _check(args: argparse.Namespace) -> None:
    site = build_site(site_config(args))
    for warning in site.warnings:
        print(f"warning: {warning.one_line()}")
    print(f"ok: {len(site.pages)} pages, {len(site.assets)} exports, {len(site.search_entries)} passages")


def _manifest(args: argparse.Namespace) -> None:
    directory = Path(args.sources or "sources")
    display = args.sources or "sources"
    named = {}
    for item in args.role or []:
        role, sep, name = item.partition("=")
        if not sep or not name:
            raise SourceError(f"{display}/{MANIFEST}", None, f"--role {item!r}: expected ROLE=FILE, e.g. essay=essay.txt")
        named[role] = name
    if (directory / MANIFEST).exists():  # re-record it, with any --role added or replaced
        current = read_manifest(directory, display)
        files = {role: str(entry["file"]) for role, entry in current.items()} | named
        origins = {role: str(entry.get("origin", "")) for role, entry in current.items() if role not in named}
    else:
        files = named
        if "essay" not in files:
            raise SourceError(f"{display}/{MANIFEST}", None, "no manifest yet: name the files, e.g. "
                              "--role essay=essay.txt --role captions=captions.vtt (roles: " + ", ".join(ROLES) + ")")
        origins = {}
    print(f"recorded {write_manifest(directory, files, origins, display)}")


def _review(args: argparse.Namespace) -> None:
    today = date.fromisoformat(args.today) if args.today else date.today()
    config = site_config(args)
    for number, essay in enumerate(config.essays):
        inputs = read_inputs(EssayInput(config.root / essay.sources_dir, config.root / essay.data_dir, essay.prefix,
                                        display_root=config.root))
        model = build_model(inputs, essay.prefix)
        if len(config.essays) > 1:
            print(f"{chr(10) if number else ''}== {model.essay.title} ({essay.prefix or 'at the root'})")
        path = inputs.curated["predictions"][1]
        due, past = due_entries([r.prediction for r in model.ledger.predictions], today, args.days)
        print(review_report(due, past, model.ledger.unreviewed, today, args.days, path), end="")
        if model.ledger.unreviewed:
            print(f"  (file each in {path} as a forecast, or in {inputs.curated['not_predictions'][1]} with the "
                  "reason it is not one)")
        claims = model.claims.warnings if model.claims else []
        print(f"\nSummary statements to check ({len(claims)}):")
        print("\n".join(f"  {w.one_line()}" for w in claims) or "  none")
        print(f"\nSuspected caption errors ({len(model.suggestions)}):")
        print("\n".join(f"  {w.one_line()}" for w in model.suggestions) or "  none")
        if model.suggestions:
            print(f"  (add the real errors to {inputs.curated['asr_corrections'][1]}; the others are the narrator's "
                  "own wording)")


def _init(args: argparse.Namespace) -> None:
    folder = Path(args.folder)
    sources = {role: Path(getattr(args, role)) for role in ("essay", "captions", "video", "podcast") if getattr(args, role)}
    for role in REPEATABLE_ROLES:  # the first is keyed by its role, the others by their file names
        for file in getattr(args, role) or []:
            sources[repeated_key(role, file, set(sources))] = Path(file)
    report = start_edition(folder, sources, display_root=Path.cwd())
    advice = config_advice(Path(args.config), folder)
    shown = display_path(folder, Path.cwd())
    narrated = (f"the narration times {report.timed} of them" if report.captions else
                "no narration given, so no times")
    print(f"Started the edition of {sources['essay'].name} in {shown}/: {_count(report.paragraphs, 'paragraph')} in "
          f"{_count(report.sections, 'section')}; {narrated}.")
    for directory in dict.fromkeys(path.parent for path in report.written):
        names = [path.name for path in report.written if path.parent == directory]
        print(f"  wrote {display_path(directory, Path.cwd())}/: {', '.join(names)}")
    if report.guesses:
        print(f"Guessed from the text (check them in {report.layout_path}):")
        print("\n".join(f"  {g}" for g in report.guesses))
    waiting = [_count(report.forecasts, "sentence") + " that may be forecasts"]
    if report.statements is not None:
        waiting.append(_count(report.statements, "summary statement") + " to check")
    if report.captions:
        waiting.append(_count(report.suggestions, "suspected caption error"))
    print(f"Waiting for review (they do not fail the build): {', '.join(waiting)}.")
    print(f"\nNext:\n1. Add the essay to {args.config}: {advice.where}:\n")
    print("\n".join(advice.lines))
    where = f"site/{advice.prefix}" if advice.prefix else "site/, at its root"
    print(f"\n2. Build the site:  mkdocs build --strict   (the essay's pages go to {where}; "
          "or preview them: mkdocs serve)")
    print(f"3. See what waits for review:  python -m essay_edition review   (also the page {advice.prefix}review/ "
          "of the site, kept out of its navigation)")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], None]]] = {
    "pages": ("write every generated page and export to a folder", _pages),
    "check": ("verify the inputs and report what the build makes", _check),
    "manifest": ("record sources/manifest.json (a new folder's, or after a deliberate source update)", _manifest),
    "project": ("write the site as a standalone project (docs and mkdocs.yml with its nav) for another generator",
                _project),
    "review": ("list what waits for an editor: forecasts due or unreviewed, claims, suspected caption errors",
               _review),
    "init": ("start the edition of a new essay in a folder from its files", _init),
}


def _excerpt(err: SourceError) -> str:
    try:
        return err.excerpt(Path(err.path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="essay-edition", description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="mkdocs.yml", help="the MkDocs config naming the essays (default: mkdocs.yml)")
    parser.add_argument("--sources", help="one essay's sources folder (instead of the config's essays)")
    parser.add_argument("--data", help="one essay's curated data folder (instead of the config's essays)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (text, run) in COMMANDS.items():
        # The description is the command's line in the list, a sentence: `essay-edition check --help` says what it does.
        command = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        command.set_defaults(run=run)
        if name == "pages":
            command.add_argument("--out", required=True, metavar="FOLDER",
                                 help="the folder to write the pages and exports into (made if missing)")
        if name == "project":
            command.add_argument("folder", help="a new folder for the project")
        if name == "manifest":
            command.description = ("Record the sources folder's manifest.json: the SHA-256 of every source, which "
                                   "each build checks. With --role, add a file already copied into the folder "
                                   "(or, for a new folder, name them all).")
            command.epilog = (ROLES_HELP[0].upper() + ROLES_HELP[1:] + ". Example, adding a second summary to an "
                              "edition: cp digest.md essays/x/sources/ && essay-edition --sources essays/x/sources "
                              "--data essays/x/data manifest --role summary-digest=digest.md")
            command.add_argument("--role", action="append", metavar="ROLE=FILE",
                                 help="which file in the folder is which source (repeat); added to, or replacing "
                                      "the role in, an existing manifest")
        if name == "review":
            command.add_argument("--days", type=int, default=30, help="list entries due within this many days")
            command.add_argument("--today", help="the date to review as of (YYYY-MM-DD; default: today)")
        if name == "init":
            command.description = ("Copy an essay and any of its narration's files into FOLDER/sources, draft the "
                                   "curated data in FOLDER/data, and print the mkdocs.yml lines that add it to the site.")
            command.epilog = ('example: essay-edition init essays/my-essay --essay my-essay.txt '
                              '--captions "My essay [abcdefghijk].en.vtt" --info "My essay [abcdefghijk].info.json"')
            command.add_argument("folder", metavar="FOLDER", help="the new essay's folder (sources/ and data/ go in it)")
            command.add_argument("--essay", required=True, metavar="FILE",
                                 help="the essay: plain text (.txt) or Markdown (.md)")
            command.add_argument("--captions", metavar="FILE",
                                 help="the narration's captions: WebVTT, SRT, YouTube json3 or the text dump")
            command.add_argument("--info", dest="video", metavar="FILE",
                                 help="yt-dlp's .info.json of the narration video")
            command.add_argument("--podcast", metavar="FILE", help="a podcast transcript of the same narration")
            command.add_argument("--summary", metavar="FILE", nargs="+", action="extend",
                                 help="one or more summaries of the essay (TL;DR with front matter); the first is "
                                      "keyed summary, the others summary-<file name>")
            command.add_argument("--note", metavar="FILE", nargs="+", action="extend",
                                 help="one or more knowledge-base notes about the essay (keyed as --summary's)")
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except SourceError as err:
        print(err.one_line(), file=sys.stderr)
        if args.command == "check":  # the diagnostic command also shows the line, with a caret at the column
            excerpt = _excerpt(err)
            if excerpt:
                print(excerpt, file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader closed the pipe (`review | head`): stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
