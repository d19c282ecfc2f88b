"""Which case files a workspace holds, and reading one file's bytes. Light: no heavy imports,
so that commands answered from the index start fast."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from ssvssj.confine import MAX_FILE_BYTES, leads_out, leads_out_below
from ssvssj.i18n import os_reason, tr
from ssvssj.method.problems import Problem
from ssvssj.store.paths import CASES_DIR


class CaseFile(NamedTuple):
    """A case file by its workspace-relative path (a tuple: listing 100,000 stays cheap)."""

    rel: str
    root: Path

    @property
    def path(self) -> Path:
        return self.root / self.rel

    @property
    def location(self) -> str:
        """The path as a string: cheaper than a Path where only the system needs it."""
        return os.path.join(self.root, self.rel)


def link_out_problem(rel: str) -> Problem:
    return Problem(
        rel,
        None,
        None,
        tr(
            "symbolic link to a place outside the workspace; nothing is read or written "
            "through it: replace it by the file or folder itself",
            "符号链接指向工作区之外，不会经由它读写任何内容：请换成文件或文件夹本身",
        ),
    )


def case_files(root: Path) -> tuple[list[CaseFile], list[Problem]]:
    """Every `cases/**/*.yaml`, sorted, skipping hidden files. Nothing is passed over without a
    word: a folder that cannot be read, a link leading out, a link that leads nowhere or back
    into its own folder, and a name that is almost a case file (`.YAML`, `.yml`, a trailing
    space) are each a problem. A link to a folder inside the workspace is followed, once:
    after the plain folders, in name order, and not into a folder already read, so a case
    reached by two ways is one case.

    Plain strings and directory entries: a workspace of 100,000 cases is listed on every
    command, so no Path is made per file.
    """
    rels: list[str] = []
    problems: list[Problem] = []
    base = os.path.join(root, CASES_DIR)
    if not os.path.lexists(base):
        return [], problems
    if leads_out(root, Path(base)):
        return [], [link_out_problem(CASES_DIR)]
    seen: set[tuple[int, int]] = set()
    pending = [(base, CASES_DIR)]
    links: list[tuple[str, str, str]] = []  # (rel, path, folder holding it)
    while pending or links:
        if not pending:
            links.sort(reverse=True)
            rel, path, holder = links.pop()
            problem = _dead_link_problem(path, rel) or _loop_problem(path, holder, rel)
            if problem is not None:
                problems.append(problem)
            else:
                pending.append((path, rel))
            continue
        folder, rel_folder = pending.pop()
        try:
            if not _first_visit(folder, seen):
                continue  # already read by another way
            entries = list(os.scandir(folder))
        except OSError as error:
            problems.append(_unreadable_folder(rel_folder, error))
            continue
        for entry in entries:
            name = entry.name
            rel = f"{rel_folder}/{name}"
            # Nearly every entry: a plain file with a case file's name, told by the entry's
            # type as the folder listing gave it, with no further call.
            if name.endswith(".yaml") and entry.is_file(follow_symlinks=False) and name[0] != ".":
                rels.append(rel)
                continue
            if name.startswith("."):
                hidden = _hidden_problem(entry, rel, root)
                if hidden is not None:
                    problems.append(hidden)
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, rel))
                continue
            if entry.is_symlink():
                if leads_out(root, Path(entry.path)):
                    problems.append(link_out_problem(rel))
                    continue
                if os.path.isdir(entry.path):
                    links.append((rel, entry.path, folder))
                    continue
                if not name.endswith(".yaml"):
                    nowhere = _dead_link_problem(entry.path, rel)
                    if nowhere is not None:
                        problems.append(nowhere)
                    continue
            if not name.endswith(".yaml"):
                misnamed = _misnamed_problem(rel, name)
                if misnamed is not None:
                    problems.append(misnamed)
                continue
            rels.append(rel)
    rels.sort()
    problems.sort(key=lambda problem: problem.file)
    return [CaseFile(rel, root) for rel in rels], problems


def _first_visit(folder: str, seen: set[tuple[int, int]]) -> bool:
    """Whether `folder` (followed through links) is read for the first time; marks it read."""
    info = os.stat(folder)
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        return False
    seen.add(identity)
    return True


def _loop_problem(path: str, holder: str, rel: str) -> Problem | None:
    """A link to a folder that holds the link itself would be read for ever: say so."""
    target = os.path.realpath(path)
    if os.path.commonpath([target, os.path.realpath(holder)]) == target:
        return Problem(
            rel,
            None,
            None,
            tr(
                "a link back to a folder that holds it (a loop); it is not followed",
                "这个链接指回包含它的文件夹（形成循环），不会跟随",
            ),
        )
    return None


def _dead_link_problem(path: str, rel: str) -> Problem | None:
    """A link that leads nowhere (its target is missing, or links lead to each other in a
    loop) may have been a folder of cases: say so."""
    try:
        os.stat(path)
    except OSError as error:
        return Problem(
            rel,
            None,
            None,
            tr(
                "a symbolic link that leads nowhere ({reason}); nothing is read through it",
                "符号链接无法到达目标（{reason}），不会经由它读取任何内容",
                reason=os_reason(error),
            ),
        )
    return None


def _unreadable_folder(rel: str, error: OSError) -> Problem:
    return Problem(
        rel,
        None,
        None,
        tr(
            "cannot read the folder: {reason}; its cases are not read",
            "无法读取该文件夹：{reason}；其中的案例没有读取",
            reason=os_reason(error),
        ),
    )


def looks_like_case_file(name: str, anywhere: bool = False) -> bool:
    """Whether a person would take `name` for a case file: `x.YAML`, `x.yml`, `x.yaml `,
    `x.yaml.`, `x. yaml`, a full-width `x.ｙａｍｌ`, and names that show as one of these (an
    invisible character, a format control or a combining mark in or after `.yaml`). With
    `anywhere`, `.yaml` or `.yml` anywhere in the name (`x.yaml.txt`) is enough."""
    import unicodedata

    from ssvssj.method.characters import INVISIBLE

    shown = "".join(
        char
        for char in unicodedata.normalize("NFKD", name)
        if not char.isspace()
        and unicodedata.category(char)[0] not in "MC"
        and not INVISIBLE.match(char)
    )
    folded = shown.rstrip(".").lower()
    if anywhere:
        return ".yaml" in folded or ".yml" in folded
    return folded.endswith((".yaml", ".yml"))


def _misnamed_problem(rel: str, name: str) -> Problem | None:
    """A name that looks like a case file but is not one: say why it is not read."""
    if not looks_like_case_file(name, anywhere=True):
        return None
    return Problem(
        rel,
        None,
        None,
        tr(
            "case files end in .yaml (lower case, nothing after it); rename '{name}'",
            "案例文件须以 `.yaml` 结尾（小写，其后不能有空格等字符）；请重命名“{name}”",
            name=name,
        ),
    )


# Folders that tools keep beside files (version control, editors, ssvssj's own): never cases.
_TOOL_FOLDERS = frozenset({".git", ".hg", ".svn", ".ssvssj", ".idea", ".vscode", ".venv"})


def _hidden_problem(entry: os.DirEntry[str], rel: str, root: Path) -> Problem | None:
    """A hidden file that looks like a case file, or a hidden folder holding such files at any
    depth (or a link to such a folder inside the workspace), is not read: say so. Hidden tool
    folders stay silent."""
    name = entry.name
    if entry.is_dir(follow_symlinks=False) or _folder_link_inside(entry, root):
        if name in _TOOL_FOLDERS or not _holds_case_files(entry.path):
            return None
        return Problem(
            rel,
            None,
            None,
            tr(
                "a hidden folder is not read, so its cases are not read; "
                "rename it without the leading dot",
                "隐藏文件夹不会读取，其中的案例没有读取；请去掉名称开头的点",
            ),
        )
    if name.startswith(".#") or not looks_like_case_file(name):
        return None  # an editor's lock file
    return Problem(
        rel,
        None,
        None,
        tr(
            "a hidden file is not read as a case; rename '{name}' without the leading dot",
            "隐藏文件不会作为案例读取；请去掉“{name}”开头的点",
            name=name,
        ),
    )


def _folder_link_inside(entry: os.DirEntry[str], root: Path) -> bool:
    """Whether the entry is a link to a folder inside the workspace; a link that leads in a
    loop, or nowhere, is none."""
    try:
        return entry.is_symlink() and entry.is_dir() and not leads_out(root, Path(entry.path))
    except OSError:
        return False


def _holds_case_files(folder: str) -> bool:
    """Whether a file under `folder`, at any depth (links not followed), looks like a case
    file: looked for until the first is found."""
    found = (name for _, _, names in os.walk(folder) for name in names)
    return any(map(looks_like_case_file, found))


def read_file(path: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    """A workspace file's bytes, or the problem that stops reading it. Only a regular file
    inside the workspace is read (a FIFO or a device would block or never end), and its size
    is checked before a byte is read."""
    raw, problems, _ = read_in(path.parents[len(PurePosixPath(rel).parts) - 1], rel)
    return raw, problems


_OPEN_PLAIN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_OPEN_NO_LINK = _OPEN_PLAIN | getattr(os, "O_NOFOLLOW", 0)


def read_in(
    root: Path, rel: str, inside: set[str] | None = None
) -> tuple[bytes | None, list[Problem], os.stat_result | None]:
    """`read_file` for the file `rel` of the workspace `root`, with the file's stat as its
    descriptor gave it before it was read. `inside` gathers the folders found to lead nowhere
    out: a file in one of them that is no link needs no look at the folders on its way, so a
    command reading thousands of case files looks at each folder once."""
    location = os.path.join(root, rel)
    if inside is not None and _OPEN_NO_LINK != _OPEN_PLAIN:
        folder = os.path.dirname(location)
        if folder not in inside and not leads_out_below(root, tuple(rel.split("/")[:-1])):
            inside.add(folder)
        if folder in inside:
            try:
                return _read_open(os.open(location, _OPEN_NO_LINK), rel)
            except OSError:
                pass  # a link, or a file that cannot be opened: the whole way says which
    if leads_out_below(root, PurePosixPath(rel).parts):
        return None, [link_out_problem(rel)], None
    try:
        handle = os.open(location, _OPEN_PLAIN)
    except OSError as error:
        return None, [_unopened(location, rel, error)], None
    return _read_open(handle, rel)


def _unopened(location: str, rel: str, error: OSError) -> Problem:
    """Why a file could not be opened, as a person would put it: a link that leads nowhere,
    a socket (which no file read opens), or the system's reason."""
    try:
        mode = os.lstat(location).st_mode
    except OSError:
        return _cannot_read(rel, error)
    if stat.S_ISLNK(mode):
        return _dead_link_problem(location, rel) or _cannot_read(rel, error)
    if not stat.S_ISREG(mode):
        return _not_regular(rel)
    return _cannot_read(rel, error)


