"""`case edit`: the person's editor on a copy; only a valid result replaces the case.

An edit that does not make a valid case is kept beside the bytes it started from, and offered
back by the next `case edit` of that case: resumed, or discarded only when the person says so.
"""

from __future__ import annotations

import errno
import os
import shlex
import stat
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import typer

from ssvssj.cli.output import console, print_problems, shown_name
from ssvssj.cli.prompter import TerminalPrompter
from ssvssj.errors import ConcurrentChange, InvalidCase, UsageError
from ssvssj.i18n import os_reason, tr
from ssvssj.method.models import Case
from ssvssj.method.problems import Problem
from ssvssj.store.drafts import private_dir
from ssvssj.store.files import write_atomic
from ssvssj.store.loading import load_case
from ssvssj.store.store import refuse_a_link
from ssvssj.store.workspace import Workspace
from ssvssj.store.yamlread import ReadError
from ssvssj.store.yamlwrite import to_document, update_document


def _editor() -> list[str]:
    """$VISUAL, else $EDITOR, else vi, split as a shell would split it."""
    name = "VISUAL" if os.environ.get("VISUAL") else "EDITOR"
    command = os.environ.get(name) or "vi"
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise UsageError(
            tr(
                "${name} cannot be read as a command ({reason}): {command}",
                "${name} 无法解析为命令（{reason}）：{command}",
                name=name,
                reason=error,
                command=command,
            ),
            tr(
                "set {name} to a command such as nano",
                "请把 {name} 设为一个命令，例如 `nano`",
                name=name,
            ),
        ) from None
    if not words:
        raise UsageError(
            tr("${name} holds no command", "${name} 中没有命令", name=name),
            tr(
                "set {name} to a command such as nano",
                "请把 {name} 设为一个命令，例如 `nano`",
                name=name,
            ),
        )
    return words


@dataclass(frozen=True)
class KeptEdit:
    """The person's copy, and the case's bytes it started from."""

    copy: Path
    base: Path

    def exists(self) -> bool:
        """Whether an earlier edit is kept; what is there must be a plain file to be offered."""
        if not os.path.lexists(self.copy):
            return False
        if self.copy.is_symlink() or not self.copy.is_file():
            raise UsageError(
                tr(
                    "{copy} is not a plain file, so it cannot be an earlier edit",
                    "{copy} 不是普通文件，不可能是之前的编辑",
                    copy=self.copy.as_posix(),
                ),
                tr("move it away and run the command again", "请把它移走后重新运行这条命令"),
            )
        return True

    def start(self, original: bytes) -> bytes:
        write_atomic(self.base, original)
        write_atomic(self.copy, original)
        return original

    def resume(self, original: bytes) -> bytes:
        """The bytes the kept edit started from (the case as it is now, if they were lost)."""
        try:
            kept = _read_plain(self.base)
        except OSError:
            kept = None
        return original if kept is None else kept

    def discard(self) -> None:
        self.copy.unlink(missing_ok=True)
        self.base.unlink(missing_ok=True)


def kept_edit(workspace: Workspace, rel: str) -> KeptEdit:
    folder = private_dir(workspace.root) / "edit"
    name = Path(rel).name
    return KeptEdit(folder / name, folder / f"{name}.base")


def _choose(kept: KeptEdit, rel: str, interactive: bool, choice: str | None) -> str:
    """resume or discard: from the option, else asked; without a terminal, never guessed."""
    if choice is not None:
        return choice
    shown = kept.copy.as_posix()
    if not interactive:
        raise UsageError(
            tr(
                "an earlier edit of {rel} is kept in {copy}; nothing was opened",
                "{rel} 之前的一次编辑保存在 {copy}；没有打开编辑器",
                rel=shown_name(rel),
                copy=shown,
            ),
            tr(
                "pass --resume to go on with it, or --discard to drop it",
                "加 --resume 接着改这次编辑，或加 --discard 丢弃它",
            ),
        )
    out = console(stderr=True)
    out.print(
        tr(
            "An earlier edit of {rel} is kept in {copy}.",
            "{rel} 之前的一次编辑保存在 {copy}。",
            rel=shown_name(rel),
            copy=shown,
        ),
        markup=False,
    )
    answers = {
        "": "resume",
        "r": "resume",
        "resume": "resume",
        "继续": "resume",
        "d": "discard",
        "discard": "discard",
        "丢弃": "discard",
        "q": "quit",
        "quit": "quit",
        "退出": "quit",
    }
    while True:
        answer = typer.prompt(
            tr(
                "Resume it (r), discard it (d) or quit (q)?",
                "接着改（r）、丢弃（d）还是退出（q）？",
            ),
            default="r",
            show_default=True,
        )
        picked = answers.get(answer.strip().lower())
        if picked == "quit":
            raise typer.Exit(0)
        if picked is not None:
            return picked
        out.print(tr("Answer r, d or q.", "请回答 r、d 或 q。"), markup=False)


