"""A settings file that cannot be read is a problem of its own, the same whether the index has
seen the workspace before or not: the index keys what it derived from the settings by why a
file could not be read, not only by whether it could."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssvssj.cli import app
from ssvssj.confine import MAX_FILE_BYTES
from tests.kept import with_empty_cache


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _too_large(path: Path) -> None:
    with open(path, "wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)


def _link_out(path: Path) -> None:
    outside = path.parent.parent / f"outside-{path.name}"
    outside.write_text("{}\n", encoding="utf-8")
    path.symlink_to(outside)


def _link_nowhere(path: Path) -> None:
    path.symlink_to(path.with_name("missing.yaml"))


STATES: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo,
    "folder": _folder,
    "too-large": _too_large,
    "link-out": _link_out,
    "link-nowhere": _link_nowhere,
}


def _outcome(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: bool) -> str:
    def run() -> str:
        result = CliRunner().invoke(app, ["--workspace", str(root), "check"])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return f"{result.exit_code}\n{result.output}"

    return with_empty_cache(run, tmp_path, monkeypatch) if fresh else run()


@pytest.mark.parametrize("name", ["touchpoints.yaml", "causes.yaml", "journey.yaml"])
@pytest.mark.parametrize("state", sorted(STATES))
def test_a_settings_file_that_cannot_be_read_is_told_warm_as_with_no_index(
    example: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    state: str,
) -> None:
    path = example / name
    path.unlink(missing_ok=True)
    warm_before = _outcome(example, tmp_path, monkeypatch, fresh=False)  # the index sees it absent
    STATES[state](path)
    warm = _outcome(example, tmp_path, monkeypatch, fresh=False)
    assert warm == _outcome(example, tmp_path, monkeypatch, fresh=True)
    assert warm != warm_before, "a settings file that cannot be read is a problem"
    assert warm.startswith("1\n") and name in warm, warm
    if path.is_symlink() or path.is_dir():
        os.unlink(path) if path.is_symlink() else path.rmdir()
    else:
        path.unlink()
    assert _outcome(example, tmp_path, monkeypatch, fresh=False) == warm_before
