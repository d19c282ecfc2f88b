"""A first run reads each case file through one descriptor: what it reads, and what stops it,
are what `read_file` reads and tells, whatever kind of file or link the workspace holds."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssvssj.confine import MAX_FILE_BYTES
from ssvssj.store.index import stat_hint
from ssvssj.store.listing import CaseFile, read_file
from ssvssj.store.store import read_case_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links and FIFOs")

CASE = "id: 20261101-a1b2\ntitle: 标题\n".encode()


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, list[str]]:
    """A workspace whose case folders hold every kind of thing a case file's name may be."""
    root = tmp_path / "ws"
    outside = tmp_path / "outside"
    (root / "cases" / "2026").mkdir(parents=True)
    outside.mkdir()
    (outside / "far.yaml").write_bytes(CASE)
    (root / "cases" / "inner").mkdir()
    (root / "cases" / "inner" / "near.yaml").write_bytes(CASE)
    files = {
        "cases/2026/plain.yaml": CASE,
        "cases/2026/empty.yaml": b"",
        "cases/2026/large.yaml": b"#" * (MAX_FILE_BYTES + 1),
        "cases/2026/limit.yaml": b"#" * MAX_FILE_BYTES,
    }
    for rel, raw in files.items():
        (root / rel).write_bytes(raw)
    (root / "cases" / "2026" / "out.yaml").symlink_to(outside / "far.yaml")
    (root / "cases" / "2026" / "in.yaml").symlink_to(root / "cases" / "inner" / "near.yaml")
    (root / "cases" / "2026" / "nowhere.yaml").symlink_to(root / "missing.yaml")
    os.mkfifo(root / "cases" / "2026" / "fifo.yaml")
    (root / "cases" / "away").symlink_to(outside)
    (root / "cases" / "linked").symlink_to(root / "cases" / "inner")
    rels = [*files, "cases/inner/near.yaml", "cases/away/far.yaml", "cases/linked/near.yaml"]
    rels += [f"cases/2026/{name}.yaml" for name in ("out", "in", "nowhere", "fifo")]
    return root, rels


@pytest.mark.parametrize("shared", [True, False])
def test_each_file_reads_as_read_file_reads_it(tree: tuple[Path, list[str]], shared: bool) -> None:
    root, rels = tree
    inside: set[str] = set()
    for rel in rels + rels:  # the second time, every folder has been looked at
        item = CaseFile(rel, root)
        raw, problems, hint = read_case_file(item, inside if shared else set())
        assert (raw, problems) == read_file(item.path, rel), rel
        if raw is not None:
            assert hint == stat_hint(item.location, time.time_ns()), rel
    assert str(root / "cases" / "away") not in inside


def test_a_folder_found_inside_then_made_a_link_out_is_not_read_through(
    tree: tuple[Path, list[str]],
) -> None:
    """The folders found inside are only this reading's: the next reading looks again."""
    root, _ = tree
    item = CaseFile("cases/inner/near.yaml", root)
    assert read_case_file(item, set())[0] == CASE
    (root / "cases" / "inner").rename(root / "cases" / "moved")
    (root / "cases" / "inner").symlink_to(root.parent / "outside")
    (root / "cases" / "inner" / "near.yaml").write_bytes(CASE)
    raw, problems, _ = read_case_file(item, set())
    assert raw is None and (raw, problems) == read_file(item.path, item.rel)


def test_a_file_that_grows_while_read_is_read_on_to_the_limit(tmp_path: Path) -> None:
    """Its size as first looked at, then what it grew by, to one byte past the limit."""
    from ssvssj.store import listing

    path = tmp_path / "grows.yaml"
    path.write_bytes(b"a" * 10)
    handle = os.open(path, os.O_RDONLY)
    try:
        with open(path, "ab") as more:
            more.write(b"b" * (MAX_FILE_BYTES + 5))
        raw = listing._read_sized(handle, 10)
    finally:
        os.close(handle)
    assert raw == (b"a" * 10 + b"b" * (MAX_FILE_BYTES + 5))[: MAX_FILE_BYTES + 1]
    path.write_bytes(b"c" * 10)
    handle = os.open(path, os.O_RDONLY)
    try:
        assert listing._read_sized(handle, 10) == b"c" * 10
        assert listing._read_sized(handle, 10) == b""
    finally:
        os.close(handle)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))))
@settings(max_examples=500)
def test_the_first_invisible_character_is_found_in_any_text(text: str) -> None:
    import unicodedata

    from ssvssj.method.characters import INVISIBLE, first_invisible

    hidden = [c for c in text if INVISIBLE.match(c) or unicodedata.category(c) == "Cf"]
    assert first_invisible(text) == (hidden[0] if hidden else None)
    assert first_invisible(f"名称{text}") == (hidden[0] if hidden else None)


@given(
    st.lists(
        st.sampled_from(["", ".", "..", "a", "b.c", ".d", "e.", "f.g.yaml", "案例.yaml", " "]),
        max_size=4,
    )
)
def test_a_file_s_stem_is_its_path_s_stem(parts: list[str]) -> None:
    from pathlib import PurePosixPath

    from ssvssj.store.loading import _stem

    rel = "/".join(parts)
    assert _stem(rel) == PurePosixPath(rel).stem
