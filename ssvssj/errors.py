"""Expected failures, each with the exit code the command line maps it to.

Exit codes: 0 ok, 1 problems found in the workspace, 2 usage or input error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ssvssj.method.problems import Problem


class SsvssjError(Exception):
    """Base of every expected failure; the CLI prints the message and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(SsvssjError):
    """The command was given something it cannot use."""


class WorkspaceNotFound(SsvssjError):
    """No ssvssj.yaml in the folder or any parent."""


class CaseNotFound(SsvssjError):
    """No case matches the given id or prefix."""


class AmbiguousId(SsvssjError):
    """A prefix matches more than one case."""


class InvalidCase(SsvssjError):
    """A case (or a file) does not satisfy the format; carries the problem records."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ConcurrentChange(SsvssjError):
    """The file changed on disk between reading and writing it."""


class ProblemsFound(SsvssjError):
    """`check` (or `--strict`) found problems in the workspace."""

    exit_code = 1


class TemplateError(SsvssjError):
    """A report template failed to load or render."""


class HistoryUnavailable(SsvssjError):
    """The history a command needs cannot be read: no git, no repository, no such revision."""