def edit_case(
    workspace: Workspace, case_id: str, interactive: bool, choice: str | None = None
) -> None:
    """Edit a copy until it is valid; `choice` (resume or discard) answers for a kept edit."""
    rel = workspace.files[case_id]
    refuse_a_link(workspace.root, rel)
    path = workspace.root / rel
    original = path.read_bytes()
    kept = kept_edit(workspace, rel)
    if kept.exists() and _choose(kept, rel, interactive, choice) == "resume":
        base = kept.resume(original)
    else:
        kept.discard()
        base = kept.start(original)
    out = console(stderr=True)
    while True:
        _run_editor(kept.copy)
        edited = _edited_copy(kept, rel)
        if edited == base:
            out.print(tr("no change", "没有改动"), markup=False)
            kept.discard()
            return
        case, problems = load_case(rel, edited, workspace.vocabulary)
        if case is not None:
            try:
                write_atomic(path, _dated(case, edited, base, workspace, rel), expected=base)
            except ConcurrentChange:
                raise ConcurrentChange(
                    tr(
                        "{rel} changed on disk since this edit began; nothing was written and "
                        "your edit is kept in {copy}",
                        "{rel} 在这次编辑开始后被改过；没有写入任何内容，你的编辑保存在 {copy}",
                        rel=shown_name(rel),
                        copy=kept.copy.as_posix(),
                    ),
                    tr(
                        "bring your changes into the case by hand, then drop the copy with "
                        "`ssvssj case edit {id} --discard`",
                        "请手动把改动合并进案例，然后用 `ssvssj case edit {id} --discard` 丢弃副本",
                        id=case_id,
                    ),
                ) from None
            kept.discard()
            out.print(tr("saved {rel}", "已保存 {rel}", rel=shown_name(rel)), markup=False)
            return
        print_problems(_in_the_copy(problems, rel, kept, workspace))
        if not interactive or not TerminalPrompter().confirm(
            tr("Re-open the editor to fix it?", "重新打开编辑器修改？"), default=True
        ):
            raise InvalidCase(
                tr(
                    "the edit has problems; {rel} is unchanged and your edit is kept in {copy}",
                    "这次编辑有问题；{rel} 没有改动，你的编辑保存在 {copy}",
                    rel=shown_name(rel),
                    copy=kept.copy.as_posix(),
                ),
            )


def _in_the_copy(
    problems: list[Problem], rel: str, kept: KeptEdit, workspace: Workspace
) -> list[Problem]:
    """The problems of an edit point into the edited copy, where its lines are, not into the
    case file, which still holds what it held."""
    copy = kept.copy.relative_to(workspace.root).as_posix()
    return [replace(problem, file=copy) if problem.file == rel else problem for problem in problems]


def _dated(case: Case, edited: bytes, base: bytes, workspace: Workspace, rel: str) -> bytes:
    """The edited bytes with `updated` set to today when the case's content changed (the tool
    sets it whenever it writes a case); an edit of comments or layout alone keeps it. Only the
    `updated` line changes, so the edit is saved as the person wrote it; an edit the reader
    accepts but the writer cannot rewrite is saved as written."""
    from ssvssj.cli.common import today

    before, _ = load_case(rel, base, workspace.vocabulary)
    unchanged = before is not None and before.model_dump(exclude={"updated"}) == case.model_dump(
        exclude={"updated"}
    )
    updated = max(today(), case.created)
    if unchanged or case.updated == updated:
        return edited
    case.updated = updated
    try:
        return update_document(edited, to_document(case))
    except ReadError:
        return edited


def _read_plain(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file that is no link (None if it is something
    else): opened without waiting, so a FIFO in its place never hangs the command."""
    from ssvssj.confine import MAX_FILE_BYTES

    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_NOCTTY)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            return None
        with os.fdopen(os.dup(descriptor), "rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(descriptor)


def _edited_copy(kept: KeptEdit, rel: str) -> bytes:
    """What the editor left in the copy; a copy deleted or replaced by something that is no
    regular file (a FIFO, a link, a folder) is one message, and nothing of the edit is kept."""
    try:
        data = _read_plain(kept.copy)
    except OSError as error:
        if error.errno not in (errno.ENOENT, errno.ELOOP, errno.EISDIR):
            raise
        data = None
    if data is not None:
        return data
    gone = not os.path.lexists(kept.copy)
    if not gone and not os.path.isdir(kept.copy):
        kept.copy.unlink()
    kept.base.unlink(missing_ok=True)
    if gone:
        message = tr(
            "the editor removed {copy}; {rel} is unchanged and no edit was kept",
            "编辑器删除了 {copy}；{rel} 没有改动，也没有保留任何编辑",
            copy=kept.copy.as_posix(),
            rel=shown_name(rel),
        )
    else:
        message = tr(
            "after the editor, {copy} is no regular file (a FIFO, a link, a folder) or is too "
            "large; {rel} is unchanged and no edit was kept",
            "编辑器退出后，{copy} 不是普通文件（而是 FIFO、链接或文件夹）或太大；"
            "{rel} 没有改动，也没有保留任何编辑",
            copy=kept.copy.as_posix(),
            rel=shown_name(rel),
        )
    raise UsageError(
        message,
        tr(
            "run `ssvssj case edit` again and save the file in place",
            "请重新运行 `ssvssj case edit`，并在原处保存文件",
        ),
    )


def _run_editor(copy: Path) -> None:
    command = _editor()
    try:
        subprocess.run([*command, str(copy)], check=True)
    except FileNotFoundError:
        raise UsageError(
            tr("editor not found: {editor}", "找不到编辑器：{editor}", editor=command[0]),
            tr("set $EDITOR", "请设置 $EDITOR"),
        ) from None
    except OSError as error:
        raise UsageError(
            tr(
                "cannot run the editor {editor}: {reason}",
                "无法运行编辑器 {editor}：{reason}",
                editor=command[0],
                reason=os_reason(error),
            ),
            tr("set $EDITOR", "请设置 $EDITOR"),
        ) from None
    except subprocess.CalledProcessError as error:
        raise UsageError(
            tr(
                "the editor exited with code {code}; the case is unchanged (your copy: {copy})",
                "编辑器以退出码 {code} 结束；案例没有改动（你的副本：{copy}）",
                code=error.returncode,
                copy=copy,
            )
        ) from None
