"""Real git repositories with set dates and authors, for the commands that read history."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

# No user or system configuration may change what git does in a test.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_COMMITTER_NAME": "ci",
    "GIT_COMMITTER_EMAIL": "ci@example.com",
}


def git(root: Path, *args: str, **env: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**_base_env(), **env},
    )
    return done.stdout


def _base_env() -> dict[str, str]:
    import os

    return {**os.environ, **GIT_ENV}


def init_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")


def commit(root: Path, message: str, day: str, author: str = "王敏") -> str:
    """Commit everything in the work tree as `author` on `day` (both dates set)."""
    stamp = f"{day}T10:00:00+08:00"
    git(root, "add", "-A")
    git(
        root,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        message,
        GIT_AUTHOR_NAME=author,
        GIT_AUTHOR_EMAIL="author@example.com",
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_DATE=stamp,
    )
    return git(root, "rev-parse", "HEAD").strip()


def write_case(root: Path, case: dict[str, Any], folder: str = "cases") -> Path:
    path = root / folder / f"{case['id']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def case(
    case_id: str,
    title: str,
    touchpoint: str,
    path: list[str] | None = None,
    severity: int | None = None,
    details: list[dict[str, Any]] | None = None,
    solutions: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A case with every step filled as far as the arguments go."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": case_id,
        "title": title,
        "created": f"{case_id[:4]}-{case_id[4:6]}-{case_id[6:8]}",
        "spot": {"touchpoint": touchpoint, "problem": f"{title}的问题"},
    }
    if severity is not None:
        data["spot"]["severity"] = severity
    if path is not None:
        data["scene"] = {"customer": "首次购车的家庭", "goal": "试驾", "path": path}
        data["view"] = [{"perspective": "customer", "finding": "等得着急"}]
    if details is not None:
        data["split"] = details
    if solutions is not None:
        data["solve"] = solutions
    data.update(extra)
    return data
