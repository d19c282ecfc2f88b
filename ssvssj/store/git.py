"""The workspace's history, read through the `git` program in bulk.

A handful of processes per command, never one per file and revision: `git log --raw` gives
every change with its blob ids, and one `git cat-file --batch` reads all the blobs wanted.
Paths handed out are relative to the workspace, as the working tree's loader names them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from ssvssj.confine import MAX_FILE_BYTES
from ssvssj.errors import HistoryUnavailable
from ssvssj.i18n import tr
from ssvssj.store.paths import CASES_DIR, CONFIG_FILE, VOCABULARY_FILE

DELETED = "0" * 40
# The files beside cases/ that a revision's workspace is read with: the agreed journey and the
# root-cause vocabulary (case-format 1.1) included.
SETTINGS_FILES = (CONFIG_FILE, VOCABULARY_FILE, "journey.yaml", "causes.yaml")
# A commit's fields, each ended by a NUL as `-z` ends the paths of its changes: a NUL is the one
# byte no subject, name or path can hold.
_HEADER = "%H%x00%aI%x00%an%x00%s"


@dataclass(frozen=True)
class Repository:
    """The git repository holding a workspace: its top folder, and the workspace's place in it."""

    top: Path
    prefix: str
    shallow: bool


@dataclass(frozen=True)
class FileChange:
    path: str
    blob: str

    @property
    def deleted(self) -> bool:
        return self.blob == DELETED


@dataclass(frozen=True)
class Commit:
    oid: str
    day: date
    author: str
    subject: str
    changes: tuple[FileChange, ...] = ()


def _git(repo_dir: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-C", str(repo_dir), *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise HistoryUnavailable(
            tr(
                "the `git` program was not found; history needs it",
                "找不到 `git` 程序；查看历史需要它",
            )
        ) from None


