"""A file that already holds the bytes is left untouched (its mtime too); any other is
replaced. Large outputs are compared a piece at a time, so the pieces' edges are tried."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ssvssj.store import files
from ssvssj.store.files import write_if_changed

PIECE = 8


@settings(max_examples=200, deadline=None)
@given(
    held=st.binary(max_size=5 * PIECE),
    data=st.binary(max_size=5 * PIECE),
)
def test_only_other_bytes_are_written(held: bytes, data: bytes) -> None:
    import tempfile

    original = files.COMPARED_BYTES
    files.COMPARED_BYTES = PIECE
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.csv"
            path.write_bytes(held)
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
            wrote = write_if_changed(path, data)
            assert wrote == (held != data)
            assert path.read_bytes() == data
            if not wrote:
                assert path.stat().st_mtime_ns == 1_000_000_000
    finally:
        files.COMPARED_BYTES = original


def test_same_length_differing_only_in_the_last_piece_is_written(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    held = b"a" * (3 * files.COMPARED_BYTES + 5)
    path.write_bytes(held)
    changed = held[:-1] + b"b"
    assert write_if_changed(path, changed)
    assert path.read_bytes() == changed
    assert not write_if_changed(path, changed)


def test_a_file_written_over_a_link_has_a_new_file_s_mode(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_bytes(b"held")
    target.chmod(0o755)
    link = tmp_path / "out.md"
    link.symlink_to(target)
    mask = os.umask(0)
    os.umask(mask)
    assert write_if_changed(link, b"new")
    assert not link.is_symlink()
    assert link.stat().st_mode & 0o777 == 0o666 & ~mask
    assert target.read_bytes() == b"held" and target.stat().st_mode & 0o777 == 0o755


def test_output_to_a_link_to_a_folder_is_refused_and_the_link_kept(tmp_path: Path) -> None:
    import pytest

    from ssvssj.store.files import write_output

    (tmp_path / "folder").mkdir()
    link = tmp_path / "link"
    link.symlink_to("folder")
    with pytest.raises(IsADirectoryError):
        write_output(link, b"x")
    assert link.is_symlink() and os.readlink(link) == "folder"


def test_output_through_a_link_to_a_pipe_reaches_the_pipe_and_keeps_the_link(
    example: Path, tmp_path: Path
) -> None:
    """`-o /dev/stdout` is such a link: it was once replaced by a file (as root, for good)."""
    import subprocess
    import sys

    link = tmp_path / "out"
    link.symlink_to("/proc/self/fd/1")
    command = ["journey", "export", "--format", "json", "-o", str(link)]
    run = subprocess.run(
        [sys.executable, "-m", "ssvssj", "--workspace", str(example), *command],
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(b"{"), run.stdout[:80]
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
