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


class EnvironmentFailure(SsvssjError):
    """The file system refused: a full disk, a read-only folder, a file where a folder belongs."""


def from_os_error(error: OSError) -> EnvironmentFailure:
    """One clear sentence for what the operating system refused, naming the file."""
    import errno
    import os

    from ssvssj.i18n import os_reason, tr

    # A rename names its target second: that is the file the person knows.
    target = error.filename2 if error.filename2 is not None else error.filename
    name = "" if target is None else str(target)
    if error.errno == errno.ENOTDIR and name:
        name = _file_in_the_way(name)
    if error.errno == errno.EEXIST and name and not os.path.isdir(name):
        error.errno = errno.ENOTDIR
    reason = os_reason(error)
    if error.errno == errno.ENOSPC:
        return EnvironmentFailure(
            tr(
                "the disk is full: cannot write {name}",
                "磁盘已满：无法写入 {name}",
                name=name,
            ),
            tr("free some space and run the command again", "请腾出空间后重新运行这条命令"),
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return EnvironmentFailure(
            tr(
                "not allowed to change {name}: {reason}",
                "无权修改 {name}：{reason}",
                name=name,
                reason=reason,
            ),
            tr(
                "check the permissions of the workspace and its folders (read-only?)",
                "请检查工作区及其文件夹的权限（是否只读？）",
            ),
        )
    if error.errno == errno.ENOTDIR:
        return EnvironmentFailure(
            tr(
                "{name}: a file stands where a folder is needed",
                "{name}：这里需要文件夹，却是一个文件",
                name=name,
            )
        )
    if error.errno == errno.EISDIR:
        return EnvironmentFailure(
            tr("{name} is a folder, not a file", "{name} 是文件夹，不是文件", name=name),
            tr("name a file", "请指定一个文件"),
        )
    return EnvironmentFailure(tr("{name}: {reason}", "{name}：{reason}", name=name, reason=reason))


def _file_in_the_way(path: str) -> str:
    """The first folder of `path` that is a file, for 'a file stands where a folder is needed'."""
    import os

    parts = path.split(os.sep)
    for end in range(1, len(parts)):
        prefix = os.sep.join(parts[:end]) or os.sep
        if os.path.exists(prefix) and not os.path.isdir(prefix):
            return prefix
    return path
