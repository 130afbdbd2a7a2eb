"""Command line: build the edition without MkDocs, check the inputs, or re-record the sources manifest.

``essay-edition pages --out DIR`` writes the generated Markdown pages and data exports to DIR (for
another static site generator, such as Zensical, reading the same ``mkdocs.yml``);
``essay-edition check`` verifies sources and curated data and prints what the build would make;
``essay-edition manifest`` re-records ``sources/manifest.json`` after a deliberate source update.
Bad input prints one ``file:line: message`` line and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .build import EssayInput, build_edition, write_registry
from .errors import SourceError
from .sources import MANIFEST, write_manifest


def _pages(args: argparse.Namespace, essay: EssayInput) -> None:
    edition = build_edition(essay)
    out = Path(args.out)
    for path, text in sorted(edition.pages.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path, data in sorted(edition.assets.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    write_registry(edition)
    print(f"wrote {len(edition.pages)} pages and {len(edition.assets)} exports to {out}")


def _check(args: argparse.Namespace, essay: EssayInput) -> None:
    edition = build_edition(essay)
    for warning in edition.warnings:
        print(f"warning: {warning.one_line()}")
    print(f"ok: {len(edition.pages)} pages, {len(edition.assets)} exports, {len(edition.search_entries)} passages")


def _manifest(args: argparse.Namespace, essay: EssayInput) -> None:
    directory = essay.sources_dir
    current = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    files = {role: str(entry["file"]) for role, entry in current.items()}
    origins = {role: str(entry.get("origin", "")) for role, entry in current.items()}
    print(f"re-recorded {write_manifest(directory, files, origins)}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="essay-edition", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default="sources", help="the sources folder (default: sources)")
    parser.add_argument("--data", default="data", help="the curated data folder (default: data)")
    sub = parser.add_subparsers(dest="command", required=True)
    pages = sub.add_parser("pages", help="write the generated pages and exports to a folder")
    pages.add_argument("--out", required=True)
    pages.set_defaults(run=_pages)
    sub.add_parser("check", help="verify the inputs and report what the build makes").set_defaults(run=_check)
    sub.add_parser("manifest", help="re-record sources/manifest.json").set_defaults(run=_manifest)
    args = parser.parse_args(argv)
    essay = EssayInput(Path(args.sources), Path(args.data), display_root=Path.cwd())
    try:
        args.run(args, essay)
    except SourceError as err:
        print(err.one_line(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