def open_repository(root: Path) -> Repository:
    """The repository around the workspace at `root`, or a clear error when there is none."""
    found = _git(root, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
    lines = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    if found.returncode != 0 or len(lines) < 3:
        raise HistoryUnavailable(
            tr(
                "the workspace {root} is not inside a git repository",
                "工作区 {root} 不在 `git` 仓库中",
                root=root,
            ),
            tr(
                "history comes from git: `git init` and commit the workspace first",
                "历史来自 `git`：请先 `git init` 并提交工作区",
            ),
        )
    return Repository(Path(lines[0]), lines[1], lines[2].strip() == "true")


def resolve(repo: Repository, revision: str) -> str:
    """The commit a revision names (a branch, a tag, HEAD~3, an id)."""
    found = _git(
        repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if found.returncode == 0:
        return found.stdout.decode("ascii").strip()
    if repo.shallow:
        raise HistoryUnavailable(
            tr(
                "revision '{revision}' is not in this shallow clone",
                "这个浅克隆中没有修订版本“{revision}”",
                revision=revision,
            ),
            tr(
                "fetch the history first: `git fetch --unshallow`",
                "请先获取完整历史：`git fetch --unshallow`",
            ),
        )
    raise HistoryUnavailable(
        tr(
            "no revision '{revision}' in the repository {top}",
            "仓库 {top} 中没有修订版本“{revision}”",
            revision=revision,
            top=repo.top,
        ),
        tr(
            "name a commit, a branch or a tag, e.g. `HEAD~1` or `main`",
            "请给出提交、分支或标签，例如 `HEAD~1` 或 `main`",
        ),
    )


def workspace_files(repo: Repository, commit: str) -> dict[str, str]:
    """The workspace's settings and case files at a commit: workspace path -> blob id."""
    listed = _checked(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", repo.prefix or ".")
    files: dict[str, str] = {}
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        rel = _relative(repo, raw_path)
        if kind == "blob" and mode != "120000" and rel is not None and _wanted(rel):
            files[rel] = blob
    return files


def _relative(repo: Repository, raw_path: bytes) -> str | None:
    path = raw_path.decode("utf-8", "surrogateescape")
    if not path.startswith(repo.prefix):
        return None
    return path[len(repo.prefix) :]


def _wanted(rel: str) -> bool:
    """What the working tree's loader reads: the settings, and cases/**/*.yaml not hidden."""
    if rel in SETTINGS_FILES:
        return True
    parts = PurePosixPath(rel).parts
    return (
        len(parts) >= 2
        and parts[0] == CASES_DIR
        and parts[-1].endswith(".yaml")
        and not any(part.startswith(".") for part in parts[1:])
    )


def is_case_file(rel: str) -> bool:
    return rel not in SETTINGS_FILES and _wanted(rel)


def read_blobs(repo: Repository, blobs: Iterable[str]) -> tuple[dict[str, bytes], dict[str, int]]:
    """The bytes of many blobs through one `git cat-file --batch`, and the size of each blob
    over the limit for files: a blob's size is asked first (`--batch-check`), since history
    is read from other people's repositories and an oversized blob is never read."""
    wanted = sorted(set(blobs) - {DELETED})
    if not wanted:
        return {}, {}
    sizes = _blob_sizes(repo, wanted)
    oversized = {blob: size for blob, size in sizes.items() if size > MAX_FILE_BYTES}
    wanted = [blob for blob in wanted if blob not in oversized]
    if not wanted:
        return {}, oversized
    out = _checked(repo, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    found: dict[str, bytes] = {}
    at = 0
    for blob in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:
            raise _unreadable(blob)
        size = int(header[2])
        found[blob] = out[at : at + size]
        at += size + 1
    return found, oversized


def _blob_sizes(repo: Repository, blobs: list[str]) -> dict[str, int]:
    out = _checked(
        repo, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in blobs).encode()
    )
    lines = out.decode("ascii", "replace").splitlines()
    sizes = {}
    for blob, line in zip(blobs, lines, strict=False):
        header = line.split()
        if len(header) != 3 or not header[2].isdigit():
            raise _unreadable(blob)
        sizes[blob] = int(header[2])
    if len(sizes) != len(blobs):
        raise _unreadable(blobs[len(sizes)])
    return sizes


def _unreadable(blob: str) -> HistoryUnavailable:
    return HistoryUnavailable(
        tr("git cannot read the blob {blob}", "`git` 无法读取对象 {blob}", blob=blob)
    )


def log(
    repo: Repository,
    pathspecs: Iterable[str] = (),
    revisions: Iterable[str] = ("HEAD",),
) -> list[Commit]:
    """Commits that changed the workspace's files, oldest first, each with its file changes
    (merges show none: their changes are in the commits they merge)."""
    specs = list(pathspecs) or [_literal(repo.prefix) or "."]
    out = _checked(
        repo,
        "log",
        "--raw",
        "-z",
        "--no-color",
        "--no-show-signature",
        "--no-abbrev",
        "--no-renames",
        "--topo-order",
        "--reverse",
        f"--format={_HEADER}",
        *revisions,
        "--",
        *specs,
    )
    return _commits(repo, out.split(b"\0"))


def _commits(repo: Repository, tokens: list[bytes]) -> list[Commit]:
    """The commits of `git log --raw -z`: each one's header fields, then a (change, path) pair
    for each file it changed; a change starts with ':' (after a line break, for the first)."""
    commits = []
    at = 0
    while at < len(tokens):
        if not tokens[at].strip(b"\n"):
            at += 1
            continue
        fields = [token.decode("utf-8", "replace") for token in tokens[at : at + 4]]
        at += 4
        if len(fields) != 4 or not _is_object_id(fields[0]):
            raise HistoryUnavailable(
                tr("`git log` gave output it cannot read", "无法读取 `git log` 的输出")
            )
        oid, stamp, author, subject = fields
        changes = []
        while at + 1 < len(tokens) and tokens[at].lstrip(b"\n").startswith(b":"):
            parts = tokens[at].decode("ascii", "replace").split()
            rel = _relative(repo, tokens[at + 1])
            at += 2
            if len(parts) == 5 and rel is not None and _wanted(rel):
                changes.append(FileChange(rel, parts[3]))
        commits.append(Commit(oid, date.fromisoformat(stamp[:10]), author, subject, tuple(changes)))
    return commits


def _is_object_id(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def case_pathspec(repo: Repository, id_prefix: str) -> str:
    """Every file of a case id starting with `id_prefix`, in any sub-folder of cases/."""
    return f":(top,glob){_glob_escape(repo.prefix)}{CASES_DIR}/**/{_glob_escape(id_prefix)}*.yaml"


def cases_pathspec(repo: Repository) -> str:
    return f":(top,literal){repo.prefix}{CASES_DIR}"


def settings_pathspecs(repo: Repository) -> list[str]:
    return [f":(top,literal){repo.prefix}{name}" for name in SETTINGS_FILES]


def _literal(prefix: str) -> str:
    return f":(top,literal){prefix}" if prefix else ""


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def _checked(repo: Repository, *args: str, stdin: bytes | None = None) -> bytes:
    done = _git(repo.top, *args, stdin=stdin)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryUnavailable(
            tr(
                "`git {command}` failed: {message}",
                "`git {command}` 失败：{message}",
                command=args[0],
                message=message[-1] if message else done.returncode,
            )
        )
    return done.stdout


def has_commits(repo: Repository) -> bool:
    return _git(repo.top, "rev-parse", "--verify", "--quiet", "HEAD").returncode == 0


def shallow_boundary(repo: Repository) -> frozenset[str]:
    """The commits where a shallow clone was cut: their parents are not in the clone, so what
    they hold looks new though it may be older. Empty in a full clone."""
    if not repo.shallow:
        return frozenset()
    where = _checked(repo, "rev-parse", "--git-path", "shallow").decode("utf-8").strip()
    try:
        listed = (repo.top / where).read_text(encoding="ascii")
    except FileNotFoundError:
        return frozenset()
    return frozenset(listed.split())


def commit_dates(repo: Repository, commits: Iterable[str]) -> dict[str, date]:
    """The author date of each commit, as its author's calendar showed it."""
    wanted = list(dict.fromkeys(commits))
    if not wanted:
        return {}
    out = _checked(repo, "show", "-s", "--no-walk", "--format=%H %aI", *wanted)
    found = {}
    for line in out.decode("ascii").splitlines():
        oid, stamp = line.split()
        found[oid] = date.fromisoformat(stamp[:10])
    return found
