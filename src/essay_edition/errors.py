"""The one error type for bad input, and the warning type for recoverable data problems.

Every parser and loader raises :class:`SourceError` with the file, the 1-based line and a message;
the MkDocs hook and the CLI print it as a single ``file:line: message`` line and abort.
"""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(ValueError):
    """Bad input: a source or curated data file that cannot be used as it stands."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, int | None, str]]:
        # Pickled by value, so an error raised in a worker process (build_editions) arrives whole.
        return (SourceError, (self.path, self.line, self.message))

    def one_line(self) -> str:
        """Return the error as ``path:line: message`` (``path: message`` when no line applies)."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        message = " ".join(self.message.split())
        return f"{where}: {message}"


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
