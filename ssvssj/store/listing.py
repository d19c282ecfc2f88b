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
    path: Path


def case_files(root: Path) -> tuple[list[CaseFile], list[Problem]]:
    """Every `cases/**/*.yaml`, sorted, skipping hidden files; links leading out are refused."""
    base = root / CASES_DIR
    found: list[CaseFile] = []
    problems: list[Problem] = []
    real_root = root.resolve()
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if name.endswith(".yml"):
                problems.append(Problem(rel, None, None, "case files end in .yaml; rename it"))
                continue
            if not name.endswith(".yaml"):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                problems.append(
                    Problem(rel, None, None, "symbolic link to a file outside the workspace")
                )
                continue
            found.append(CaseFile(rel, path))
    found.sort(key=lambda item: item.rel)
    return found, problems


def read_file(path: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    """A workspace file's bytes, or the problem that stops reading it."""
    try:
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(rel, None, None, f"cannot read the file: {error.strerror}")]
