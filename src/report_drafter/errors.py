"""The error tree and the `Problem` record shared by every module.

A `Problem` is one finding about one input or document: where it is (file, line,
column, field path) and what to do about it, in Vietnamese. User mistakes travel
as problems or as `UserError`; anything else is a bug and keeps its traceback.

The tree (every exception raised on purpose descends from `ReportDrafterError`):

    ReportDrafterError
    ├── UserError                       a plain Vietnamese message, maybe with problems
    │   ├── TemplateNotFound, OutputPathError, render.TemplateSyntax, web.files.Refused
    ├── package.PackageError            a zip refused before it is inflated (also a BadZipFile)
    ├── sandbox.Refused                 a template doing what no report template needs
    └── yamlnode._Refused               an input refused before it is read further
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding, printed as `file:line:col: field.path: message`."""

    message: str
    path: str = ""  # field path, e.g. "indicators[2].actual"
    file: str = ""
    line: int = 0  # 1-based; 0 when unknown
    column: int = 0  # 1-based; 0 when unknown
    severity: Severity = Severity.ERROR
    code: str = ""  # short stable identifier, e.g. "number-notation"
    fix: str = ""  # optional separate "how to fix" text (check uses it)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """`file:line:col: field.path: message` (parts that are unknown are left out)."""
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        label = "cảnh báo: " if self.severity is Severity.WARNING else ""
        head = f"{where}: {self.path}: " if self.path else f"{where}: "
        return f"{head}{label}{self.message}"

    def as_dict(self) -> dict:
        return {
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "code": self.code,
            "fix": self.fix,
        }


class ReportDrafterError(Exception):
    """Base of every error this package raises on purpose."""


class UserError(ReportDrafterError):
    """A mistake of the user's, shown as a plain Vietnamese message (no traceback)."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


class TemplateNotFound(UserError):
    """The template named by an input does not exist."""


class OutputPathError(UserError):
    """An output name would leave the output folder or is not allowed."""