def _read_open(handle: int, rel: str) -> tuple[bytes | None, list[Problem], os.stat_result]:
    """The bytes of the file open at `handle` (closed here), or the problem that stops
    reading it: read by the size its stat gives, so that a buffer of the limit is never
    allocated for every file."""
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return None, [_not_regular(rel)], info
        if info.st_size > MAX_FILE_BYTES:
            return None, [Problem(rel, None, None, too_large(info.st_size))], info
        try:
            data = _read_sized(handle, info.st_size)
        except OSError as error:
            return None, [_cannot_read(rel, error)], info
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(rel, None, None, too_large(len(data)))], info
    return data, [], info


def _read_sized(handle: int, size: int) -> bytes:
    """The bytes at `handle` of a file of `size`: one more byte asked for, and where it grew
    since, read on to one byte past the limit."""
    data = _read_up_to(handle, size + 1, b"")
    if len(data) > size:
        data = _read_up_to(handle, MAX_FILE_BYTES + 1, data)
    return data


def _read_up_to(handle: int, most: int, data: bytes) -> bytes:
    """`data` and what follows it from `handle`, up to `most` bytes in all or the end."""
    while len(data) < most:
        more = os.read(handle, most - len(data))
        if not more:
            break
        data += more
    return data


def _not_regular(rel: str) -> Problem:
    return Problem(
        rel,
        None,
        None,
        tr(
            "not a regular file (a folder, FIFO, socket or device); only regular files are read",
            "不是普通文件（而是文件夹、FIFO、套接字或设备），只读取普通文件",
        ),
    )


def too_large(size: int) -> str:
    return tr(
        "file is too large ({size} MiB; the limit is {limit} MiB)",
        "文件太大（{size} MiB，上限为 {limit} MiB）",
        size=f"{size / 1_048_576:.1f}",
        limit=MAX_FILE_BYTES // 1_048_576,
    )


def _cannot_read(rel: str, error: OSError) -> Problem:
    return Problem(
        rel,
        None,
        None,
        tr("cannot read the file: {reason}", "无法读取文件：{reason}", reason=os_reason(error)),
    )
