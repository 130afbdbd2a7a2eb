"""The one error type for bad input, and the warning type for recoverable data problems.

Every parser and loader raises :class:`SourceError` with the file, the 1-based line (and column,
where it helps) and a message; the MkDocs hook and the CLI print it as a single
``file:line:col: message`` line and abort.
"""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(ValueError):
    """Bad input: a source or curated data file that cannot be used as it stands."""

    def __init__(self, path: str, line: int | None, message: str, *, column: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.column = column if line is not None else None
        self.message = message
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled by value, so an error raised in a worker process (build_editions) arrives whole.
        return (_rebuild, (self.path, self.line, self.message, self.column))

    def one_line(self) -> str:
        """Return the error as ``path:line:col: message`` (``path:line:`` without a column,
        ``path:`` when no line applies)."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        message = " ".join(self.message.split())
        return f"{where}: {message}"

    def excerpt(self, text: str) -> str:
        """Return the offending line of ``text`` (the file's content) with a caret under the column,
        as two lines, or "" when the error has no line (for a diagnostic command, under the one line)."""
        lines = text.split("\n")
        if self.line is None or not 1 <= self.line <= len(lines):
            return ""
        source = lines[self.line - 1].replace("\t", " ")
        caret = " " * ((self.column or 1) - 1) + "^" if self.column else ""
        return f"    {source[:200]}" + (f"\n    {caret}" if caret and (self.column or 0) <= 200 else "")


def _rebuild(path: str, line: int | None, message: str, column: int | None) -> SourceError:
    return SourceError(path, line, message, column=column)


@dataclass(frozen=True)
class DataWarning:
    """A recoverable data problem (for example a paragraph that could not be timed)."""

    path: str
    line: int | None
    message: str

    def one_line(self) -> str:
        """Return the warning as ``path:line: message``."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
