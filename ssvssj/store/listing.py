"""Which case files a workspace holds, and reading one file's bytes. Light: no heavy imports,
so that commands answered from the index start fast."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ssvssj.method.problems import Problem
from ssvssj.store.paths import CASES_DIR


@dataclass(frozen=True)
class CaseFile:
    rel: str
    root: Path

    @property
    def path(self) -> Path:
        return self.root / self.rel

    @property
    def location(self) -> str:
        """The path as a string: cheaper than a Path where only the system needs it."""
        return os.path.join(self.root, self.rel)


def case_files(root: Path) -> tuple[list[CaseFile], list[Problem]]:
    """Every `cases/**/*.yaml`, sorted, skipping hidden files; links leading out are refused.

    Plain strings and directory entries: a workspace of 100,000 cases is listed on every
    command, so no Path is made per file.
    """
    found: list[CaseFile] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(root)
    pending = [(os.path.join(root, CASES_DIR), CASES_DIR)]
    while pending:
        folder, rel_folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_folder}/{name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, rel))
                continue
            if name.endswith(".yml"):
                problems.append(Problem(rel, None, None, "case files end in .yaml; rename it"))
                continue
            if not name.endswith(".yaml"):
                continue
            if entry.is_symlink() and not _inside(os.path.realpath(entry.path), real_root):
                problems.append(
                    Problem(rel, None, None, "symbolic link to a file outside the workspace")
                )
                continue
            found.append(CaseFile(rel, root))
    found.sort(key=lambda item: item.rel)
    problems.sort(key=lambda problem: problem.file)
    return found, problems


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_file(path: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    """A workspace file's bytes, or the problem that stops reading it."""
    try:
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(rel, None, None, f"cannot read the file: {error.strerror}")]
