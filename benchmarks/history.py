"""A git history for a generated workspace: two commits on fixed dates, the second moving a
tenth of the solutions along, removing a twentieth of the cases and adding new ones."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "基准",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "基准",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def _git(root: Path, *args: str, day: str = "2026-11-01") -> str:
    stamp = f"{day}T10:00:00+08:00"
    env = {**ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return done.stdout.decode()


def make_history(root: Path) -> str:
    """Commit the workspace at `root` twice; the id of a case both commits change."""
    _git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text(".ssvssj/\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "First visits")
    files = sorted((root / "cases").rglob("*.yaml"))
    for number, path in enumerate(files):
        if number % 20 == 7:
            path.unlink()
        elif number % 10 == 0:
            data = path.read_bytes().replace(b"status: proposed", b"status: done")
            path.write_bytes(data.replace(b"status: doing", b"status: verified"))
    for number, path in enumerate(files[3::20]):
        copy = path.with_name(f"{path.stem[:-4]}z{number % 1000:03d}.yaml")
        text = path.read_text(encoding="utf-8").replace(path.stem, copy.stem)
        copy.write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Second visits", day="2026-11-15")
    return files[0].stem


@contextlib.contextmanager
def new_commit(root: Path) -> Iterator[None]:
    """A commit that changes no case, as a review's might, so that the loop's clock reads a new
    HEAD; taken back afterwards, so HEAD~1..HEAD stays the two commits made above."""
    _git(root, "commit", "-q", "--allow-empty", "-m", "Review", day="2026-11-20")
    try:
        yield
    finally:
        _git(root, "reset", "-q", "--soft", "HEAD~1")
